"""``AutoTask[T]``: a task whose output is one value of type ``T`` in one file.

The output's serializer follows ``T`` (see :mod:`stardag.serializers`) unless
the class sets ``__serializer__``. ``TaskLoads[T]`` annotates a parameter that
takes any task whose ``output().load()`` gives a ``T``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, TypeVar, get_args, get_origin

from stardag.base_task import Task
from stardag.serializers import Serializer, serializer_for_type
from stardag.targets import LoadableTarget

T = TypeVar("T")


class AutoTask(Task, Generic[T]):
    """A task with a single loadable output; subclass ``AutoTask[YourType]``."""

    __serializer__: ClassVar[Serializer[Any] | None] = None

    @classmethod
    def loaded_type(cls) -> Any:
        """The ``T`` of ``AutoTask[T]`` this class derives from (``Any`` if unbound)."""
        for klass in cls.__mro__:
            metadata = getattr(klass, "__pydantic_generic_metadata__", None)
            if metadata and metadata["origin"] is AutoTask and metadata["args"]:
                return metadata["args"][0]
        return Any

    @classmethod
    def output_serializer(cls) -> Serializer[T]:
        """The serializer of this class's output, chosen once per class."""
        cached = cls.__dict__.get("__stardag_serializer_cache__")
        if cached is None:
            cached = cls.__serializer__ or serializer_for_type(cls.loaded_type())
            type.__setattr__(cls, "__stardag_serializer_cache__", cached)
        return cached  # type: ignore[no-any-return]

    def output(self) -> LoadableTarget[T]:
        serializer = self.output_serializer()
        return LoadableTarget(self.target(extension=serializer.extension).uri, serializer)


class LoadsType:
    """``Annotated`` metadata of :data:`TaskLoads`: the type the upstream output loads."""

    def __init__(self, value_type: Any) -> None:
        self.value_type = value_type

    def __repr__(self) -> str:
        return f"LoadsType({self.value_type!r})"


def loads_type_of(annotation: Any) -> LoadsType | None:
    """The :class:`LoadsType` marker of a ``TaskLoads[T]`` annotation, else None."""
    if get_origin(annotation) is Annotated:
        for item in get_args(annotation)[1:]:
            if isinstance(item, LoadsType):
                return item
    return None


if TYPE_CHECKING:
    TaskLoads = AutoTask
    Depends = AutoTask
else:

    class TaskLoads:
        """``TaskLoads[T]``: a parameter holding a task whose ``output().load()`` is a ``T``."""

        def __class_getitem__(cls, value_type: Any) -> Any:
            return Annotated[Task, LoadsType(value_type)]

    class Depends(TaskLoads):
        """``Depends[T]`` in an ``@sd.task`` function: the upstream task's loaded value."""
