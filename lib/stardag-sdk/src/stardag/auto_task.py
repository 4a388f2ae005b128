"""``AutoTask[T]``: a task whose output is one value of type ``T`` in one file.

The output path, under the ``default`` target root, is::

    [<base>/][<namespace, / for .>/]<name>/[v<version>/][<extra>/]
    <id[:2]>/<id[2:4]>/<id>[/<filename>].<ext>

 override the properties ``_relpath_base``,
``_relpath_extra``, ``_relpath_filename``, ``_relpath_extension`` or
``_target_root_key`` to change it. The serializer (and so the extension)
follows ``T`` (see :func:`stardag.target.serialize.get_serializer`).

``TaskLoads[T]`` annotates a parameter that takes any task whose
``output().load()`` gives a ``T``.
"""

from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, TypeVar

from stardag.base_task import BaseTask, Task
from stardag.polymorphic import Polymorphic
from stardag.target import LoadableSaveableFileSystemTarget, LoadedT, Serializable, get_target
from stardag.target._factory import DEFAULT_TARGET_ROOT_KEY
from stardag.target.serialize import get_serializer


class AutoTask(Task[LoadableSaveableFileSystemTarget[LoadedT]], Generic[LoadedT]):
    """A task with one loadable output; subclass ``AutoTask[YourType]`` and write ``run()``."""

    @classmethod
    def loaded_type(cls) -> Any:
        """The ``T`` this class's output loads (``Any`` when it cannot be told)."""
        return _loaded_type(cls)

    _serializer: ClassVar[Any]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:  # type: ignore[override]
        super().__pydantic_init_subclass__(**kwargs)
        if not cls.__pydantic_generic_metadata__["parameters"]:
            type.__setattr__(cls, "_serializer", get_serializer(cls.loaded_type()))

    @property
    def serializer(self) -> Any:
        """The serializer of this task's output (chosen once per class, from ``T``)."""
        return type(self)._serializer

    @property
    def _relpath_base(self) -> str:
        return ""

    @property
    def _relpath_extra(self) -> str:
        return ""

    @property
    def _relpath_filename(self) -> str:
        return ""

    @property
    def _relpath_extension(self) -> str:
        extension = getattr(self.serializer, "get_default_extension", lambda: None)()
        return extension or ""

    @property
    def _target_root_key(self) -> str:
        return DEFAULT_TARGET_ROOT_KEY

    @property
    def _relpath(self) -> str:
        task_id = self.task_id
        parts = [
            self._relpath_base,
            self.get_namespace().replace(".", "/"),
            self.get_name(),
            f"v{self.version}" if self.version else "",
            self._relpath_extra,
            task_id[:2],
            task_id[2:4],
            task_id,
            self._relpath_filename,
        ]
        relpath = "/".join(part for part in parts if part)
        extension = self._relpath_extension
        return f"{relpath}.{extension.lstrip('.')}" if extension else relpath

    def output(self) -> LoadableSaveableFileSystemTarget[LoadedT]:
        return Serializable(
            wrapped=get_target(self._relpath, target_root_key=self._target_root_key),
            serializer=self.serializer,
        )


def _loaded_type(cls: type[Any]) -> Any:
    """AutoTask's ``T`` for ``cls``, following generic parametrizations in its bases."""
    for klass in cls.__mro__:
        metadata: Any = getattr(klass, "__pydantic_generic_metadata__", None)
        origin = metadata["origin"] if metadata else None
        if origin is not None and issubclass(origin, AutoTask) and metadata["args"]:
            # Like the original stardag: the first type argument of the nearest
            # parametrized AutoTask subclass is the loaded type.
            return _resolve(metadata["args"][0], cls)
    return Any


def _resolve(found: Any, cls: type[Any]) -> Any:
    if isinstance(found, TypeVar):
        # Parametrized further down the hierarchy, e.g. Base(AutoTask[T]) then Base[int].
        for klass in cls.__mro__:
            metadata = getattr(klass, "__pydantic_generic_metadata__", None)
            if metadata and metadata["origin"] is not None and metadata["args"]:
                parameters = metadata["origin"].__pydantic_generic_metadata__["parameters"]
                if found in parameters:
                    value = metadata["args"][parameters.index(found)]
                    if not isinstance(value, TypeVar):
                        return value
        return Any
    return found


if TYPE_CHECKING:
    TaskLoads = Annotated[Task[LoadableSaveableFileSystemTarget[LoadedT]], Polymorphic()]
else:

    class TaskLoads:
        """``TaskLoads[T]``: a parameter holding any task whose ``output().load()`` is a ``T``."""

        def __class_getitem__(cls, value_type: Any) -> Any:
            return Annotated[BaseTask, Polymorphic(loads=value_type)]


def loads_type_of(annotation: Any) -> Any:
    """The ``T`` of a ``TaskLoads[T]`` annotation, else None."""
    if typing.get_origin(annotation) is Annotated:
        for item in typing.get_args(annotation)[1:]:
            if isinstance(item, Polymorphic):
                return item.loads
    return None
