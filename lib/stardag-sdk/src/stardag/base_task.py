"""The task base class: a frozen pydantic model whose fields are its parameters.

A task has a *family* (the class name unless set), a *namespace* (set per class,
or for a whole module with ``__stardag_namespace__ = "..."``) and an optional
*version*. Set them as class attributes (``__family__``, ``__namespace__``,
``__version__``) or class keywords, e.g.
``class Train(sd.Task, task_namespace="ml", version="2")`` (pydantic reserves the
keyword ``namespace``). Its :attr:`Task.id` is computed by :mod:`stardag.ids`.

Serialization is polymorphic: ``task.model_dump()`` adds ``__family__`` and
``__namespace__`` to the parameters, and a task-valued parameter is dumped the
same way, so :func:`load_task` (or ``SomeBase.model_validate``) rebuilds the
exact classes, including nested tasks.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from stardag.errors import TaskDefinitionError, TaskSerializationError
from stardag.families import register_family, resolve_family
from stardag.ids import ExcludeFromId, compute_task_id

if TYPE_CHECKING:
    from stardag.targets import FileTarget

FAMILY_KEY = "__family__"
NAMESPACE_KEY = "__namespace__"
TASK_ID_KEY = "__task_id__"

# Set to id(task) while pydantic serializes that task's own fields (see _serialize).
_serializing_fields_of: ContextVar[int | None] = ContextVar("_serializing_fields_of", default=None)
_AS_REFERENCES = "stardag_task_references"


class Task(BaseModel):
    """Base class of every task. Subclass it, declare parameters as fields, and
    override :meth:`run`, :meth:`output` and optionally :meth:`requires` and
    :meth:`complete`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    __family__: ClassVar[str] = "Task"
    __namespace__: ClassVar[str] = ""
    __version__: ClassVar[str | None] = None
    __target_root__: ClassVar[str] = "default"
    __id_excluded__: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(
        cls,
        *,
        family: str | None = None,
        task_namespace: str | None = None,
        version: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        own = cls.__dict__
        cls.__family__ = family or own.get("__family__") or cls.__name__
        namespace = task_namespace
        if namespace is None:
            namespace = own.get("__namespace__")
        if namespace is None:
            module = sys.modules.get(cls.__module__)
            namespace = getattr(module, "__stardag_namespace__", None)
        # Not inherited: a parent may be a generic alias like AutoTask[int], created in
        # (and namespaced by) whichever module parametrized it first.
        cls.__namespace__ = namespace or ""
        cls.__version__ = version if version is not None else own.get("__version__")
        if cls.__version__ is not None and not isinstance(cls.__version__, str):
            raise TaskDefinitionError(
                f"{cls.__name__}: version must be a string, got {cls.__version__!r}"
            )

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__id_excluded__ = frozenset(
            name
            for name, field in cls.model_fields.items()
            if any(item is ExcludeFromId for item in field.metadata)
        )
        generic = cls.__pydantic_generic_metadata__
        if generic["origin"] is None and not generic["parameters"]:
            register_family(cls)

    # -- identity ---------------------------------------------------------------------

    @functools.cached_property
    def id(self) -> str:
        """Deterministic UUID of namespace, family, version and parameters."""
        parameters = self._parameters_json
        if self.__id_excluded__:
            parameters = {k: v for k, v in parameters.items() if k not in self.__id_excluded__}
        return compute_task_id(self.__namespace__, self.__family__, self.__version__, parameters)

    def __hash__(self) -> int:
        return hash(self.id)

    def describe(self) -> str:
        """Short human label: ``namespace.family(id-prefix)``."""
        qualified = (
            f"{self.__namespace__}.{self.__family__}" if self.__namespace__ else (self.__family__)
        )
        return f"{qualified}({self.id[:8]})"

    # -- serialization ----------------------------------------------------------------

    def parameters_json(self) -> dict[str, Any]:
        """Parameters as JSON; a task-valued parameter appears as its reference
        ``{"__task_id__": id, "family": ..., "namespace": ...}``."""
        return dict(self._parameters_json)

    @functools.cached_property
    def _parameters_json(self) -> dict[str, Any]:
        return self._fields_data(mode="json", as_references=True)

    def task_reference(self) -> dict[str, str]:
        """How this task appears as a parameter of another task in registry records."""
        return {TASK_ID_KEY: self.id, "family": self.__family__, "namespace": self.__namespace__}

    def _fields_data(self, mode: str, as_references: bool) -> dict[str, Any]:
        token = _serializing_fields_of.set(id(self))
        try:
            data = type(self).__pydantic_serializer__.to_python(
                self,
                mode=mode,
                context={_AS_REFERENCES: as_references},
            )
        finally:
            _serializing_fields_of.reset(token)
        if not isinstance(data, dict):  # pragma: no cover - pydantic always returns a dict
            raise TaskSerializationError(f"{self.describe()} did not serialize to an object")
        return data

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        # pydantic serializes a task-valued field with the *declared* class's schema,
        # which drops a subclass's own fields; so every task (nested or not) is
        # re-serialized through its own class, and only that inner pass (marked by
        # _serializing_fields_of) uses the handler directly.
        if _serializing_fields_of.get() == id(self):
            _serializing_fields_of.set(None)
            return handler(self)
        context = info.context
        if isinstance(context, dict) and context.get(_AS_REFERENCES):
            return self.task_reference()
        mode = "json" if info.mode_is_json() else "python"
        return {
            FAMILY_KEY: self.__family__,
            NAMESPACE_KEY: self.__namespace__,
            **self._fields_data(mode=mode, as_references=False),
        }

    @model_validator(mode="wrap")
    @classmethod
    def _load_polymorphic(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        if isinstance(data, dict) and TASK_ID_KEY in data:
            raise ValueError(
                f"a task reference ({data.get(TASK_ID_KEY)}) cannot be loaded as a task; "
                "use the task's full serialization (task_data)"
            )
        if isinstance(data, dict) and FAMILY_KEY in data:
            family = data[FAMILY_KEY]
            namespace = data.get(NAMESPACE_KEY, "")
            parameters = {k: v for k, v in data.items() if k not in (FAMILY_KEY, NAMESPACE_KEY)}
            target = resolve_family(namespace, family)
            if target is not cls:
                if not issubclass(target, cls):
                    raise ValueError(
                        f"expected a {cls.__family__} task, got family {family!r} "
                        f"(namespace {namespace!r})"
                    )
                return target.model_validate(parameters)
            return handler(parameters)
        return handler(data)

    def to_json(self) -> str:
        """Polymorphic JSON of this task; :func:`load_task` reads it back."""
        return json.dumps(self.model_dump(mode="json"), separators=(",", ":"))

    # -- the task contract ------------------------------------------------------------

    def requires(self) -> Any:
        """Upstream tasks: a task, a list/tuple, or a dict of tasks (or of lists); None."""
        return None

    def output(self) -> Any:
        """The target(s) this task writes; None for a task without output."""
        return None

    def run(self) -> None:
        """Do the work and write :meth:`output`."""
        raise NotImplementedError(f"{type(self).__name__}.run() is not implemented")

    def complete(self) -> bool:
        """True when every output target exists (False for a task without outputs)."""
        targets = list(iter_targets(self.output()))
        return bool(targets) and all(target.exists() for target in targets)

    def target(self, relpath: str | None = None, *, extension: str = "") -> FileTarget:
        """A file target for this task under its target root (``__target_root__``).

        With no ``relpath`` the path is
        ``<root>/<namespace>/<family>/v<version>/<id[:2]>/<id><extension>``, so two
        tasks never share an output. ``relpath`` must stay inside the root.
        """
        from stardag.targets import FileTarget, default_task_relpath, resolve_under_root

        path = relpath if relpath is not None else default_task_relpath(self, extension)
        return FileTarget(resolve_under_root(self.__target_root__, path, owner=self.describe()))


def iter_targets(output: Any) -> Iterator[Any]:
    """Flatten an ``output()`` value (a target, list/tuple/dict of targets, or None)."""
    if output is None:
        return
    if isinstance(output, dict):
        for value in output.values():
            yield from iter_targets(value)
    elif isinstance(output, list | tuple):
        for value in output:
            yield from iter_targets(value)
    else:
        yield output


def load_task(data: dict[str, Any] | str | bytes) -> Task:
    """Rebuild a task from :meth:`Task.model_dump` / :meth:`Task.to_json` output.

    Raises:
        UnknownFamilyError: the family (or a nested task's family) is not defined.
        TaskSerializationError: ``data`` is not a serialized task.
        pydantic.ValidationError: a parameter has the wrong type (names the field).
    """
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise TaskSerializationError(f"serialized task is not valid JSON: {error}") from None
    if not isinstance(data, dict) or FAMILY_KEY not in data:
        raise TaskSerializationError(
            f"a serialized task is a JSON object with {FAMILY_KEY!r}; got {str(data)[:80]!r}"
        )
    namespace = data.get(NAMESPACE_KEY, "")
    cls = resolve_family(namespace, data[FAMILY_KEY])
    return cls.model_validate(data)
