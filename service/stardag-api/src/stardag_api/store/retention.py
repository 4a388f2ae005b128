"""Retention: forget old runs and their logs, never a task's latest run.

Tasks, edges and builds are kept (they are small and the registry's index of what
exists); what grows without bound is run history and, above all, logs. A run is
pruned when it started before the cutoff, is no longer running, and is not its
task's latest run — so every task keeps the run that explains its current status.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

logger = logging.getLogger(__name__)

_DOOMED = """
    SELECT r.run_id
    FROM runs r JOIN task_states t ON t.task_id = r.task_id
    WHERE r.started_at < :cutoff
      AND r.status <> 'running'
      AND t.latest_run_id IS DISTINCT FROM r.run_id
"""

_COUNT = text(
    f"""
    WITH doomed AS ({_DOOMED})
    SELECT (SELECT count(*) FROM doomed) AS runs,
           (SELECT count(*) FROM run_logs l WHERE l.run_id IN (SELECT run_id FROM doomed)) AS logs
    """
)

# run_logs rows go with their run (ON DELETE CASCADE).
_DELETE = text(
    f"""
    WITH doomed AS ({_DOOMED}),
    gone_logs AS (DELETE FROM run_logs WHERE run_id IN (SELECT run_id FROM doomed) RETURNING 1),
    gone_runs AS (DELETE FROM runs WHERE run_id IN (SELECT run_id FROM doomed) RETURNING 1)
    SELECT (SELECT count(*) FROM gone_runs) AS runs, (SELECT count(*) FROM gone_logs) AS logs
    """
)


@dataclass(frozen=True)
class PruneResult:
    runs: int
    logs: int
    dry_run: bool


def prune_runs(session: Session, cutoff: datetime, dry_run: bool = False) -> PruneResult:
    """Delete (or with ``dry_run`` only count) runs started before ``cutoff`` that are
    finished and not their task's latest run, with their log records. Commits."""
    row = session.execute(_COUNT if dry_run else _DELETE, {"cutoff": cutoff}).one()
    if not dry_run:
        session.commit()
    return PruneResult(runs=int(row.runs), logs=int(row.logs), dry_run=dry_run)


async def retention_loop(
    sessions: sessionmaker[Session], keep_days: float, interval_seconds: float
) -> None:
    """Prune runs older than ``keep_days`` now and every ``interval_seconds`` (until
    cancelled). Each replica may run it; the DELETE is idempotent."""
    while True:
        cutoff = datetime.now(UTC) - timedelta(days=keep_days)
        try:
            with sessions() as session:
                result = await run_in_threadpool(prune_runs, session, cutoff)
            if result.runs:
                logger.info(
                    "retention: pruned %d runs and %d log records", result.runs, result.logs
                )
        except SQLAlchemyError as exc:  # the database may be briefly away; try next time
            logger.warning("retention: prune failed: %s", exc)
        await asyncio.sleep(interval_seconds)
