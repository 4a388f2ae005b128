"""Reading builds as users see them: state counts, what failed first, every task's state."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.schemas.builds import BuildDetail, BuildFailure, BuildPublic
from stardag_api.schemas.common import BuildTaskState

_STATE_COUNTS = text(
    """
    SELECT build_id, state, count(*) AS n FROM build_tasks
    WHERE build_id = ANY(CAST(:ids AS uuid[])) GROUP BY build_id, state
    """
)

_FAILED_TASKS = text(
    """
    SELECT r.build_id, r.task_id FROM runs r
    WHERE r.build_id = ANY(CAST(:ids AS uuid[])) AND r.status = 'failed'
    ORDER BY r.build_id, r.finished_at, r.run_id
    """
)

# Every task of the build's graph with its run (if it ran), as one JSON array rendered by
# PostgreSQL: a build holds up to tens of thousands of tasks, and converting each row to
# Python objects and back costs several times the query. Runs are joined by id: a build
# task points at the run that gave it its state. One row more than asked says "truncated".
_BUILD_TASKS_JSON = text(
    """
    WITH picked AS (
        SELECT bt.task_id, t.namespace, t.family, t.parameters, bt.state, bt.cause_task_id,
               bt.run_id, r.started_at, r.finished_at, r.duration_seconds, r.error_message,
               bt.updated_at,
               row_number() OVER (
                   ORDER BY r.started_at NULLS LAST, bt.updated_at, bt.task_id
               ) AS n
        FROM build_tasks bt
        JOIN tasks t ON t.task_id = bt.task_id
        LEFT JOIN runs r ON r.run_id = bt.run_id
        WHERE bt.build_id = :build_id
    )
    SELECT coalesce(
               json_agg(
                   json_build_object(
                       'task_id', task_id, 'namespace', namespace, 'family', family,
                       'parameters', parameters, 'state', state, 'cause_task_id', cause_task_id,
                       'run_id', run_id, 'started_at', started_at, 'finished_at', finished_at,
                       'duration_seconds', duration_seconds, 'error_message', error_message,
                       'updated_at', updated_at
                   ) ORDER BY n
               ) FILTER (WHERE n <= :limit),
               '[]'
           )::text,
           count(*) > :limit
    FROM picked
    """
)

_FIRST_FAILURE = text(
    """
    SELECT r.task_id, t.family, r.run_id, r.error_message, r.traceback, r.finished_at
    FROM runs r JOIN tasks t ON t.task_id = r.task_id
    WHERE r.build_id = :build_id AND r.status = 'failed'
    ORDER BY r.finished_at, r.run_id LIMIT 1
    """
)

_BLOCKED_BY = text(
    """
    SELECT task_id FROM build_tasks
    WHERE build_id = :build_id AND state = 'upstream_failed' AND cause_task_id = :cause
    ORDER BY task_id
    """
)


def with_state_summaries(session: Session, builds: Sequence[BuildPublic]) -> list[BuildPublic]:
    """``builds`` with their tasks counted per state and their failed tasks listed."""
    if not builds:
        return []
    ids = [build.build_id for build in builds]
    counts: dict[uuid.UUID, dict[BuildTaskState, int]] = {build_id: {} for build_id in ids}
    for row in session.execute(_STATE_COUNTS, {"ids": ids}):
        counts[row.build_id][BuildTaskState(row.state)] = row.n
    failed: dict[uuid.UUID, list[uuid.UUID]] = {build_id: [] for build_id in ids}
    for row in session.execute(_FAILED_TASKS, {"ids": ids}):
        failed[row.build_id].append(row.task_id)
    return [
        build.model_copy(
            update={
                "state_counts": counts[build.build_id],
                "failed_task_ids": failed[build.build_id],
            }
        )
        for build in builds
    ]


def build_detail_json(session: Session, build: BuildPublic, task_limit: int) -> str:
    """``build`` as a ``BuildDetail`` JSON document with up to ``task_limit`` of its tasks
    (those that ran first, by start), the tasks rendered by PostgreSQL."""
    tasks_json, truncated = session.execute(
        _BUILD_TASKS_JSON,
        {"build_id": build.build_id, "limit": task_limit, "fetch": task_limit + 1},
    ).one()
    head = BuildDetail(
        **build.model_dump(),
        tasks=[],
        tasks_truncated=truncated,
        first_failure=first_failure(session, build.build_id),
    ).model_dump_json(exclude={"tasks"})
    return '{"tasks":' + str(tasks_json) + "," + head[1:]


def first_failure(session: Session, build_id: uuid.UUID) -> BuildFailure | None:
    """What failed first in the build, with the tasks it kept from running."""
    first = session.execute(_FIRST_FAILURE, {"build_id": build_id}).first()
    if first is None:
        return None
    blocked = list(session.scalars(_BLOCKED_BY, {"build_id": build_id, "cause": first.task_id}))
    return BuildFailure.model_validate({**first._mapping, "blocked_task_ids": blocked})
