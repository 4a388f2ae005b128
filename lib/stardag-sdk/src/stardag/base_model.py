"""Field metadata that changes how a parameter takes part in a task's id.

``Annotated[T, sd.StardagField(hash_exclude=True)]`` keeps a parameter out of
the id (a sleep time, a log level); ``StardagField(compat_default=X)`` leaves
the parameter out of the id while its value is ``X`` -- the way to add a
parameter to an existing task without changing the ids (and output paths) of
the tasks already built -- and fills in ``X`` when JSON written before the
parameter existed is loaded with ``context={"mode": "compat"}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic.fields import FieldInfo

from stardag.ids import ExcludeFromId

CONTEXT_MODE_KEY = "mode"
HASH_MODE = "hash"
COMPAT_MODE = "compat"

_UNSET: Any = object()


@dataclass(frozen=True)
class StardagField:
    """Per-parameter id options (use inside ``Annotated[...]``)."""

    compat_default: Any = _UNSET
    hash_exclude: bool = False

    @property
    def has_compat_default(self) -> bool:
        return self.compat_default is not _UNSET


def stardag_field(field: FieldInfo) -> StardagField | None:
    """The field's :class:`StardagField`; :data:`ExcludeFromId` counts as ``hash_exclude``.

    Raises:
        ValueError: the field carries more than one ``StardagField``.
    """
    found = [item for item in field.metadata if isinstance(item, StardagField)]
    if len(found) > 1:
        raise ValueError(f"a parameter takes at most one StardagField, got {found}")
    if any(item is ExcludeFromId for item in field.metadata):
        base = found[0] if found else StardagField()
        return StardagField(compat_default=base.compat_default, hash_exclude=True)
    return found[0] if found else None


def context_mode(context: Any) -> str | None:
    """The ``mode`` of a pydantic (de)serialization context, if any."""
    if isinstance(context, dict):
        mode = context.get(CONTEXT_MODE_KEY)
        return mode if isinstance(mode, str) else None
    return None
