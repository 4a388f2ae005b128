"""Aggregates for facets and dashboards: families with status counts, global stats."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stardag_api.db.models import Build, RunDayStats
from stardag_api.schemas.common import TaskStatus
from stardag_api.schemas.tasks import FamiliesPublic, FamilySummary, Stats
from stardag_api.store.task_counts import task_counts


def _zero_counts() -> dict[TaskStatus, int]:
    return dict.fromkeys(TaskStatus, 0)


def families(session: Session, namespace: str | None) -> FamiliesPublic:
    """Every (namespace, family) with its task count per status (maintained counts: the
    cost follows the number of families, not of tasks)."""
    summaries: dict[tuple[str, str], dict[TaskStatus, int]] = {}
    for count in task_counts(session, namespace):
        summaries.setdefault((count.namespace, count.family), _zero_counts())[
            TaskStatus(count.status)
        ] = count.tasks
    items = [
        FamilySummary(namespace=ns, family=family, total=sum(counts.values()), counts=counts)
        for (ns, family), counts in sorted(summaries.items())
    ]
    return FamiliesPublic(items=items)


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
