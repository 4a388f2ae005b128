"""Retention: forget old runs and their logs, never a task's latest run.

Tasks, edges and builds are kept (they are small and the registry's index of what
exists); what grows without bound is run history and, above all, logs. A run is
pruned when it started before the cutoff, is no longer running, and is not its
task's latest run — so every task keeps the run that explains its current status.

Runs are pruned oldest first in batches of ``PRUNE_BATCH_RUNS``, one transaction each,
walking ``ix_runs_started`` from where the last batch stopped: on a large registry a
prune never holds locks on millions of rows or one huge transaction, reads each old
run once, and what it finished stays done if it is interrupted.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from stardag_api.store.log_partitions import ensure_partitions_ahead, prune_logs

logger = logging.getLogger(__name__)

_DOOMED = """
    SELECT r.run_id, r.started_at
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

PRUNE_BATCH_RUNS = 5_000

# The next batch: doomed runs after the keyset ``(:after_at, :after_id)``, oldest first.
# run_logs rows go with their run (deleted here first; ON DELETE CASCADE would too).
_DELETE_BATCH = text(
    f"""
    WITH doomed AS (
        {_DOOMED}
          AND (r.started_at, r.run_id) > (:after_at, :after_id)
        ORDER BY r.started_at, r.run_id
        LIMIT :batch
    ),
    gone_logs AS (DELETE FROM run_logs WHERE run_id IN (SELECT run_id FROM doomed) RETURNING 1),
    gone_runs AS (DELETE FROM runs WHERE run_id IN (SELECT run_id FROM doomed) RETURNING 1),
    last AS (SELECT started_at, run_id FROM doomed ORDER BY started_at DESC, run_id DESC LIMIT 1)
    SELECT (SELECT count(*) FROM doomed) AS picked,
           (SELECT count(*) FROM gone_runs) AS runs, (SELECT count(*) FROM gone_logs) AS logs,
           (SELECT started_at FROM last) AS last_at, (SELECT run_id FROM last) AS last_id
    """
)


@dataclass(frozen=True)
class PruneResult:
    runs: int
    logs: int
    dry_run: bool


def prune_runs(
    session: Session,
    cutoff: datetime,
    dry_run: bool = False,
    batch_runs: int = PRUNE_BATCH_RUNS,
) -> PruneResult:
    """Delete (or with ``dry_run`` only count) runs started before ``cutoff`` that are
    finished and not their task's latest run, with their log records. Commits after
    every batch of ``batch_runs`` runs."""
    if dry_run:
        row = session.execute(_COUNT, {"cutoff": cutoff}).one()
        session.rollback()
        return PruneResult(runs=int(row.runs), logs=int(row.logs), dry_run=True)
    runs = logs = 0
    after_at, after_id = datetime(1, 1, 1, tzinfo=UTC), uuid.UUID(int=0)
    while True:
        params = {
            "cutoff": cutoff,
            "after_at": after_at,
            "after_id": after_id,
            "batch": batch_runs,
        }
        row = session.execute(_DELETE_BATCH, params).one()
        session.commit()
        runs, logs = runs + int(row.runs), logs + int(row.logs)
        if row.picked < batch_runs:
            return PruneResult(runs=runs, logs=logs, dry_run=False)
        after_at, after_id = row.last_at, row.last_id


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


def maintain_log_partitions(session: Session, log_keep_days: float | None) -> None:
    """One round of log upkeep: the current and next month's partitions exist, and with
    ``log_keep_days`` records older than that are removed (dropped months uncounted)."""
    ensure_partitions_ahead(session)
    if log_keep_days is None:
        return
    cutoff = datetime.now(UTC) - timedelta(days=log_keep_days)
    result = prune_logs(session, cutoff, count_dropped=False)
    if result.dropped_partitions or result.records:
        logger.info(
            "log retention: dropped %s, trimmed %d records stamped before %s",
            ", ".join(result.dropped_partitions) or "no partition",
            result.records,
            cutoff.isoformat(),
        )


async def log_partition_loop(
    sessions: sessionmaker[Session], log_keep_days: float | None, interval_seconds: float
) -> None:
    """Keep partitions ahead and apply the log retention now and every
    ``interval_seconds`` (until cancelled). Replicas serialise on an advisory lock and
    find the work done."""
    while True:
        try:
            with sessions() as session:
                await run_in_threadpool(maintain_log_partitions, session, log_keep_days)
        except SQLAlchemyError as exc:  # away, or a lock not had in time: next round
            logger.warning("log partitions: upkeep failed: %s", exc)
        await asyncio.sleep(interval_seconds)
