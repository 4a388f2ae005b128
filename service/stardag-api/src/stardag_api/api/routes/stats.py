"""``GET /api/v1/stats``: registry totals; run statistics per family and per task."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from stardag_api.api.deps import StatsCacheDep
from stardag_api.schemas.stats import FamilyStatsPublic, TaskStatsPublic
from stardag_api.schemas.tasks import Stats
from stardag_api.store.run_stats import family_stats, task_stats
from stardag_api.store.summary import stats

Days = Annotated[
    int,
    Query(ge=1, le=366, description="the window: today and the days - 1 UTC days before"),
]

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("", response_model=Stats)
def read_stats(cache: StatsCacheDep) -> Stats:
    """How many tasks, runs and builds the registry holds, and tasks per status.

    Statistics are recomputed from rollups at most every few seconds (see docs/api.md)."""
    return cache.get(("totals",), stats)


@router.get("/families", response_model=FamilyStatsPublic)
def read_family_stats(
    cache: StatsCacheDep,
    days: Days = 14,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> FamilyStatsPublic:
    """Per family: runs, success rate, p50/p95 duration of completed runs (estimated within
    10% from duration histograms), and a daily trend with each day's exact median."""
    return cache.get(("families", days, limit), lambda s: family_stats(s, days, limit))


@router.get("/tasks", response_model=TaskStatsPublic)
def read_task_stats(
    cache: StatsCacheDep,
    days: Days = 14,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> TaskStatsPublic:
    """The slowest tasks (by their longest run) and the tasks with most failed runs (ties:
    the most recent failure first)."""
    return cache.get(("tasks", days, limit), lambda s: task_stats(s, days, limit))
