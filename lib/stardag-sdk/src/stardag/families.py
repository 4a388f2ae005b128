"""Which task class a serialized ``(namespace, family)`` pair names.

Every concrete task class registers itself here when it is defined; loading a
serialized task looks its class up. Redefining a family (a notebook cell run
twice) replaces the earlier class.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from stardag.errors import UnknownFamilyError

if TYPE_CHECKING:
    from stardag.base_task import Task

_lock = threading.Lock()
_families: dict[tuple[str, str], type[Task]] = {}


def register_family(cls: type[Task]) -> None:
    """Make ``cls`` the class loaded for its ``(namespace, family)``."""
    with _lock:
        _families[(cls.__namespace__, cls.__family__)] = cls


def resolve_family(namespace: str, family: str) -> type[Task]:
    """The class registered for ``(namespace, family)``.

    Raises:
        UnknownFamilyError: no imported module defines that family.
    """
    try:
        return _families[(namespace, family)]
    except KeyError:
        raise UnknownFamilyError(family, namespace) from None


def known_families() -> list[tuple[str, str]]:
    """All registered ``(namespace, family)`` pairs, sorted."""
    with _lock:
        return sorted(_families)
