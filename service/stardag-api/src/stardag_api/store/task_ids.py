"""Task ids and id prefixes: a prefix is a range on the uuid primary key."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from stardag_api.core.errors import AmbiguousTaskPrefix, InvalidInput, TaskNotFound
from stardag_api.db.models import Task

MIN_PREFIX_HEX = 4
MAX_CANDIDATES = 10
_HEX_AND_DASHES = re.compile(r"[0-9a-fA-F-]+")


@dataclass(frozen=True)
class IdRange:
    """All uuids starting with some hex prefix: ``low <= id < high`` (``high`` None = no bound)."""

    low: uuid.UUID
    high: uuid.UUID | None

    def condition(self) -> ColumnElement[bool]:
        if self.high is None:
            return Task.task_id >= self.low
        return and_(Task.task_id >= self.low, Task.task_id < self.high)


def hex_prefix(text: str) -> str | None:
    """The lower-case hex digits of ``text`` if it can be (a prefix of) a task id, else None."""
    if not _HEX_AND_DASHES.fullmatch(text):
        return None
    digits = text.replace("-", "").lower()
    return digits if 0 < len(digits) <= 32 else None


def prefix_range(digits: str) -> IdRange:
    """The uuid range covered by the hex prefix ``digits`` (1..32 hex characters)."""
    shift = 4 * (32 - len(digits))
    low = int(digits, 16) << shift
    high = (int(digits, 16) + 1) << shift
    return IdRange(uuid.UUID(int=low), uuid.UUID(int=high) if high < 2**128 else None)


def resolve_task_id(session: Session, id_or_prefix: str) -> uuid.UUID:
    """The one task id ``id_or_prefix`` names.

    Raises ``InvalidInput`` (422) for text that cannot be an id or is shorter than
    4 hex digits, ``TaskNotFound`` (404), or ``AmbiguousTaskPrefix`` (409, with up to
    10 candidates).
    """
    digits = hex_prefix(id_or_prefix)
    if digits is None:
        raise InvalidInput(
            f"{id_or_prefix!r} is not a task id or id prefix (hex digits and dashes).",
            loc=["path", "task_id"],
        )
    if len(digits) == 32:
        task_id = uuid.UUID(digits)
        if session.scalar(select(Task.task_id).where(Task.task_id == task_id)) is None:
            raise TaskNotFound(id_or_prefix)
        return task_id
    if len(digits) < MIN_PREFIX_HEX:
        raise InvalidInput(
            f"Task id prefix {id_or_prefix!r} is too short: give at least {MIN_PREFIX_HEX} "
            "hex digits.",
            loc=["path", "task_id"],
        )
    candidates = session.scalars(
        select(Task.task_id)
        .where(prefix_range(digits).condition())
        .order_by(Task.task_id)
        .limit(MAX_CANDIDATES + 1)
    ).all()
    if not candidates:
        raise TaskNotFound(id_or_prefix)
    if len(candidates) > 1:
        raise AmbiguousTaskPrefix(id_or_prefix, [str(c) for c in candidates[:MAX_CANDIDATES]])
    return candidates[0]
