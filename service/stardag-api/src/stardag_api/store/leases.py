"""Task leases: one atomic statement each, so concurrent builders (through any number of
API replicas) agree on a single holder per task.

A lease is granted when the task has none, when it expired, or when the caller
already holds it; otherwise the current holder is returned. Expiry is judged by the
database clock, so replicas on different hosts cannot disagree.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.core.errors import Conflict
from stardag_api.schemas.leases import LeasePublic

_ACQUIRE = text(
    """
    INSERT INTO task_leases AS l (task_id, holder, build_id, acquired_at, expires_at)
    VALUES (:task_id, :holder, :build_id, now(), now() + make_interval(secs => :ttl))
    ON CONFLICT (task_id) DO UPDATE
    SET holder = excluded.holder,
        build_id = excluded.build_id,
        acquired_at = CASE WHEN l.holder = excluded.holder THEN l.acquired_at ELSE now() END,
        expires_at = excluded.expires_at
    WHERE l.holder = excluded.holder OR l.expires_at <= now()
    RETURNING task_id, holder, build_id, acquired_at, expires_at
    """
)
_CURRENT = text(
    "SELECT task_id, holder, build_id, acquired_at, expires_at FROM task_leases "
    "WHERE task_id = :task_id"
)
_RENEW = text(
    """
    UPDATE task_leases SET expires_at = now() + make_interval(secs => :ttl)
    WHERE task_id = :task_id AND holder = :holder AND expires_at > now()
    RETURNING task_id, holder, build_id, acquired_at, expires_at
    """
)
_RELEASE = text("DELETE FROM task_leases WHERE task_id = :task_id AND holder = :holder")


class LeaseNotHeld(Conflict):
    code = "lease_not_held"

    def __init__(self, task_id: uuid.UUID, holder: str) -> None:
        super().__init__(
            f"{holder!r} does not hold the lease of task {task_id} (it expired or another "
            "builder holds it); take it again with POST /api/v1/tasks/{id}/lease."
        )


def _public(row: Any, granted: bool) -> LeasePublic:
    return LeasePublic(
        task_id=row.task_id,
        granted=granted,
        holder=row.holder,
        build_id=row.build_id,
        acquired_at=row.acquired_at,
        expires_at=row.expires_at,
    )


def acquire_lease(
    session: Session,
    task_id: uuid.UUID,
    holder: str,
    ttl_seconds: float,
    build_id: uuid.UUID | None,
) -> LeasePublic:
    params = {"task_id": task_id, "holder": holder, "build_id": build_id, "ttl": ttl_seconds}
    row = session.execute(_ACQUIRE, params).one_or_none()
    if row is not None:
        return _public(row, granted=True)
    # Held by another builder and not expired: the row exists (ON CONFLICT found it, and a
    # lease is only deleted by its holder, whose delete would have let the insert through).
    current = session.execute(_CURRENT, {"task_id": task_id}).one_or_none()
    if current is None:  # released between the two statements: try once more
        return acquire_lease(session, task_id, holder, ttl_seconds, build_id)
    return _public(current, granted=False)


def renew_lease(
    session: Session, task_id: uuid.UUID, holder: str, ttl_seconds: float
) -> LeasePublic:
    params = {"task_id": task_id, "holder": holder, "ttl": ttl_seconds}
    row = session.execute(_RENEW, params).one_or_none()
    if row is None:
        raise LeaseNotHeld(task_id, holder)
    return _public(row, granted=True)


def release_lease(session: Session, task_id: uuid.UUID, holder: str) -> bool:
    result = session.execute(_RELEASE, {"task_id": task_id, "holder": holder})
    return bool(getattr(result, "rowcount", 0))
