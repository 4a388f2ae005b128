"""Which task class a serialized ``{"__namespace", "__name"}`` pair names, and
the ``Polymorphic`` / ``SubClass[...]`` annotation that loads any registered
subclass of a declared base.

Every concrete task class registers itself under its namespace and name when it
is defined. A namespace comes, in order, from the ``namespace_override`` class
keyword, a ``__namespace__`` class attribute, the namespace registered for the
module or one of its parent packages (:func:`stardag.namespace`,
:func:`stardag.auto_namespace`), a module-level ``__stardag_namespace__``, or
is empty. Redefining a class (a notebook cell run twice: same module and
qualified name) makes the newest definition the one loaded. Two *different*
classes with one namespace and name can both be defined and used, but loading
that name from JSON is refused with an error naming both, instead of silently
picking one.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from stardag.errors import AmbiguousTaskNameError, UnknownFamilyError

NAMESPACE_KEY = "__namespace"
NAME_KEY = "__name"

_lock = threading.Lock()
_classes: dict[tuple[str, str], type[Any]] = {}
_ambiguous: dict[tuple[str, str], list[str]] = {}
_module_namespaces: dict[str, str] = {}


def register_class(cls: type[Any], namespace: str, name: str) -> None:
    """Make ``cls`` the class loaded for ``(namespace, name)``."""
    key = (namespace, name)
    with _lock:
        existing = _classes.get(key)
        if existing is not None and _origin(existing) != _origin(cls):
            seen = _ambiguous.setdefault(key, [_origin(existing)])
            if _origin(cls) not in seen:
                seen.append(_origin(cls))
        _classes[key] = cls


def _origin(cls: type[Any]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def resolve_class(namespace: str, name: str) -> type[Any]:
    """The class registered for ``(namespace, name)``.

    Raises:
        UnknownFamilyError: no imported module defines that task.
        AmbiguousTaskNameError: several different classes define it.
    """
    key = (namespace, name)
    if key in _ambiguous:
        raise AmbiguousTaskNameError(name, namespace, _ambiguous[key])
    try:
        return _classes[key]
    except KeyError:
        raise UnknownFamilyError(name, namespace) from None


def known_classes() -> list[tuple[str, str]]:
    """All registered ``(namespace, name)`` pairs, sorted."""
    with _lock:
        return sorted(_classes)


def set_module_namespace(module: str, namespace: str) -> None:
    """Tasks defined in ``module`` or its submodules get ``namespace`` (unless they set one)."""
    with _lock:
        _module_namespaces[module] = namespace


def module_namespace(module: str) -> str | None:
    """The namespace registered for ``module`` or its nearest parent package."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = _module_namespaces.get(".".join(parts[:end]))
        if found is not None:
            return found
    namespace = getattr(sys.modules.get(module), "__stardag_namespace__", None)
    return namespace if isinstance(namespace, str) else None


def namespace(namespace: str, scope: str) -> None:
    """Give tasks defined in module ``scope`` (and its submodules) ``namespace``.

    Call it at the top of a module, before the task classes: ``sd.namespace("ml", __name__)``.
    """
    set_module_namespace(scope, namespace)


def auto_namespace(scope: str) -> None:
    """Give tasks defined in module ``scope`` (and submodules) the module path as namespace."""
    set_module_namespace(scope, scope)


class Polymorphic:
    """Annotation: a field of type ``Base`` accepts and loads any registered subclass.

    A dict with ``__namespace``/``__name`` is loaded as the class registered for
    them (which must subclass ``Base``); an instance is kept as it is. Values
    serialize through their own class, so a subclass keeps all of its fields.
    """

    def __init__(self, loads: Any = None) -> None:
        self.loads = loads

    def __get_pydantic_core_schema__(
        self, source_type: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        metadata = getattr(source_type, "__pydantic_generic_metadata__", None) or {}
        base: type[Any] = metadata.get("origin") or source_type
        if not isinstance(base, type):
            raise TypeError(f"Polymorphic() needs a class, got {source_type!r}")

        def validate(value: Any, info: core_schema.ValidationInfo) -> Any:
            if isinstance(value, base):
                return value
            if not isinstance(value, dict):
                raise ValueError(
                    f"expected a {base.__name__} (a task instance or its serialized "
                    f"object with {NAMESPACE_KEY!r} and {NAME_KEY!r}), got {type(value).__name__}"
                )
            name = value.get(NAME_KEY)
            if not isinstance(name, str):
                raise ValueError(f"a serialized task needs {NAME_KEY!r} (and {NAMESPACE_KEY!r})")
            namespace_value = value.get(NAMESPACE_KEY, "")
            cls = resolve_class(str(namespace_value or ""), name)
            if not issubclass(cls, base):
                raise ValueError(f"{name!r} is a {cls.__name__}, not a {base.__name__}")
            return cls.model_validate(value, context=info.context)

        return core_schema.with_info_plain_validator_function(
            validate,
            json_schema_input_schema=core_schema.any_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda value: value, return_schema=core_schema.any_schema()
            ),
        )


if TYPE_CHECKING:
    SubClass = Annotated
else:

    class SubClass:
        """``SubClass[Base]``: ``Annotated[Base, Polymorphic()]``."""

        def __class_getitem__(cls, item: Any) -> Any:
            return Annotated[item, Polymorphic()]
