"""Run lifecycle writes: start, heartbeat, finish; a task's status follows its latest run."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from stardag_api.core.errors import Conflict, RunNotFound, UnknownReferences
from stardag_api.db.models import Build, Run
from stardag_api.schemas.fast_events import AnyRunCreate, AnyRunFinish
from stardag_api.schemas.runs import RunPublic
from stardag_api.store.build_states import record_run_states, run_state_row
from stardag_api.store.change_feed import ChangeFeed
from stardag_api.store.rows import (
    RUN_PUBLIC_COLUMNS,
    json_document,
    json_rows,
    to_run,
    uuid_array,
)

# Lock the tasks the runs name, in key order, before writing anything: concurrent batches
# touching the same tasks queue up instead of deadlocking. The locked ids are also the
# existence check (runs.task_id has no foreign key; tasks are never deleted).
# ``ids`` may repeat an id (one per run); each task is locked once.
_LOCK_TASKS = text(
    """
    SELECT t.task_id FROM task_states AS t
    WHERE t.task_id IN (SELECT unnest(CAST(:ids AS uuid[])))
    ORDER BY t.task_id FOR NO KEY UPDATE
    """
)

# One statement inserts the new runs and points each task at its newest one (ties go to
# the larger run id, the one inserted last). A run whose finish arrives in the same batch
# is inserted finished: one write per run instead of an insert and an update (the common
# case for short tasks). Returns the runs inserted finished.
_INSERT_RUNS_AND_POINT_TASKS = text(
    """
    WITH inserted AS (
        INSERT INTO runs (run_id, task_id, build_id, status, started_at, last_heartbeat_at,
                          "user", host, commit_hash, finished_at, duration_seconds,
                          error_message, traceback)
        SELECT r.run_id, r.task_id, r.build_id, coalesce(r.status, 'running'), r.started_at,
               now(), r."user", r.host, r.commit_hash, r.finished_at,
               CASE WHEN r.finished_at IS NULL THEN NULL
                    ELSE greatest(extract(epoch FROM r.finished_at - r.started_at), 0) END,
               r.error_message, r.traceback
        FROM (
            SELECT u.run_id, u.task_id, u.build_id, u."user", u.host, u.commit_hash,
                   coalesce(u.started_at, now()) AS started_at,
                   f.value->>'status' AS status,
                   CASE WHEN f.key IS NULL THEN NULL
                        ELSE coalesce((f.value->>'finished_at')::timestamptz, now())
                   END AS finished_at,
                   f.value->>'error_message' AS error_message,
                   f.value->>'traceback' AS traceback
            FROM json_to_recordset(CAST(:rows AS json))
                 AS u(run_id uuid, task_id uuid, build_id uuid, started_at timestamptz,
                      "user" text, host text, commit_hash text)
            LEFT JOIN json_each(CAST(:finishes AS json)) AS f ON f.key::uuid = u.run_id
        ) AS r
        ON CONFLICT (run_id) DO NOTHING
        RETURNING run_id, task_id, build_id, status, started_at, finished_at, duration_seconds
    ),
    newest AS (
        SELECT DISTINCT ON (task_id) * FROM inserted
        ORDER BY task_id, started_at DESC, run_id DESC
    ),
    pointed AS (
        UPDATE task_states AS t
        SET status = n.status, started_at = n.started_at, finished_at = n.finished_at,
            duration_seconds = n.duration_seconds, latest_run_id = n.run_id,
            updated_at = coalesce(n.finished_at, n.started_at)
        FROM newest AS n
        WHERE t.task_id = n.task_id AND (t.started_at IS NULL OR t.started_at <= n.started_at)
          -- already inserted in this state by its registration in the same batch
          AND t.latest_run_id IS DISTINCT FROM n.run_id
    )
    SELECT run_id, task_id, build_id, status, coalesce(finished_at, started_at) FROM inserted
    """
)

_LOCK_RUNS = text(
    """
    SELECT run_id, task_id, build_id, status, failed_by_sweep, started_at FROM runs
    WHERE run_id = ANY(CAST(:run_ids AS uuid[])) ORDER BY run_id FOR UPDATE
    """
)

# ``finishes`` maps run ids to their finishes (as ``_INSERT_RUNS_AND_POINT_TASKS`` reads them).
_FINISH_RUNS = text(
    """
    UPDATE runs AS r
    SET status = f.status, finished_at = coalesce(f.finished_at, now()),
        duration_seconds = greatest(
            extract(epoch FROM coalesce(f.finished_at, now()) - r.started_at), 0),
        error_message = f.error_message, traceback = f.traceback, failed_by_sweep = false
    FROM (
        SELECT e.key::uuid AS run_id, e.value->>'status' AS status,
               (e.value->>'finished_at')::timestamptz AS finished_at,
               e.value->>'error_message' AS error_message, e.value->>'traceback' AS traceback
        FROM json_each(CAST(:finishes AS json)) AS e
    ) AS f
    WHERE r.run_id = f.run_id
    RETURNING r.run_id, r.task_id, r.build_id, r.status, r.finished_at, r.duration_seconds
    """
)

_FINISH_TASKS = text(
    """
    WITH f AS (
        SELECT * FROM json_to_recordset(CAST(:rows AS json))
             AS f(task_id uuid, run_id uuid, status text, finished_at timestamptz,
                  duration float8)
    ),
    locked AS (
        SELECT task_id FROM task_states WHERE task_id IN (SELECT task_id FROM f)
        ORDER BY task_id FOR NO KEY UPDATE
    )
    UPDATE task_states AS t
    SET status = f.status, finished_at = f.finished_at, duration_seconds = f.duration,
        updated_at = f.finished_at
    FROM f
    WHERE t.task_id = f.task_id AND t.latest_run_id = f.run_id
      AND t.task_id IN (SELECT task_id FROM locked)
    """
)


def start_runs(
    session: Session,
    runs: Sequence[AnyRunCreate],
    finishes: Mapping[uuid.UUID, AnyRunFinish] | None = None,
    feed: ChangeFeed | None = None,
) -> list[uuid.UUID]:
    """Record run starts (replays are no-ops); each task points at its newest run.

    ``finishes`` may carry how some of these runs ended (from the same event batch):
    a new run is then inserted already finished. Returns the ids of the runs inserted
    finished; other finishes must still go through ``finish_runs``. Raises
    ``UnknownReferences`` (422) when a run names an unregistered task or build.
    The runs' build tasks follow them, and ``feed`` (if given) hears of each new run.
    """
    finishes = finishes or {}
    if not runs:
        return []
    # Keyed by the uuids' integers: ``UUID.__hash__`` is a Python-level call, and a
    # batch hashes thousands of ids.
    unique: dict[int, AnyRunCreate] = {}
    for run in runs:
        unique.setdefault(run.run_id.int, run)
    ordered = [unique[key] for key in sorted(unique)]
    _check_references(session, ordered)
    # Runs as the recordset's rows, finishes keyed by run id (encoded in C or Rust).
    params = {"rows": json_rows(ordered), "finishes": json_document(finishes)}
    # (run_id, task_id, build_id, status, at): ``at`` is the time of the run's latest event.
    inserted = session.execute(_INSERT_RUNS_AND_POINT_TASKS, params).all()
    record_run_states(session, [run_state_row(*row) for row in inserted if row[2] is not None])
    if feed is not None:
        feed.runs(inserted)
    return [row[0] for row in inserted if row[3] != "running"]


def _check_references(session: Session, runs: Sequence[AnyRunCreate]) -> None:
    """Lock the runs' tasks (see ``_LOCK_TASKS``); raise ``UnknownReferences`` for unknown ids."""
    task_ids = {run.task_id.int for run in runs}
    locked = session.scalars(_LOCK_TASKS, {"ids": uuid_array(run.task_id for run in runs)}).all()
    if len(locked) < len(task_ids):
        missing_tasks = {run.task_id for run in runs} - set(locked)
        raise UnknownReferences("task", [str(task_id) for task_id in missing_tasks])
    build_ids = sorted({run.build_id for run in runs if run.build_id is not None})
    if build_ids:
        known = set(session.scalars(select(Build.build_id).where(Build.build_id.in_(build_ids))))
        if missing := set(build_ids) - known:
            raise UnknownReferences("build", [str(build_id) for build_id in missing])


