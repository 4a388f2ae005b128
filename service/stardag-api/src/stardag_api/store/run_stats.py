"""Run statistics over a window of days: per family (counts, success rate, duration
percentiles, daily trend) and the slowest and most-failing tasks.

Family statistics come from the per-day rollup (``store/run_rollup.py``): their cost
is families x days, whatever the number of runs. Task statistics read ``runs``
through indices that start at the answer (the longest runs; the failed runs of the
window), so they touch about as many rows as they return. A window of ``days`` is
today and the ``days - 1`` UTC days before it.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
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
from stardag_api.store.run_rollup import percentile

_FIRST_DAY = "(now() AT TIME ZONE 'UTC')::date - (:days - 1)"

_TOP_FAMILIES = text(
    f"""
    SELECT namespace, family, sum(runs)::bigint AS runs, sum(completed)::bigint AS completed,
           sum(failed)::bigint AS failed
    FROM run_day_stats WHERE day >= {_FIRST_DAY}
    GROUP BY namespace, family
    ORDER BY runs DESC, namespace, family
    LIMIT :limit
    """
)

# Each day of the top families: its trend point and its duration histogram (merged in
# Python: a few hundred small arrays cost less than unnesting them in SQL).
_DAYS = text(
    f"""
    SELECT namespace, family, day, runs, failed, p50_seconds, buckets, counts
    FROM run_day_stats
    WHERE day >= {_FIRST_DAY}
      AND (namespace, family) IN (
          SELECT * FROM unnest(CAST(:namespaces AS text[]), CAST(:families AS text[])))
    ORDER BY day
    """
)

# The longest finished runs of the window, walked down ``ix_runs_duration``: their
# distinct tasks, in order of first appearance, are the slowest tasks.
_LONGEST_RUNS = text(
    f"""
    SELECT task_id FROM runs
    WHERE duration_seconds IS NOT NULL AND started_at >= {_FIRST_DAY}
    ORDER BY duration_seconds DESC, run_id LIMIT :scan
    """
)

# Failed runs of the window from the partial index alone (``ix_runs_failed_started``);
# ties go to the task that failed most recently.
_MOST_FAILING_IDS = text(
    f"""
    SELECT task_id FROM runs
    WHERE status = 'failed' AND started_at >= {_FIRST_DAY}
    GROUP BY task_id ORDER BY count(*) DESC, max(started_at) DESC, task_id LIMIT :limit
    """
)

_PER_TASK = text(
    f"""
    WITH per_task AS (
        SELECT r.task_id, count(*) AS runs,
               count(*) FILTER (WHERE r.status = 'failed') AS failed,
               max(r.duration_seconds) AS max_seconds,
               avg(r.duration_seconds) AS mean_seconds,
               (array_agg(r.error_message ORDER BY r.started_at DESC)
                    FILTER (WHERE r.status = 'failed'))[1] AS last_error
        FROM runs r
        WHERE r.task_id = ANY(CAST(:ids AS uuid[])) AND r.started_at >= {_FIRST_DAY}
        GROUP BY r.task_id
    )
    SELECT p.*, t.namespace, t.family, t.parameters
    FROM per_task p JOIN tasks t ON t.task_id = p.task_id
    """
)


def family_stats(session: Session, days: int, limit: int) -> FamilyStatsPublic:
    """Per family over the last ``days`` days, the families with most runs first."""
    top = session.execute(_TOP_FAMILIES, {"days": days, "limit": limit}).all()
    keys = {
        "days": days,
        "namespaces": [row.namespace for row in top],
        "families": [row.family for row in top],
    }
    trends: dict[tuple[str, str], list[DayTrend]] = defaultdict(list)
    histograms: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for row in session.execute(_DAYS, keys):
        key = (row.namespace, row.family)
        trends[key].append(
            DayTrend(day=row.day, runs=row.runs, failed=row.failed, p50_seconds=row.p50_seconds)
        )
        histogram = histograms[key]
        for bucket, count in zip(row.buckets, row.counts, strict=True):
            histogram[bucket] += count
    items = []
    for row in top:
        key = (row.namespace, row.family)
        finished = row.completed + row.failed
        items.append(
            FamilyRunStats(
                namespace=row.namespace,
                family=row.family,
                runs=row.runs,
                completed=row.completed,
                failed=row.failed,
                success_rate=row.completed / finished if finished else None,
                p50_seconds=percentile(histograms[key].items(), 0.5),
                p95_seconds=percentile(histograms[key].items(), 0.95),
                trend=trends[key],
            )
        )
    return FamilyStatsPublic(days=days, items=items)


def _slowest_ids(session: Session, days: int, limit: int) -> list[uuid.UUID]:
    scan = limit * 20
    while True:
        task_ids = list(session.scalars(_LONGEST_RUNS, {"days": days, "scan": scan}))
        distinct = list(dict.fromkeys(task_ids))
        # Fewer tasks than asked while the walk was cut short: walk further.
        if len(distinct) >= limit or len(task_ids) < scan:
            return distinct[:limit]
        scan *= 8


def task_stats(session: Session, days: int, limit: int) -> TaskStatsPublic:
    """The slowest tasks (longest run) and those with most failed runs, last ``days`` days."""
    slowest = _slowest_ids(session, days, limit)
    failing = list(session.scalars(_MOST_FAILING_IDS, {"days": days, "limit": limit}))
    rows = session.execute(_PER_TASK, {"days": days, "ids": list({*slowest, *failing})})
    by_id: dict[uuid.UUID, Any] = {row.task_id: row for row in rows}
    return TaskStatsPublic(
        days=days,
        slowest=[TaskRunStats.model_validate(by_id[i]._mapping) for i in slowest if i in by_id],
        most_failing=[
            TaskRunStats.model_validate(by_id[i]._mapping) for i in failing if i in by_id
        ],
    )
