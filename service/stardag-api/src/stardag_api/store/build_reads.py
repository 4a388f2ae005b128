"""Reading builds as users see them: state counts, what failed first, every task's state."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import RowMapping, text
from sqlalchemy.orm import Session

from stardag_api.schemas.builds import BuildDetail, BuildFailure, BuildPublic
from stardag_api.store.build_counts import COUNTS_BY_BUILD_SQL, RUNS_KEY

# How many failed tasks a builds list names per build (the detail names all): overviews
# cost the same however much of a build failed.
LISTED_FAILED_TASKS = 20

# Per build: its counts and its failed tasks (the first ``:limit``, NULL: all) through
# ``ix_runs_build_failed``, first failure first. One row per build, one round trip.
_SUMMARIES = text(
    f"""
    WITH counted AS MATERIALIZED ({COUNTS_BY_BUILD_SQL})
    SELECT b.build_id, c.counts,
           ARRAY(
               SELECT r.task_id FROM runs r
               WHERE r.build_id = b.build_id AND r.status = 'failed'
               ORDER BY r.finished_at, r.run_id
               LIMIT CAST(:limit AS bigint)
           ) AS failed_task_ids
    FROM unnest(CAST(:ids AS uuid[])) AS b(build_id)
    LEFT JOIN counted c ON c.build_id = b.build_id
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


def summarized_builds(
    session: Session, rows: Sequence[RowMapping], failed_limit: int | None
) -> list[BuildPublic]:
    """Build rows (``BUILD_COLUMNS``) as ``BuildPublic``: their runs and tasks per state
    counted (``store/build_counts.py``) and up to ``failed_limit`` failed tasks each
    listed, first failure first (``None``: all)."""
    if not rows:
        return []
    ids = [row["build_id"] for row in rows]
    summaries = {
        summary.build_id: summary
        for summary in session.execute(_SUMMARIES, {"ids": ids, "limit": failed_limit})
    }
    builds = []
    for row in rows:
        summary = summaries[row["build_id"]]
        states: dict[str, int] = dict(summary.counts or {})
        builds.append(
            BuildPublic.model_validate(
                {
                    **row,
                    "task_count": states.pop(RUNS_KEY, 0),
                    "state_counts": states,
                    "failed_task_ids": summary.failed_task_ids,
                }
            )
        )
    return builds


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
