"""Run statistics over a time window: per family (counts, success rate, duration
percentiles, daily trend) and the slowest and most-failing tasks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.schemas.stats import (
    DayTrend,
    FamilyRunStats,
    FamilyStatsPublic,
    TaskRunStats,
    TaskStatsPublic,
)

_FAMILY_TOTALS = text(
    """
    SELECT t.namespace, t.family, count(*) AS runs,
           count(*) FILTER (WHERE r.status = 'completed') AS completed,
           count(*) FILTER (WHERE r.status = 'failed') AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_seconds)
               FILTER (WHERE r.status = 'completed') AS p50_seconds,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY r.duration_seconds)
               FILTER (WHERE r.status = 'completed') AS p95_seconds
    FROM runs r JOIN tasks t ON t.task_id = r.task_id
    WHERE r.started_at >= now() - make_interval(days => :days)
    GROUP BY t.namespace, t.family
    ORDER BY runs DESC, t.namespace, t.family
    LIMIT :limit
    """
)

_FAMILY_DAYS = text(
    """
    SELECT t.namespace, t.family, (r.started_at AT TIME ZONE 'UTC')::date AS day,
           count(*) AS runs, count(*) FILTER (WHERE r.status = 'failed') AS failed,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY r.duration_seconds)
               FILTER (WHERE r.status = 'completed') AS p50_seconds
    FROM runs r JOIN tasks t ON t.task_id = r.task_id
    WHERE r.started_at >= now() - make_interval(days => :days)
    GROUP BY 1, 2, 3
    ORDER BY 3
    """
)


def _task_stats_sql(order: str) -> Any:
    return text(
        f"""
        WITH per_task AS (
            SELECT r.task_id, count(*) AS runs,
                   count(*) FILTER (WHERE r.status = 'failed') AS failed,
                   max(r.duration_seconds) AS max_seconds,
                   avg(r.duration_seconds) AS mean_seconds,
                   (array_agg(r.error_message ORDER BY r.started_at DESC)
                        FILTER (WHERE r.status = 'failed'))[1] AS last_error
            FROM runs r
            WHERE r.started_at >= now() - make_interval(days => :days)
            GROUP BY r.task_id
        )
        SELECT p.*, t.namespace, t.family, t.parameters
        FROM per_task p JOIN tasks t ON t.task_id = p.task_id
        {order}
        LIMIT :limit
        """
    )


_SLOWEST = _task_stats_sql("WHERE p.max_seconds IS NOT NULL ORDER BY p.max_seconds DESC")
_MOST_FAILING = _task_stats_sql("WHERE p.failed > 0 ORDER BY p.failed DESC, p.runs DESC")


def family_stats(session: Session, days: int, limit: int) -> FamilyStatsPublic:
    """Per family over the last ``days`` days, the families with most runs first."""
    trends: dict[tuple[str, str], list[DayTrend]] = {}
    for row in session.execute(_FAMILY_DAYS, {"days": days}):
        trends.setdefault((row.namespace, row.family), []).append(
            DayTrend(day=row.day, runs=row.runs, failed=row.failed, p50_seconds=row.p50_seconds)
        )
    items = []
    for row in session.execute(_FAMILY_TOTALS, {"days": days, "limit": limit}):
        finished = row.completed + row.failed
        items.append(
            FamilyRunStats(
                namespace=row.namespace,
                family=row.family,
                runs=row.runs,
                completed=row.completed,
                failed=row.failed,
                success_rate=row.completed / finished if finished else None,
                p50_seconds=row.p50_seconds,
                p95_seconds=row.p95_seconds,
                trend=trends.get((row.namespace, row.family), []),
            )
        )
    return FamilyStatsPublic(days=days, items=items)


def task_stats(session: Session, days: int, limit: int) -> TaskStatsPublic:
    """The slowest tasks (longest run) and those with most failed runs, last ``days`` days."""
    params = {"days": days, "limit": limit}
    return TaskStatsPublic(
        days=days,
        slowest=[
            TaskRunStats.model_validate(r._mapping) for r in session.execute(_SLOWEST, params)
        ],
        most_failing=[
            TaskRunStats.model_validate(r._mapping) for r in session.execute(_MOST_FAILING, params)
        ],
    )
