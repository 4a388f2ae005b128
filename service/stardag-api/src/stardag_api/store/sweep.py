"""Failing runs and builds whose process went silent, without any background worker.

The sweep is two idempotent UPDATEs over partial indices (running runs, running
builds); it runs from the request path (throttled per process), so several API
replicas need no shared in-process state: whichever sweeps first wins, the others
find nothing. What it fails is announced on the change feed like any other write.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from stardag_api.store.change_feed import ChangeFeed, publish
from stardag_api.store.periodic import STALE_RUN_SWEEP_LOCK, won_periodic_lock

_SWEEP_RUNS = text(
    """
    WITH stale AS (
        UPDATE runs
        SET status = 'failed', finished_at = now(), failed_by_sweep = true,
            duration_seconds = greatest(extract(epoch FROM now() - started_at), 0),
            error_message = :message
        WHERE status = 'running'
          AND coalesce(last_heartbeat_at, started_at) < now() - make_interval(secs => :timeout)
        RETURNING run_id, task_id, build_id, finished_at, duration_seconds
    ),
    failed_tasks AS (
        UPDATE task_states AS t
        SET status = 'failed', finished_at = stale.finished_at,
            duration_seconds = stale.duration_seconds, updated_at = now()
        FROM stale
        WHERE t.task_id = stale.task_id AND t.latest_run_id = stale.run_id
    ),
    failed_build_tasks AS (
        UPDATE build_tasks AS bt SET state = 'failed', updated_at = now()
        FROM stale
        WHERE bt.build_id = stale.build_id AND bt.task_id = stale.task_id
          AND bt.run_id = stale.run_id
    )
    SELECT run_id, task_id, build_id, finished_at FROM stale
    """
)

# A running build is dead when none of its runs is running and nothing of it (run
# start, heartbeat, real finish, reported state) happened within the timeout. Runs the
# sweep failed count by their last heartbeat, not by the sweep's own finish time.
_SWEEP_BUILDS = text(
    """
    WITH dead AS (
        UPDATE builds AS b
        SET status = 'failed', finished_at = now(), failed_by_sweep = true
        WHERE b.status = 'running'
          AND b.started_at < now() - make_interval(secs => :timeout)
          AND NOT EXISTS (
              SELECT 1 FROM runs r
              WHERE r.build_id = b.build_id
                AND (r.status = 'running'
                     OR greatest(r.started_at, r.last_heartbeat_at,
                                 CASE WHEN r.failed_by_sweep THEN NULL ELSE r.finished_at END)
                        >= now() - make_interval(secs => :timeout)))
          AND NOT EXISTS (
              SELECT 1 FROM build_tasks bt
              WHERE bt.build_id = b.build_id AND bt.run_id IS NULL
                AND bt.updated_at >= now() - make_interval(secs => :timeout))
        RETURNING b.build_id
    ),
    never_reached AS (
        UPDATE build_tasks AS bt SET state = 'cancelled', updated_at = now()
        FROM dead WHERE bt.build_id = dead.build_id AND bt.state = 'pending'
    )
    SELECT build_id FROM dead
    """
)


def stale_run_message(timeout_seconds: float) -> str:
    return (
        f"No heartbeat for {timeout_seconds:g} s: the process running this task stopped "
        "(killed, crashed or lost its machine)."
    )


def sweep_stale_runs(session: Session, timeout_seconds: float) -> None:
    """Fail running runs silent for over ``timeout_seconds`` (their tasks follow), then
    running builds with no sign of life for as long."""
    feed = ChangeFeed()
    params = {"message": stale_run_message(timeout_seconds), "timeout": timeout_seconds}
    for row in session.execute(_SWEEP_RUNS, params):
        feed.run(row.run_id, row.task_id, row.build_id, "failed", row.finished_at)
    for build_id in session.scalars(_SWEEP_BUILDS, {"timeout": timeout_seconds}):
        feed.build(build_id, "failed")
    publish(session, feed)


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
