"""Errors a Stardag user can act on, one type per failure."""

from __future__ import annotations

from typing import Any


class StardagError(Exception):
    """Base class of every error Stardag raises on purpose."""


class TaskDefinitionError(StardagError, TypeError):
    """A task class is declared in a way Stardag cannot use."""


class UnknownFamilyError(StardagError, LookupError):
    """A serialized task names a family no imported module defines."""

    def __init__(self, family: str, namespace: str) -> None:
        qualified = f"{namespace}.{family}" if namespace else family
        super().__init__(
            f"Unknown task family {qualified!r} (namespace {namespace!r}): "
            "import the module that defines it before loading the task."
        )
        self.family = family
        self.namespace = namespace


class AmbiguousTaskNameError(StardagError, LookupError):
    """Several different classes have the namespace and name a serialized task names."""

    def __init__(self, name: str, namespace: str, classes: list[str]) -> None:
        super().__init__(
            f"Task name {name!r} (namespace {namespace!r}) is defined by several classes "
            f"({', '.join(classes)}): give them different names or namespaces "
            "(sd.namespace(...), name_override=, namespace_override=) to load it."
        )
        self.name = name
        self.namespace = namespace
        self.classes = classes


class TaskSerializationError(StardagError, ValueError):
    """Serialized task data is malformed (not a dict, missing the family, ...)."""


class InvalidRequiresError(StardagError, TypeError):
    """``requires()`` returned something other than tasks, lists, tuples or dicts of tasks."""


class DependencyCycleError(StardagError):
    """The dependency graph has a cycle; ``cycle`` lists the tasks around it."""

    def __init__(self, cycle_descriptions: list[str]) -> None:
        super().__init__("Dependency cycle: " + " -> ".join(cycle_descriptions))
        self.cycle = cycle_descriptions


class TaskFailedError(StardagError):
    """A task's ``run()`` raised; the original exception is ``__cause__``.

    ``traceback_text`` is the formatted traceback of the original exception,
    ``task`` the task that failed, ``summary`` the build's ``BuildSummary``.
    """

    def __init__(self, task: object, description: str, error: BaseException, tb: str) -> None:
        super().__init__(f"Task {description} failed: {type(error).__name__}: {error}")
        self.task = task
        self.error = error
        self.traceback_text = tb
        self.summary: Any = None


class TargetPathError(StardagError, ValueError):
    """An output path escapes its target root or names an unknown root."""


class ConfigurationError(StardagError, ValueError):
    """A setting (environment variable or config.toml) has a value Stardag cannot use."""


class APIError(StardagError):
    """The registry service answered with an error."""


class AuthenticationError(APIError):
    """The registry service did not accept the credentials (missing or invalid API key)."""


class AuthorizationError(APIError):
    """The credentials are valid but not allowed to do this (scope, workspace)."""


class TokenExpiredError(AuthenticationError):
    """The credentials have expired."""
