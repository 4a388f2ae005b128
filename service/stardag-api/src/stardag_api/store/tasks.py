"""Reading single tasks: the public row and the detail view."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stardag_api.core.errors import TaskNotFound
from stardag_api.db.models import Run, Task, TaskEdge, TaskState
from stardag_api.schemas.tasks import TaskDetail, TaskPublic
from stardag_api.store.rows import RUN_PUBLIC_COLUMNS, select_tasks, to_run, to_task


def get_task(session: Session, task_id: uuid.UUID) -> TaskPublic:
    """The task's public view, or ``TaskNotFound`` (404)."""
    row = session.execute(select_tasks().where(Task.task_id == task_id)).first()
    if row is None:
        raise TaskNotFound(str(task_id))
    return to_task(row)


def get_task_detail(session: Session, task_id: uuid.UUID) -> TaskDetail:
    """The task with its serialized form, direct edge counts and latest run."""
    row = session.execute(
        select_tasks(Task.task_data, TaskState.latest_run_id).where(Task.task_id == task_id)
    ).first()
    if row is None:
        raise TaskNotFound(str(task_id))
    upstream = session.scalar(
        select(func.count()).select_from(TaskEdge).where(TaskEdge.downstream_id == task_id)
    )
    downstream = session.scalar(
        select(func.count()).select_from(TaskEdge).where(TaskEdge.upstream_id == task_id)
    )
    latest_run = None
    if row.latest_run_id is not None:
        run_row = session.execute(
            select(*RUN_PUBLIC_COLUMNS).where(Run.run_id == row.latest_run_id)
        ).first()
        latest_run = to_run(run_row) if run_row is not None else None
    return TaskDetail(
        **to_task(row).model_dump(),
        task_data=row.task_data,
        upstream_count=upstream or 0,
        downstream_count=downstream or 0,
        latest_run=latest_run,
    )
