"""Failing runs whose process went silent, without any background worker.

The sweep is one idempotent UPDATE over the partial index of running runs; it runs
from the request path (throttled per process), so several API replicas need no
shared in-process state: whichever sweeps first wins, the others find nothing.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from stardag_api.store.periodic import STALE_RUN_SWEEP_LOCK, won_periodic_lock

_SWEEP = text(
    """
    WITH stale AS (
        UPDATE runs
        SET status = 'failed', finished_at = now(), failed_by_sweep = true,
            duration_seconds = greatest(extract(epoch FROM now() - started_at), 0),
            error_message = :message
        WHERE status = 'running'
          AND coalesce(last_heartbeat_at, started_at) < now() - make_interval(secs => :timeout)
        RETURNING run_id, task_id, finished_at, duration_seconds
    )
    UPDATE tasks AS t
    SET status = 'failed', finished_at = stale.finished_at,
        duration_seconds = stale.duration_seconds, updated_at = now()
    FROM stale
    WHERE t.task_id = stale.task_id AND t.latest_run_id = stale.run_id
    """
)


def stale_run_message(timeout_seconds: float) -> str:
    return (
        f"No heartbeat for {timeout_seconds:g} s: the process running this task stopped "
        "(killed, crashed or lost its machine)."
    )


def sweep_stale_runs(session: Session, timeout_seconds: float) -> None:
    """Mark running runs silent for over ``timeout_seconds`` failed; their tasks follow."""
    session.execute(
        _SWEEP, {"message": stale_run_message(timeout_seconds), "timeout": timeout_seconds}
    )


class StaleRunSweeper:
    """Runs ``sweep_stale_runs`` at most once per ``interval_seconds`` in this process."""

    def __init__(
        self, sessions: sessionmaker[Session], timeout_seconds: float, interval_seconds: float
    ) -> None:
        self._sessions = sessions
        self._timeout = timeout_seconds
        self._interval = interval_seconds
        self._last = float("-inf")
        self._lock = threading.Lock()

    def maybe_sweep(self) -> None:
        now = time.monotonic()
        with self._lock:
            if now - self._last < self._interval:
                return
            self._last = now
        with self._sessions() as session, session.begin():
            # issue 10: one replica sweeps at a time; the others skip this round.
            if won_periodic_lock(session, STALE_RUN_SWEEP_LOCK):
                sweep_stale_runs(session, self._timeout)
