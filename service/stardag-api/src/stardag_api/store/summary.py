"""Aggregates for dashboards: global stats (families with status counts: ``task_counts``)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stardag_api.db.models import Build, RunDayStats
from stardag_api.schemas.common import TaskStatus
from stardag_api.schemas.tasks import Stats
from stardag_api.store.task_counts import task_counts


def _zero_counts() -> dict[TaskStatus, int]:
    return dict.fromkeys(TaskStatus, 0)


def stats(session: Session) -> Stats:
    """Totals of tasks, runs and builds, and tasks per status."""
    by_status = _zero_counts()
    for count in task_counts(session):  # maintained counts: per family, not per task
        by_status[TaskStatus(count.status)] += count.tasks
    # The rollup counts every run by the day it started (store/run_rollup.py); the
    # caller refreshed it.
    runs = session.scalar(select(func.coalesce(func.sum(RunDayStats.runs), 0))) or 0
    builds = session.scalar(select(func.count()).select_from(Build)) or 0
    return Stats(tasks=sum(by_status.values()), runs=runs, builds=builds, by_status=by_status)
