"""Writes of per-build task states (``build_tasks``) and of ``upstream_failed`` tasks.

Runs give a build's task its state (running → completed | failed); the client reports
the states of tasks it did not run: ``skipped`` (found complete), ``upstream_failed``
(naming the failed upstream task), ``cancelled`` (never reached), and ``pending``
for tasks it will run. A reported state never overwrites a state a run gave.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.core.errors import UnknownReferences
from stardag_api.schemas.builds import TaskStateReport
from stardag_api.schemas.common import ReportedTaskState
from stardag_api.store.change_feed import ChangeFeed
from stardag_api.store.rows import json_rows

_UPSERT_REPORTED = text(
    """
    INSERT INTO build_tasks (build_id, task_id, state, cause_task_id, updated_at)
    SELECT s.build_id, s.task_id, s.state, s.cause_task_id, coalesce(s.at, now())
    FROM json_to_recordset(CAST(:rows AS json))
         AS s(build_id uuid, task_id uuid, state text, cause_task_id uuid, at timestamptz)
    ORDER BY s.build_id, s.task_id
    ON CONFLICT (build_id, task_id) DO UPDATE
    SET state = excluded.state, cause_task_id = excluded.cause_task_id,
        updated_at = excluded.updated_at
    WHERE build_tasks.run_id IS NULL
    """
)

# A task the latest build left unrun behind a failed upstream task stops looking queued;
# a task that ran (or runs) keeps the status its runs gave it.
_MARK_UPSTREAM_FAILED = text(
    """
    WITH marked AS (
        SELECT s.task_id, max(coalesce(s.at, now())) AS at
        FROM json_to_recordset(CAST(:rows AS json)) AS s(task_id uuid, at timestamptz)
        GROUP BY s.task_id
    ),
    locked AS (
        SELECT t.task_id FROM task_states t JOIN marked m USING (task_id)
        WHERE t.status IN ('pending', 'upstream_failed')
        ORDER BY t.task_id FOR NO KEY UPDATE
    )
    UPDATE task_states AS t SET status = 'upstream_failed', updated_at = m.at
    FROM marked AS m
    WHERE t.task_id = m.task_id AND t.task_id IN (SELECT task_id FROM locked)
      AND t.status IN ('pending', 'upstream_failed')
    """
)

_KNOWN_BUILDS = text("SELECT build_id FROM builds WHERE build_id = ANY(CAST(:ids AS uuid[]))")

# A run gives its build's task the run's state; the newest run of the task in the build wins.
_UPSERT_FROM_RUNS = text(
    """
    INSERT INTO build_tasks (build_id, task_id, state, run_id, updated_at)
    SELECT DISTINCT ON (r.build_id, r.task_id) r.build_id, r.task_id, r.status, r.run_id, r.at
    FROM json_to_recordset(CAST(:rows AS json))
         AS r(build_id uuid, task_id uuid, run_id uuid, status text, at timestamptz)
    ORDER BY r.build_id, r.task_id, r.at DESC
    ON CONFLICT (build_id, task_id) DO UPDATE
    SET state = excluded.state, run_id = excluded.run_id, cause_task_id = NULL,
        updated_at = excluded.updated_at
    WHERE build_tasks.run_id IS NULL OR build_tasks.run_id = excluded.run_id
       OR build_tasks.updated_at <= excluded.updated_at
    """
)


def record_reported_states(
    session: Session,
    reports: Sequence[tuple[uuid.UUID, Sequence[TaskStateReport]]],
    feed: ChangeFeed,
) -> None:
    """Record the states builds gave tasks they did not run; see the module docstring.

    ``reports`` pairs a build id with its states. Raises ``UnknownReferences`` (422)
    for a build that never started.
    """
    rows: list[dict[str, Any]] = [
        {
            "build_id": build_id,
            "task_id": s.task_id,
            "state": s.state.value,
            "cause_task_id": s.cause_task_id,
            "at": s.at,
        }
        for build_id, states in reports
        for s in states
    ]
    if not rows:
        return
    build_ids = sorted({row["build_id"] for row in rows})
    known = set(session.scalars(_KNOWN_BUILDS, {"ids": build_ids}))
    if missing := set(build_ids) - known:
        raise UnknownReferences("build", [str(build_id) for build_id in missing])
    # One row per (build, task): the last report wins, as it would applied one by one.
    latest = {(row["build_id"], row["task_id"]): row for row in rows}
    session.execute(_UPSERT_REPORTED, {"rows": json_rows(latest.values())})
    blocked = [
        row for row in latest.values() if row["state"] == ReportedTaskState.UPSTREAM_FAILED.value
    ]
    if blocked:
        session.execute(_MARK_UPSTREAM_FAILED, {"rows": json_rows(blocked)})
    for row in latest.values():
        feed.task_state(row["build_id"], row["task_id"], row["state"], row["cause_task_id"])


def record_run_states(session: Session, runs: Sequence[dict[str, Any]]) -> None:
    """Give each run's build task the run's status.

    ``runs`` rows hold ``build_id``, ``task_id``, ``run_id``, ``status`` and ``at``
    (the client's time of the run's latest event); runs outside a build are ignored.
    """
    rows = [run for run in runs if run["build_id"] is not None]
    if rows:
        session.execute(_UPSERT_FROM_RUNS, {"rows": json_rows(rows)})


def run_state_row(
    run_id: uuid.UUID,
    task_id: uuid.UUID,
    build_id: uuid.UUID | None,
    status: str,
    at: datetime | None,
) -> dict[str, Any]:
    return {"build_id": build_id, "task_id": task_id, "run_id": run_id, "status": status, "at": at}
