"""Registering tasks and their dependency edges, in bulk and idempotently."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.core.errors import InvalidInput, TooLarge, UnknownReferences
from stardag_api.schemas.fast_events import AnyRunCreate, AnyRunFinish, AnyTaskCreate
from stardag_api.store.cycles import reject_cycles
from stardag_api.store.rows import json_rows, json_size, uuid_array

# A parameters object larger than this would overflow PostgreSQL's 1 MB tsvector limit.
MAX_PARAMETERS_BYTES = 256 * 1024

# The task row (written once) and its state row, in one statement. Only tasks the
# first insert created get a state row, so a replay changes nothing. A new task whose
# runs start (and maybe finish) in the same event batch is inserted in the state its
# newest run gives it — the same values, by the same expressions, as ``start_runs``
# would write, which then leaves the row alone: one write per task instead of an
# insert and an update that rewrites all of ``task_states``' indexes.
_INSERT_TASKS = text(
    """
    WITH given AS MATERIALIZED (
        SELECT * FROM json_to_recordset(CAST(:rows AS json))
             AS t(task_id uuid, namespace text, family text, version text, parameters jsonb,
                  task_data jsonb, output_uri text, created_at timestamptz, "user" text,
                  host text, commit_hash text, complete boolean)
    ),
    created AS (
        INSERT INTO tasks (task_id, namespace, family, version, parameters, task_data,
                           output_uri, created_at, "user", host, commit_hash)
        SELECT t.task_id, t.namespace, t.family, t.version, t.parameters, t.task_data,
               t.output_uri, coalesce(t.created_at, now()), t."user", t.host, t.commit_hash
        FROM given AS t
        ON CONFLICT (task_id) DO NOTHING
        RETURNING task_id, namespace, family, created_at
    ),
    newest_runs AS (
        SELECT DISTINCT ON (u.task_id) u.task_id, u.run_id, u.status, s.started_at,
               s.finished_at,
               CASE WHEN s.finished_at IS NULL THEN NULL
                    ELSE greatest(extract(epoch FROM s.finished_at - s.started_at), 0)
               END AS duration_seconds
        FROM json_to_recordset(CAST(:runs AS json))
             AS u(task_id uuid, run_id uuid, started_at timestamptz, status text,
                  finished boolean, finished_at timestamptz)
        CROSS JOIN LATERAL (
            SELECT coalesce(u.started_at, now()) AS started_at,
                   CASE WHEN u.finished THEN coalesce(u.finished_at, now()) END AS finished_at
        ) AS s
        -- a run id already taken (a client reusing one) is not inserted by start_runs
        WHERE NOT EXISTS (SELECT 1 FROM runs WHERE runs.run_id = u.run_id)
        ORDER BY u.task_id, s.started_at DESC, u.run_id DESC
    ),
    states AS (
        INSERT INTO task_states (task_id, namespace, family, status, updated_at, started_at,
                                 finished_at, duration_seconds, latest_run_id)
        SELECT c.task_id, c.namespace, c.family,
               CASE WHEN r.run_id IS NOT NULL THEN r.status
                    WHEN g.complete THEN 'completed' ELSE 'pending' END,
               CASE WHEN r.run_id IS NOT NULL THEN coalesce(r.finished_at, r.started_at)
                    ELSE c.created_at END,
               r.started_at, r.finished_at, r.duration_seconds, r.run_id
        FROM created AS c JOIN given AS g USING (task_id)
        LEFT JOIN newest_runs AS r USING (task_id)
        ORDER BY c.task_id
    )
    SELECT task_id FROM created
    """
)

# Inserted in key order (see ``register_tasks``); a repeated edge is inserted once.
_EDGES_SQL = """
    INSERT INTO task_edges (upstream_id, downstream_id)
    SELECT e.up, e.down FROM unnest(CAST(:ups AS uuid[]), CAST(:downs AS uuid[])) AS e(up, down)
    ORDER BY e.up, e.down
    ON CONFLICT DO NOTHING