@dataclass(frozen=True)
class _LockedRun:
    task_id: uuid.UUID
    status: str
    failed_by_sweep: bool


def finish_runs(
    session: Session,
    finishes: Sequence[tuple[uuid.UUID, AnyRunFinish]],
    feed: ChangeFeed | None = None,
) -> None:
    """Record how runs ended, in order; the task follows when the run is its latest.

    Finishing again with the same status is a no-op; with another status it is a
    ``Conflict`` (409) — except for runs the stale-run sweep failed, which a late real
    finish overwrites. Unknown runs raise ``UnknownReferences`` (422).
    """
    if not finishes:
        return
    run_ids = {run_id for run_id, _ in finishes}
    locked = {
        row.run_id: _LockedRun(row.task_id, row.status, row.failed_by_sweep)
        for row in session.execute(_LOCK_RUNS, {"run_ids": uuid_array(run_ids)})
    }
    if missing := run_ids - set(locked):
        raise UnknownReferences("run", [str(run_id) for run_id in missing])
    to_apply: dict[uuid.UUID, AnyRunFinish] = {}
    for run_id, finish in finishes:
        run = locked[run_id]
        if run.status == "running" or run.failed_by_sweep:
            to_apply[run_id] = finish
            locked[run_id] = _LockedRun(run.task_id, finish.status.value, False)
        elif run.status != finish.status.value:
            raise Conflict(
                f"Run {run_id} already finished as {run.status!r}; it cannot become "
                f"{finish.status.value!r}.",
                run_id=str(run_id),
            )
    if not to_apply:
        return
    # (run_id, task_id, build_id, status, finished_at, duration_seconds)
    finished = session.execute(_FINISH_RUNS, {"finishes": json_document(to_apply)}).all()
    rows = [
        {"task_id": task_id, "run_id": run_id, "status": status, "finished_at": at, "duration": d}
        for run_id, task_id, _, status, at, d in finished
    ]
    session.execute(_FINISH_TASKS, {"rows": json_rows(rows)})
    record_run_states(session, [run_state_row(*row[:5]) for row in finished if row[2] is not None])
    if feed is not None:
        feed.runs(row[:5] for row in finished)


