"""``@sd.task``: turn a function into an AutoTask class.

Each function parameter becomes a task parameter; a parameter annotated
``sd.Depends[T]`` takes an upstream task, which the task requires, and the
function receives that task's loaded output. The return value is the output,
stored with the serializer its return annotation selects. Calling the decorated
name with parameters makes a task instance: ``get_sum(numbers=get_range(limit=10))``.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from typing import Any, get_type_hints

from stardag.auto_task import AutoTask, loads_type_of
from stardag.errors import TaskDefinitionError
from stardag.serializers import Serializer


def task(
    func: Callable[..., Any] | None = None,
    *,
    version: str | None = None,
    family: str | None = None,
    namespace: str | None = None,
    serializer: Serializer[Any] | None = None,
) -> Any:
    """Make an AutoTask class from ``func``; use as ``@sd.task`` or ``@sd.task(version="1")``.

    Raises:
        TaskDefinitionError: ``func`` takes ``*args``/``**kwargs`` or positional-only
        parameters, or its annotations cannot be resolved.
    """

    # Annotations may name things local to the defining function (postponed
    # annotations); the caller's frame is where ``@task`` / ``@task(...)`` runs.
    caller_locals = dict(sys._getframe(1).f_locals)

    def decorate(function: Callable[..., Any]) -> type[AutoTask[Any]]:
        return _task_class(function, version, family, namespace, serializer, caller_locals)

    return decorate(func) if func is not None else decorate


def _task_class(
    function: Callable[..., Any],
    version: str | None,
    family: str | None,
    namespace: str | None,
    serializer: Serializer[Any] | None,
    caller_locals: dict[str, Any],
) -> type[AutoTask[Any]]:
    name = function.__name__
    try:
        hints = get_type_hints(function, localns=caller_locals, include_extras=True)
    except Exception as error:
        raise TaskDefinitionError(f"@task {name}: cannot resolve annotations: {error}") from error
    annotations: dict[str, Any] = {}
    defaults: dict[str, Any] = {}
    depends: list[str] = []
    for parameter in inspect.signature(function).parameters.values():
        if parameter.kind not in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
            raise TaskDefinitionError(
                f"@task {name}: parameter {parameter.name!r} must be a plain named parameter"
            )
        annotation = hints.get(parameter.name, Any)
        annotations[parameter.name] = annotation
        if parameter.default is not parameter.empty:
            defaults[parameter.name] = parameter.default
        if loads_type_of(annotation) is not None:
            depends.append(parameter.name)
    return_type = hints.get("return", Any)

    def requires(self: AutoTask[Any]) -> dict[str, Any] | None:
        return {dep: getattr(self, dep) for dep in depends} or None

    def run(self: AutoTask[Any]) -> None:
        arguments = {field: getattr(self, field) for field in annotations}
        for dep in depends:
            arguments[dep] = arguments[dep].output().load()
        self.output().save(function(**arguments))

    body: dict[str, Any] = {
        "__annotations__": annotations,
        **defaults,
        "__module__": function.__module__,
        "__qualname__": function.__qualname__,
        "__doc__": function.__doc__,
        "__wrapped__": staticmethod(function),
        "requires": requires,
        "run": run,
    }
    if serializer is not None:
        body["__serializer__"] = serializer
    base: Any = AutoTask[return_type]  # type: ignore[valid-type]
    cls: type[AutoTask[Any]] = type(base)(
        name, (base,), body, family=family or name, task_namespace=namespace, version=version
    )
    return cls
