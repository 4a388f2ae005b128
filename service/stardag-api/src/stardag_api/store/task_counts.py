"""Tasks per (namespace, family, status) in constant time: counts plus unfolded deltas.

Triggers on ``task_states`` (migration 0009) append every statement's net change to
``task_count_deltas`` inside the writer's transaction, so counts are exact under
replayed and concurrent batches without any writer waiting on a shared counter row.
``roll_up_task_counts`` folds the deltas into ``task_counts`` (throttled per process,
one replica at a time); reads add the few deltas not yet folded, so they never lag.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from stardag_api.schemas.common import TaskStatus
from stardag_api.store.build_counts import roll_up_build_counts
from stardag_api.store.periodic import TASK_COUNT_ROLLUP_LOCK, won_periodic_lock

# Keys in sorted order, so two rollups (should the advisory lock ever be bypassed) lock
# counter rows in the same order and cannot deadlock; deleted deltas are folded once.
_ROLL_UP = text(
    """
    WITH folded AS (
        DELETE FROM task_count_deltas RETURNING namespace, family, status, tasks
    )
    INSERT INTO task_counts AS c (namespace, family, status, tasks)
    SELECT namespace, family, status, sum(tasks) FROM folded
    GROUP BY namespace, family, status
    ORDER BY namespace, family, status
    ON CONFLICT (namespace, family, status) DO UPDATE SET tasks = c.tasks + excluded.tasks
    """
)

# One snapshot sees the rollup's delete and insert both or neither: never double counted.
_COUNTS = text(
    """
    SELECT namespace, family, status, sum(tasks)::bigint AS tasks
    FROM (
        SELECT namespace, family, status, tasks FROM task_counts
        WHERE CAST(:namespace AS text) IS NULL OR namespace = :namespace
        UNION ALL
        SELECT namespace, family, status, tasks FROM task_count_deltas
        WHERE CAST(:namespace AS text) IS NULL OR namespace = :namespace
    ) AS parts
    GROUP BY namespace, family, status
    HAVING sum(tasks) <> 0
    ORDER BY namespace, family, status
    """
)


# The ``FamiliesPublic`` document rendered by PostgreSQL: families in code point order
# (COLLATE "C", as Python sorts), each status's count in ``TaskStatus`` order.
_FAMILIES_JSON = """
    WITH counted AS ({counts})
    SELECT json_build_object('items', coalesce(json_agg(item ORDER BY ns, fam), '[]'))::text
    FROM (
        SELECT namespace COLLATE "C" AS ns, family COLLATE "C" AS fam,
               json_build_object(
                   'namespace', namespace, 'family', family, 'total', sum(tasks),
                   'counts', json_build_object({per_status})
               ) AS item
        FROM counted GROUP BY namespace, family
    ) AS families
"""


@dataclass(frozen=True)
class TaskCount:
    namespace: str
    family: str
    status: str
    tasks: int


def task_counts(session: Session, namespace: str | None = None) -> list[TaskCount]:
    """Tasks per (namespace, family, status) with at least one task, exact, in key order."""
    rows = session.execute(_COUNTS, {"namespace": namespace})
    return [TaskCount(row.namespace, row.family, row.status, int(row.tasks)) for row in rows]


def families_json(session: Session, namespace: str | None = None) -> str:
    """``task_counts`` grouped by family as the JSON of ``FamiliesPublic`` (every status
    present, 0 when none), built in the database: no row objects for hundreds of families."""
    per_status = ", ".join(
        f"'{status.value}', coalesce(sum(tasks) FILTER (WHERE status = '{status.value}'), 0)"
        for status in TaskStatus
    )
    sql = _FAMILIES_JSON.format(counts=_COUNTS.text, per_status=per_status)
    document: str = session.execute(text(sql), {"namespace": namespace}).scalar_one()
    return document


def roll_up_task_counts(session: Session) -> None:
    """Fold the deltas into the counts (in the caller's transaction)."""
    session.execute(_ROLL_UP)


class TaskCountRollup:
    """Runs ``roll_up_task_counts`` and ``roll_up_build_counts`` (one transaction, one
    replica at a time) at most once per ``interval_seconds`` in this process."""

    def __init__(self, sessions: sessionmaker[Session], interval_seconds: float) -> None:
        self._sessions = sessions
        self._interval = interval_seconds
        self._last = float("-inf")
        self._lock = threading.Lock()

    def maybe_roll_up(self) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < self._interval:
                return
            self._last = now
        with self._sessions() as session, session.begin():
            if won_periodic_lock(session, TASK_COUNT_ROLLUP_LOCK):
                roll_up_task_counts(session)
                roll_up_build_counts(session)