def heartbeat_runs(session: Session, run_ids: Sequence[uuid.UUID]) -> None:
    """Mark running runs alive now (server clock); finished runs are left as they are."""
    ids = sorted(set(run_ids))
    if not ids:
        return
    known = set(session.scalars(select(Run.run_id).where(Run.run_id.in_(ids))))
    if missing := set(ids) - known:
        raise UnknownReferences("run", [str(run_id) for run_id in missing])
    session.execute(
        text(
            "UPDATE runs SET last_heartbeat_at = now() "
            "WHERE run_id = ANY(CAST(:ids AS uuid[])) AND status = 'running'"
        ),
        {"ids": ids},
    )


def get_run(session: Session, run_id: uuid.UUID) -> RunPublic:
    """One run, or ``RunNotFound`` (404)."""
    row = session.execute(select(*RUN_PUBLIC_COLUMNS).where(Run.run_id == run_id)).first()
    if row is None:
        raise RunNotFound(str(run_id))
    return to_run(row)


def require_run(session: Session, run_id: uuid.UUID) -> None:
    """Raise ``RunNotFound`` (404) unless the run exists (for the per-run REST writes)."""
    if session.scalar(select(Run.run_id).where(Run.run_id == run_id)) is None:
        raise RunNotFound(str(run_id))


def task_runs(session: Session, task_id: uuid.UUID, limit: int) -> list[RunPublic]:
    """The task's runs, newest first."""
    rows = session.execute(
        select(*RUN_PUBLIC_COLUMNS)
        .where(Run.task_id == task_id)
        .order_by(Run.started_at.desc(), Run.run_id.desc())
        .limit(limit)
    )
    return [to_run(row) for row in rows]
