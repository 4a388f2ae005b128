"""Registering tasks and their dependency edges, in bulk and idempotently."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.core.errors import InvalidInput, TooLarge, UnknownReferences
from stardag_api.schemas.tasks import TaskCreate
from stardag_api.store.rows import json_text

# A parameters object larger than this would overflow PostgreSQL's 1 MB tsvector limit.
MAX_PARAMETERS_CHARS = 256 * 1024

_INSERT_TASKS = text(
    """
    INSERT INTO tasks (task_id, namespace, family, version, parameters, task_data, output_uri,
                       status, created_at, updated_at, "user", host, commit_hash)
    SELECT t.task_id, t.namespace, t.family, t.version, t.parameters::jsonb, t.task_data::jsonb,
           t.output_uri, 'pending', coalesce(t.created_at, now()), now(), t.usr, t.host, t.commit
    FROM unnest(CAST(:task_ids AS uuid[]), CAST(:namespaces AS text[]), CAST(:families AS text[]),
                CAST(:versions AS text[]), CAST(:parameters AS text[]), CAST(:task_data AS text[]),
                CAST(:output_uris AS text[]), CAST(:created_ats AS timestamptz[]),
                CAST(:users AS text[]), CAST(:hosts AS text[]), CAST(:commits AS text[]))
         AS t(task_id, namespace, family, version, parameters, task_data, output_uri, created_at,
              usr, host, commit)
    ON CONFLICT (task_id) DO NOTHING
    RETURNING task_id
    """
)

_INSERT_EDGES = text(
    """
    INSERT INTO task_edges (upstream_id, downstream_id)
    SELECT * FROM unnest(CAST(:upstream_ids AS uuid[]), CAST(:downstream_ids AS uuid[]))
    ON CONFLICT DO NOTHING
    """
)

_EXISTING_TASKS = text("SELECT task_id FROM tasks WHERE task_id = ANY(CAST(:ids AS uuid[]))")


def existing_task_ids(session: Session, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """The subset of ``ids`` that are registered."""
    if not ids:
        return set()
    return set(session.scalars(_EXISTING_TASKS, {"ids": list(ids)}))


def register_tasks(session: Session, tasks: Sequence[TaskCreate]) -> int:
    """Insert the tasks that are new and every missing dependency edge; return how many were new.

    Re-registering a task leaves its row untouched (status, times, parameters) and only
    adds missing edges. Every dependency must be registered already or be in ``tasks``;
    otherwise ``UnknownReferences`` (422) and nothing is written. Rows are inserted in
    key order so concurrent writers of overlapping DAGs wait on each other instead of
    deadlocking.
    """
    unique: dict[uuid.UUID, TaskCreate] = {}
    for task in tasks:
        unique.setdefault(task.task_id, task)
    ordered = [unique[task_id] for task_id in sorted(unique)]
    edges = sorted(
        {(dep, task.task_id) for task in ordered for dep in task.dependencies},
    )
    _check_dependencies(session, ordered, edges)

    parameters = [json_text(task.parameters) for task in ordered]
    for index, params in enumerate(parameters):
        if len(params) > MAX_PARAMETERS_CHARS:
            raise TooLarge(
                f"Parameters of task {ordered[index].task_id} are {len(params)} characters of "
                f"JSON; the limit is {MAX_PARAMETERS_CHARS}. Keep large data in outputs."
            )
    created = session.scalars(
        _INSERT_TASKS,
        {
            "task_ids": [task.task_id for task in ordered],
            "namespaces": [task.namespace for task in ordered],
            "families": [task.family for task in ordered],
            "versions": [task.version for task in ordered],
            "parameters": parameters,
            "task_data": [json_text(task.task_data) for task in ordered],
            "output_uris": [task.output_uri for task in ordered],
            "created_ats": [task.created_at for task in ordered],
            "users": [task.user for task in ordered],
            "hosts": [task.host for task in ordered],
            "commits": [task.commit_hash for task in ordered],
        },
    ).all()
    if edges:
        session.execute(
            _INSERT_EDGES,
            {
                "upstream_ids": [up for up, _ in edges],
                "downstream_ids": [down for _, down in edges],
            },
        )
    return len(created)


def _check_dependencies(
    session: Session,
    ordered: Sequence[TaskCreate],
    edges: Sequence[tuple[uuid.UUID, uuid.UUID]],
) -> None:
    for index, task in enumerate(ordered):
        if task.task_id in task.dependencies:
            raise InvalidInput(
                f"Task {task.task_id} lists itself as a dependency.",
                loc=["body", "tasks", index, "dependencies"],
            )
    in_batch = {task.task_id for task in ordered}
    outside = sorted({up for up, _ in edges if up not in in_batch})
    missing = set(outside) - existing_task_ids(session, outside)
    if missing:
        raise UnknownReferences("task", [str(task_id) for task_id in missing])
