"""``@sd.task``: turn a function into an :class:`~stardag.AutoTask` class.

Each function parameter becomes a task parameter. One annotated
``sd.Depends[T]`` takes an upstream task (which the task requires) and the
function receives that task's loaded output; any other parameter takes either a
value of its type or a task whose output loads one. The return annotation picks
the output's serializer. ``get_sum(integers=get_range(limit=10))`` makes a task
instance; ``get_sum.call(...)`` calls the plain function.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable, Mapping
from typing import (
    Annotated,
    Any,
    Generic,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)

from pydantic import create_model

from stardag.auto_task import AutoTask, TaskLoads
from stardag.base_task import BaseTask, Task
from stardag.errors import TaskDefinitionError
from stardag.target import LoadedT

_DependsT = TypeVar("_DependsT")
_RELPATH_PARTS = ("base", "extra", "filename", "extension")


class _DependsMarker:
    """``Annotated`` metadata of ``Depends[T]``."""

    def __repr__(self) -> str:
        return "Depends"


Depends = Annotated[_DependsT, _DependsMarker]


class FunctionTask(AutoTask[LoadedT], Generic[LoadedT]):
    """The base of classes made by ``@sd.task``."""

    @classmethod
    def call(cls, *args: Any, **kwargs: Any) -> Any:
        """Call the decorated function itself: no task, no output, no build."""
        return cls.__dict__["__stardag_function__"](*args, **kwargs)

    def requires(self) -> Mapping[str, BaseTask] | None:
        upstream = {
            name: value
            for name in type(self).model_fields
            if isinstance(value := getattr(self, name), BaseTask)
        }
        return upstream or None

    def run(self) -> None:
        arguments = {
            name: value.output().load() if isinstance(value, Task) else value
            for name in type(self).model_fields
            if name != "version"
            for value in (getattr(self, name),)
        }
        self.output().save(type(self).call(**arguments))

    def result(self) -> Any:
        """The loaded output (after a build)."""
        return self.output().load()


@overload
def task(_func: Callable[..., Any], /) -> Any: ...


@overload
def task(
    *,
    name: str | None = None,
    version: str = "",
    relpath: Any = None,
    namespace: str | None = None,
    serializer: Any = None,
) -> Callable[[Callable[..., Any]], Any]: ...


def task(
    _func: Callable[..., Any] | None = None,
    *,
    name: str | None = None,
    version: str = "",
    relpath: Any = None,
    namespace: str | None = None,
    serializer: Any = None,
) -> Any:
    """Make a task class from a function: ``@sd.task`` or ``@sd.task(name=..., version=...)``.

    Args:
        name: the task's name (default the function's name).
        version: changes the task id and output path when bumped.
        relpath: the output path relative to the target root: a string, a
            function of the task, or a dict with any of ``base``, ``extra``,
            ``filename``, ``extension`` (each a string or a function of the task).
        namespace: the task's namespace (default: the module's, see ``sd.namespace``).
        serializer: the output's serializer (default: chosen by the return type).

    Raises:
        TaskDefinitionError: the return type or a parameter is not annotated, or a
            parameter is ``*args``/``**kwargs`` or positional-only.
    """
    # Annotations may name things local to the defining scope (postponed annotations).
    caller_locals = dict(sys._getframe(1).f_locals)

    def decorate(function: Callable[..., Any]) -> type[FunctionTask[Any]]:
        return _task_class(function, name, version, relpath, namespace, serializer, caller_locals)

    return decorate(_func) if _func is not None else decorate


def _task_class(
    function: Callable[..., Any],
    name: str | None,
    version: str,
    relpath: Any,
    namespace: str | None,
    serializer: Any,
    caller_locals: dict[str, Any],
) -> type[FunctionTask[Any]]:
    label = function.__name__
    try:
        hints = get_type_hints(function, localns=caller_locals, include_extras=True)
    except Exception as error:
        raise TaskDefinitionError(f"@task {label}: cannot resolve annotations: {error}") from error
    if "return" not in hints:
        raise TaskDefinitionError(f"@task {label}: annotate the return type (it picks the format)")
    fields: dict[str, Any] = {"version": (str, version)}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind not in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            raise TaskDefinitionError(
                f"@task {label}: parameter {parameter.name!r} must be a plain named parameter"
            )
        if parameter.name not in hints:
            raise TaskDefinitionError(f"@task {label}: annotate parameter {parameter.name!r}")
        default = ... if parameter.default is parameter.empty else parameter.default
        fields[parameter.name] = (_parameter_annotation(hints[parameter.name]), default)
    base: Any = FunctionTask[hints["return"]]  # type: ignore[valid-type]
    made: Any = create_model(
        name or label,
        __base__=base,
        __module__=function.__module__,
        __doc__=function.__doc__,
        __cls_kwargs__={"namespace_override": namespace} if namespace is not None else None,
        **fields,
    )
    type.__setattr__(made, "__stardag_function__", function)
    type.__setattr__(made, "__version__", version)
    type.__setattr__(made, "__wrapped__", function)
    if serializer is not None:
        type.__setattr__(made, "_serializer", serializer)
    _apply_relpath(made, relpath)
    task_class: type[FunctionTask[Any]] = made  # type: ignore[assignment]
    return task_class


def _parameter_annotation(annotation: Any) -> Any:
    if get_origin(annotation) is Annotated:
        args = get_args(annotation)
        if _DependsMarker in args[1:]:
            rest = tuple(item for item in args[1:] if item is not _DependsMarker)
            inner: Any = Annotated[(args[0], *rest)] if rest else args[0]
            return TaskLoads[inner]
    return Union[annotation, TaskLoads[annotation]]  # noqa: UP007 - any annotation works here


def _apply_relpath(cls: type[Any], relpath: Any) -> None:
    if relpath is None:
        return
    if isinstance(relpath, dict):
        unknown = set(relpath) - set(_RELPATH_PARTS)
        if unknown:
            raise TaskDefinitionError(
                f"relpath keys are {', '.join(_RELPATH_PARTS)}; got {sorted(unknown)}"
            )
        for part, value in relpath.items():
            type.__setattr__(cls, f"_relpath_{part}", _as_property(value, f"relpath[{part!r}]"))
        return
    type.__setattr__(cls, "_relpath", _as_property(relpath, "relpath"))


def _as_property(value: Any, what: str) -> property:
    if callable(value):
        return property(value)
    if isinstance(value, str):
        return property(lambda self: value)
    raise TaskDefinitionError(f"{what} must be a string or a function of the task, got {value!r}")