"""
_INSERT_EDGES = text(_EDGES_SQL)
# The edges that were new, for the cycle check.
_INSERT_EDGES_RETURNING = text(_EDGES_SQL + "RETURNING upstream_id, downstream_id")

# A known task the client found complete (output exists) moves on only from "pending"
# or "upstream_failed": a running or failed task keeps the status its runs gave it.
# ``updated_at`` is the client's time of the registration.
_MARK_FOUND_COMPLETE = text(
    """
    WITH found AS (
        SELECT f.task_id, coalesce(f.at, now()) AS at
        FROM json_to_recordset(CAST(:rows AS json)) AS f(task_id uuid, at timestamptz)
    ),
    locked AS (
        SELECT task_id FROM task_states
        WHERE task_id IN (SELECT task_id FROM found) AND status IN ('pending', 'upstream_failed')
        ORDER BY task_id FOR NO KEY UPDATE
    )
    UPDATE task_states AS t SET status = 'completed', updated_at = found.at
    FROM found
    WHERE t.task_id = found.task_id AND t.task_id IN (SELECT task_id FROM locked)
      AND t.status IN ('pending', 'upstream_failed')
    """
)

_EXISTING_TASKS = text("SELECT task_id FROM tasks WHERE task_id = ANY(CAST(:ids AS uuid[]))")


def existing_task_ids(session: Session, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """The subset of ``ids`` that are registered."""
    ids = list(ids)
    if not ids:
        return set()
    return set(session.scalars(_EXISTING_TASKS, {"ids": uuid_array(ids)}))


def register_tasks(
    session: Session,
    tasks: Sequence[AnyTaskCreate],
    runs: Sequence[dict[str, Any]] = (),
) -> int:
    """Insert the tasks that are new and every missing dependency edge; return how many were new.

    Re-registering a task leaves its row untouched (status, times, parameters) and only
    adds missing edges — except that ``complete=True`` moves a pending task to completed
    (a new one is inserted completed). ``runs`` are the batch's runs of these tasks
    (``initial_run_rows``): a new task is inserted in the state they give it. Edges
    that would close a cycle are refused (``InvalidInput``, 422, naming it). Every
    dependency must be registered already or be in ``tasks``; otherwise
    ``UnknownReferences`` (422) and nothing is written. Rows are inserted in key order
    so concurrent writers of overlapping DAGs wait on each other instead of
    deadlocking.
    """
    # Keyed by the uuids' integers: ``UUID.__hash__`` is a Python-level call, and a
    # batch would hash each id several times.
    unique: dict[int, AnyTaskCreate] = {}
    for task in tasks:
        unique.setdefault(task.task_id.int, task)
    ordered = [unique[key] for key in sorted(unique)]
    edges = _batch_edges(session, ordered, unique)

    _check_parameter_sizes(ordered)
    # The rows serialize (in C or Rust) to exactly the recordset's columns, plus
    # ``dependencies``, which json_to_recordset ignores.
    rows = json_rows(ordered)
    created = session.scalars(_INSERT_TASKS, {"rows": rows, "runs": json_rows(runs)}).all()
    all_new = len(created) == len(unique)
    if not all_new and any(task.complete for task in ordered):
        new = set(created)
        found_complete = [
            {"task_id": task.task_id, "at": task.created_at}
            for task in ordered
            if task.complete and task.task_id not in new
        ]
        session.execute(_MARK_FOUND_COMPLETE, {"rows": json_rows(found_complete)})
    if edges.ups:
        params = {"ups": uuid_array(edges.ups), "downs": uuid_array(edges.downs)}
        # All new and upstream first: no edge leads back up, so no cycle (the usual case).
        if all_new and edges.forward:
            session.execute(_INSERT_EDGES, params)
        else:
            inserted = session.execute(_INSERT_EDGES_RETURNING, params).all()
            new_edges = [(row.upstream_id, row.downstream_id) for row in inserted]
            batch_edges = sorted(
                set(zip(edges.ups, edges.downs, strict=True)),
                key=lambda edge: (edge[0].int, edge[1].int),
            )
            reject_cycles(session, new_edges, batch_edges, set(created))
    return len(created)


def _check_parameter_sizes(tasks: Sequence[AnyTaskCreate]) -> None:
    """Raise ``TooLarge`` (413) for the first task whose parameters are over the limit."""
    # One encoding of all parameters first: when they fit together, each one fits.
    if json_size([task.parameters for task in tasks]) <= MAX_PARAMETERS_BYTES:
        return
    for task in tasks:
        size = json_size(task.parameters)
        if size > MAX_PARAMETERS_BYTES:
            raise TooLarge(
                f"Parameters of task {task.task_id} are {size} bytes of "
                f"JSON; the limit is {MAX_PARAMETERS_BYTES}. Keep large data in outputs."
            )


@dataclass(frozen=True)
class _BatchEdges:
    ups: list[uuid.UUID]  # upstream ids, one per edge
    downs: list[uuid.UUID]  # the downstream id of each
    forward: bool  # whether each dependency in the batch comes before its dependent


def _batch_edges(
    session: Session, ordered: Sequence[AnyTaskCreate], unique: dict[int, AnyTaskCreate]
) -> _BatchEdges:
    """The edges ``ordered`` (in key order) name, after checking them: a task listing itself
    is ``InvalidInput`` (422), a dependency neither in the batch nor registered is
    ``UnknownReferences`` (422). ``unique`` holds the batch in the client's order."""
    position = {key: index for index, key in enumerate(unique)}
    ups: list[uuid.UUID] = []
    downs: list[uuid.UUID] = []
    outside: dict[int, uuid.UUID] = {}
    forward = True
    for index, task in enumerate(ordered):
        task_id = task.task_id
        key = task_id.int
        for dep in task.dependencies:
            dep_key = dep.int
            if dep_key == key:
                raise InvalidInput(
                    f"Task {task_id} lists itself as a dependency.",
                    loc=["body", "tasks", index, "dependencies"],
                )
            ups.append(dep)
            downs.append(task_id)
            dep_position = position.get(dep_key)
            if dep_position is None:
                outside[dep_key] = dep
            elif dep_position >= position[key]:
                forward = False
    if outside:
        found = existing_task_ids(session, outside.values())
        if len(found) < len(outside):
            missing = set(outside.values()) - found
            raise UnknownReferences("task", [str(task_id) for task_id in missing])
    return _BatchEdges(ups, downs, forward)


def initial_run_rows(
    registered: Sequence[AnyTaskCreate],
    runs: Sequence[AnyRunCreate],
    finishes: Mapping[uuid.UUID, AnyRunFinish],
) -> list[dict[str, Any]]:
    """The rows ``register_tasks`` needs to insert ``registered`` tasks in their runs' state.

    One row per run of a registered task (the first event of each run id, as
    ``start_runs`` keeps it), with the run's first finish, if any (``finishes``).
    """
    task_ids = {task.task_id for task in registered}
    rows: dict[uuid.UUID, dict[str, Any]] = {}
    for run in runs:
        if run.task_id not in task_ids or run.run_id in rows:
            continue
        finish = finishes.get(run.run_id)
        rows[run.run_id] = {
            "task_id": run.task_id,
            "run_id": run.run_id,
            "started_at": run.started_at,
            "status": "running" if finish is None else finish.status.value,
            "finished": finish is not None,
            "finished_at": None if finish is None else finish.finished_at,
        }
    return list(rows.values())
