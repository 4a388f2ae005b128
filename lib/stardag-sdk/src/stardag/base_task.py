"""Tasks: frozen pydantic models whose fields are their parameters.

:class:`BaseTask` is the contract (``complete()``, ``run()`` or ``run_aio()``,
optionally ``requires()``); :class:`Task` adds ``output()`` and completes when
its output exists. A task's name is its class name (or the
``name_override`` class keyword) and its namespace is resolved as described in
:mod:`stardag.polymorphic`; ``version`` is a parameter like any other, whose
default is the class's ``__version__``.

Serialization is polymorphic: ``task.model_dump()`` starts with ``__namespace``
and ``__name``, a task-valued parameter serializes the same way, and
:func:`load_task` (or ``BaseTask.model_validate``) rebuilds the exact classes.
``task.id`` is the UUID5 of the task's hash-mode serialization (see
:mod:`stardag.ids`).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import inspect
import json
from abc import abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeAlias, TypeVar, Union
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from stardag.base_model import (
    COMPAT_MODE,
    CONTEXT_MODE_KEY,
    HASH_MODE,
    context_mode,
    stardag_field,
)
from stardag.errors import TaskDefinitionError, TaskSerializationError
from stardag.ids import canonical_json, uuid5_string
from stardag.polymorphic import (
    NAME_KEY,
    NAMESPACE_KEY,
    module_namespace,
    register_class,
    resolve_class,
)

if TYPE_CHECKING:
    from stardag.registry_asset import RegistryAsset

TASK_ID_KEY = "__task_id__"
RESERVED_PARAMETER_NAMES = frozenset({"id", "task_id"})
_REFERENCE_MODE = "stardag_reference"

# In a serialization context: id() of the task being dumped; every other task met
# on the way is nested, and appears as its id (hash mode), reference or own dump.
_ROOT_KEY = "stardag_root"
# Set in the context when a nested task was met (its parameters need a reference dump).
_NESTED_KEY = "stardag_nested"
_NOT_PARAMETERS = (NAMESPACE_KEY, NAME_KEY, "version")
# In a registry dump's context: id() of a task -> its dump, made earlier in the same pass.
_DUMPS_KEY = "stardag_dumps"

TaskStruct: TypeAlias = Union["BaseTask", Sequence["TaskStruct"], Mapping[str, "TaskStruct"]]
TargetT = TypeVar("TargetT")


if TYPE_CHECKING:
    _cached_id = functools.cached_property
else:

    class _cached_id(functools.cached_property):
        """``functools.cached_property`` without the per-instance lock Python 3.11 takes
        on first access: two threads computing the same id at once get equal values."""

        def __get__(self, instance, owner=None):
            if instance is None:
                return self
            value = self.func(instance)
            instance.__dict__[self.attrname] = value
            return value


def _align_version(cls: type[BaseTask]) -> None:
    """Make the ``version`` parameter's default and ``__version__`` agree: a class
    that sets only ``__version__`` gets it as the default, one that sets only the
    default gets it as ``__version__``."""
    field = cls.model_fields["version"]
    own_version = cls.__dict__.get("__version__")
    if isinstance(own_version, str) and own_version and field.default == "":
        changed = copy.copy(field)
        changed.default = own_version
        cls.__pydantic_fields__["version"] = changed
        cls.model_rebuild(force=True)
    elif own_version is None and isinstance(field.default, str) and field.default:
        inherited = [
            k for k in cls.__mro__[1:] if k is not BaseTask and "__version__" in k.__dict__
        ]
        if not inherited:
            type.__setattr__(cls, "__version__", field.default)


class BaseTask(BaseModel):
    """The task contract: implement ``complete()`` and ``run()`` (or ``run_aio()``).

    ``run()`` may be a generator that yields tasks (dynamic dependencies): the
    build makes every yielded task complete before resuming it.
    """

    model_config = ConfigDict(
        frozen=True,
        arbitrary_types_allowed=True,
        validate_default=True,
        extra="forbid",
        ignored_types=(_cached_id,),
    )

    __version__: ClassVar[str] = ""
    __stardag_name__: ClassVar[str] = "BaseTask"
    __stardag_namespace__: ClassVar[str] = ""

    version: str = ""

    def __init_subclass__(
        cls,
        name_override: str | None = None,
        namespace_override: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init_subclass__(**kwargs)
        name = name_override if name_override is not None else cls.__name__
        found = namespace_override
        if found is None:
            found = getattr(cls, "__namespace__", None)
        if found is None:
            found = module_namespace(cls.__module__)
        type.__setattr__(cls, "__stardag_name__", name)
        type.__setattr__(cls, "__stardag_namespace__", found or "")

    @classmethod
    def __pydantic_init_subclass__(
        cls,
        name_override: str | None = None,
        namespace_override: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        reserved = RESERVED_PARAMETER_NAMES & set(cls.model_fields)
        if reserved:
            raise TaskDefinitionError(
                f"{cls.__name__}: parameter name {sorted(reserved)[0]!r} is reserved "
                "(task.id is the task's own id); rename the parameter"
            )
        _align_version(cls)
        cls.__id_fields__ = {
            field_name: options
            for field_name, field in cls.model_fields.items()
            if (options := stardag_field(field)) is not None
        }
        generic = cls.__pydantic_generic_metadata__
        if generic["origin"] is None and not generic["parameters"]:
            _check_runnable(cls)
            register_class(cls, cls.get_namespace(), cls.get_name())

    __id_fields__: ClassVar[dict[str, Any]] = {}

    # -- identity ---------------------------------------------------------------------

    @classmethod
    def get_name(cls) -> str:
        """The task's name (its class name unless ``name_override`` was given)."""
        return cls.__stardag_name__

    @classmethod
    def get_namespace(cls) -> str:
        """The task's namespace (``""`` when none is set)."""
        return cls.__stardag_namespace__

    @_cached_id
    def id(self) -> UUID:
        """UUID5 of namespace, name, version and parameters (nested tasks by their id)."""
        return UUID(self.task_id)

    @_cached_id
    def task_id(self) -> str:
        """``str(task.id)``, computed without building UUID objects."""
        return uuid5_string(canonical_json(self._dump_own_fields("json", {"mode": HASH_MODE})))

    def __hash__(self) -> int:
        return hash(self.id)

    def __lt__(self, other: BaseTask) -> bool:
        return self.id < other.id

    def describe(self) -> str:
        """Short human label: ``name(id-prefix)``."""
        return f"{self.get_name()}({self.task_id[:8]})"

    # -- serialization ----------------------------------------------------------------

    def parameters_json(self) -> dict[str, Any]:
        """Parameters as JSON (without ``version``); a task-valued parameter appears
        as its reference ``{"__task_id__": id, "family": ..., "namespace": ...}``."""
        data = self._dump_own_fields("json", {"mode": _REFERENCE_MODE})
        for key in (NAMESPACE_KEY, NAME_KEY, "version"):
            data.pop(key, None)
        return data

    def registry_dumps(
        self, dumps: dict[int, dict[str, Any]] | None = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        """``(self.parameters_json(), self.model_dump(mode="json"))`` for a registry record.

        One serialization serves both when no parameter holds a task (the two differ
        only in how nested tasks appear); a task with task-valued parameters takes two.
        ``dumps`` (``id(task)`` -> its dump) is shared by the calls for one graph, upstream
        first: a nested task dumped before is reused, not serialized again (the result
        shares those nested dicts; treat it as read-only).
        """
        context: dict[str, Any] = {_ROOT_KEY: id(self)}
        if dumps is not None:
            context[_DUMPS_KEY] = dumps
        task_data = type(self).__pydantic_serializer__.to_python(self, mode="json", context=context)
        if not isinstance(task_data, dict):  # pragma: no cover - a model always dumps a dict
            raise TaskSerializationError(f"{self.describe()} did not serialize to an object")
        if dumps is not None:
            dumps[id(self)] = task_data
        if context.get(_NESTED_KEY):
            return self.parameters_json(), task_data
        parameters = {k: v for k, v in task_data.items() if k not in _NOT_PARAMETERS}
        return parameters, task_data

    def task_reference(self) -> dict[str, str]:
        """How this task appears as a parameter of another task in registry records."""
        return {
            TASK_ID_KEY: self.task_id,
            "family": self.get_name(),
            "namespace": self.get_namespace(),
        }

    def _dump_own_fields(self, mode: str, context: Any) -> dict[str, Any]:
        context = (
            {**context, _ROOT_KEY: id(self)} if isinstance(context, dict) else {_ROOT_KEY: id(self)}
        )
        data = type(self).__pydantic_serializer__.to_python(self, mode=mode, context=context)
        if not isinstance(data, dict):  # pragma: no cover - a model always dumps a dict
            raise TaskSerializationError(f"{self.describe()} did not serialize to an object")
        return data

    def model_dump(self, *, context: Any = None, **kwargs: Any) -> dict[str, Any]:
        if context_mode(context) == HASH_MODE:  # a task in hash mode is its id
            return {"id": self.task_id}
        return super().model_dump(context=_root_context(self, context), **kwargs)

    def model_dump_json(self, *, context: Any = None, **kwargs: Any) -> str:
        if context_mode(context) == HASH_MODE:
            return json.dumps({"id": self.task_id})
        return super().model_dump_json(context=_root_context(self, context), **kwargs)

    @model_serializer(mode="wrap")
    def _serialize(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        context = info.context
        if isinstance(context, dict) and context.get(_ROOT_KEY) != id(self):
            # A task nested in the one being dumped.
            context[_NESTED_KEY] = True
            mode = context.get(CONTEXT_MODE_KEY)
            if mode == HASH_MODE:
                return {"id": self.task_id}
            if mode == _REFERENCE_MODE:
                return self.task_reference()
            dumps = context.get(_DUMPS_KEY)
            if dumps is not None and info.mode_is_json():
                known = dumps.get(id(self))
                if known is not None:
                    return known
            # pydantic would use the declared field type's schema and drop a
            # subclass's own fields, so serialize it through its own class.
            return self._dump_own_fields("json" if info.mode_is_json() else "python", context)
        data = handler(self)
        if isinstance(context, dict) and context.get(CONTEXT_MODE_KEY) == HASH_MODE:
            for name, options in self.__id_fields__.items():
                if options.hash_exclude or (
                    options.has_compat_default and data.get(name) == options.compat_default
                ):
                    data.pop(name, None)
        cls = type(self)
        return {NAMESPACE_KEY: cls.__stardag_namespace__, NAME_KEY: cls.__stardag_name__, **data}

    @model_validator(mode="wrap")
    @classmethod
    def _load_polymorphic(
        cls, data: Any, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> Any:
        if not isinstance(data, dict):
            return handler(data)
        if NAME_KEY in data:
            target = resolve_class(str(data.get(NAMESPACE_KEY) or ""), str(data[NAME_KEY]))
            data = {k: v for k, v in data.items() if k not in (NAME_KEY, NAMESPACE_KEY)}
            if target is not cls:
                if not issubclass(target, cls):
                    raise ValueError(
                        f"the data is a {target.get_name()!r} task, not a {cls.get_name()!r}"
                    )
                return target.model_validate(data, context=info.context)
        if context_mode(info.context) == COMPAT_MODE:
            missing = {
                name: options.compat_default
                for name, options in cls.__id_fields__.items()
                if options.has_compat_default and name not in data
            }
            data = {**data, **missing}
        return handler(data)

    def to_json(self) -> str:
        """Polymorphic JSON of this task; :func:`load_task` reads it back."""
        return self.model_dump_json()

    # -- the task contract ------------------------------------------------------------

    def requires(self) -> TaskStruct | None:
        """Upstream tasks: a task, a list, or a dict of tasks (nested freely); or None."""
        return None

    @abstractmethod
    def complete(self) -> bool:
        """True when the task's result exists."""

    async def complete_aio(self) -> bool:
        return self.complete()

    def run(self) -> Any:
        """Do the work. A task that only implements ``run_aio()`` runs it here."""
        if _overrides(type(self), "run_aio"):
            if inspect.isasyncgenfunction(_unwrapped(type(self).run_aio)):
                raise TaskDefinitionError(
                    f"{type(self).__name__}.run_aio() yields dynamic dependencies; "
                    "build it with sd.build (it drives async generators)"
                )
            return asyncio.run(self.run_aio())
        raise NotImplementedError(f"{type(self).__name__} implements neither run() nor run_aio()")

    async def run_aio(self) -> Any:
        """Do the work asynchronously. A task that only implements ``run()`` runs it here."""
        if _overrides(type(self), "run"):
            return self.run()
        raise NotImplementedError(f"{type(self).__name__} implements neither run() nor run_aio()")

    def _check_before_run(self) -> None:
        """Refuse to run a task whose ``version`` is not its class's ``__version__``."""
        if self.version != type(self).__version__:
            raise TaskDefinitionError(
                f"{self.describe()} has version={self.version!r} but its class "
                f"{type(self).__name__} is at __version__={type(self).__version__!r}: "
                "this code would write an output for another version"
            )

    @classmethod
    def has_dynamic_deps(cls) -> bool:
        """True when ``run()`` or ``run_aio()`` is a generator (yields tasks)."""
        return inspect.isgeneratorfunction(_unwrapped(cls.run)) or inspect.isasyncgenfunction(
            _unwrapped(cls.run_aio)
        )

    def registry_assets(self) -> list[RegistryAsset]:
        """Rich results (markdown, JSON) to store in the registry after a successful run."""
        return []


class Task(BaseTask, Generic[TargetT]):
    """A task with an output target; complete when every output target exists."""

    @abstractmethod
    def output(self) -> TargetT:
        """The target(s) this task writes."""

    def complete(self) -> bool:
        targets = list(iter_targets(self.output()))
        return bool(targets) and all(target.exists() for target in targets)


def _overrides(cls: type[BaseTask], method: str) -> bool:
    return getattr(cls, method) is not getattr(BaseTask, method)


def _unwrapped(function: Any) -> Any:
    return getattr(function, "__wrapped__", function)


def _check_runnable(cls: type[BaseTask]) -> None:
    if inspect.isabstract(cls):
        return
    if not (_overrides(cls, "run") or _overrides(cls, "run_aio")):
        raise TaskDefinitionError(f"{cls.__name__} must implement run() or run_aio()")


def _root_context(task: BaseTask, context: Any) -> dict[str, Any]:
    if context is None:
        return {_ROOT_KEY: id(task)}
    if isinstance(context, dict):
        return {**context, _ROOT_KEY: id(task)}
    return context  # type: ignore[no-any-return]


def iter_targets(output: Any) -> Iterator[Any]:
    """Flatten an ``output()`` value (a target, list/tuple/dict of targets, or None)."""
    if output is None:
        return
    if isinstance(output, Mapping):
        for value in output.values():
            yield from iter_targets(value)
    elif isinstance(output, list | tuple):
        for value in output:
            yield from iter_targets(value)
    else:
        yield output


def flatten_task_struct(task_struct: TaskStruct | None) -> list[BaseTask]:
    """The tasks in a task, list or dict of tasks (nested freely), in order.

    Raises:
        InvalidRequiresError: the structure holds something that is not a task.
    """
    from stardag.errors import InvalidRequiresError

    if task_struct is None:
        return []
    if isinstance(task_struct, BaseTask):
        return [task_struct]
    if isinstance(task_struct, Mapping):
        return [task for value in task_struct.values() for task in flatten_task_struct(value)]
    if isinstance(task_struct, Sequence) and not isinstance(task_struct, str | bytes):
        return [task for value in task_struct for task in flatten_task_struct(value)]
    raise InvalidRequiresError(
        f"expected a task, a list of tasks or a dict of tasks, got "
        f"{type(task_struct).__name__} {task_struct!r:.80}"
    )


@dataclass(frozen=True)
class TaskRef:
    """A task's name, version and id; ``slug`` is a short readable label."""

    name: str
    version: str | None
    id: UUID

    @classmethod
    def from_task(cls, task: BaseTask) -> TaskRef:
        return cls(name=task.get_name(), version=task.version, id=task.id)

    @property
    def slug(self) -> str:
        version = f"v{self.version}" if self.version else ""
        return f"{self.name}-{version}-{str(self.id)[:8]}"

    def __str__(self) -> str:
        return self.slug


def load_task(data: dict[str, Any] | str | bytes, *, compat: bool = False) -> BaseTask:
    """Rebuild a task from ``task.model_dump()`` / ``task.model_dump_json()`` output.

    Args:
        compat: fill parameters missing from ``data`` with their ``compat_default``.

    Raises:
        UnknownFamilyError: the task (or a nested task) names a class no imported
            module defines.
        TaskSerializationError: ``data`` is not a serialized task.
        pydantic.ValidationError: a parameter has the wrong type (names the field).
    """
    if isinstance(data, str | bytes):
        try:
            data = json.loads(data)
        except json.JSONDecodeError as error:
            raise TaskSerializationError(f"serialized task is not valid JSON: {error}") from None
    if not isinstance(data, dict) or NAME_KEY not in data:
        raise TaskSerializationError(
            f"a serialized task is a JSON object with {NAME_KEY!r}; got {str(data)[:80]!r}"
        )
    cls = resolve_class(str(data.get(NAMESPACE_KEY) or ""), str(data[NAME_KEY]))
    context = {"mode": COMPAT_MODE} if compat else None
    task: BaseTask = cls.model_validate(data, context=context)
    return task
