"""The run statistics rollup (``run_day_stats``) and the freshness of what is read from it.

Each statement that writes ``runs`` marks the UTC days it touched (a trigger, see
migration 0010); ``refresh_rollup`` rebuilds exactly those days, so its cost follows
how many runs the marked days hold, never the size of the registry. Durations of
completed runs are kept as a histogram per day and family: bucket ``k`` holds
durations in ``[0.001 * 1.2**k, 0.001 * 1.2**(k + 1))`` seconds (bucket 0 everything
below 1.2 ms, bucket 127 everything above ~3.4e7 s), so percentiles over any window
come from summing a few small histograms, within 10% of the exact value.

``StatsCache`` decides how fresh a statistic must be: it recomputes (refresh + query)
when its copy is older than 20 times what computing it cost, and never serves one
older than ``max_age_seconds``. A small registry computes in a millisecond, so every
read is exact; at ten million tasks the work is at most a twentieth of the time.
"""

from __future__ import annotations

import asyncio
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool

from stardag_api.store.periodic import RUN_STATS_ROLLUP_LOCK, won_periodic_lock

logger = logging.getLogger(__name__)

BUCKET_RATIO = 1.2
BUCKET_FLOOR_SECONDS = 0.001
# Recompute when the copy is older than this many times its cost (5% of the time at most).
COST_MULTIPLE = 20.0

T = TypeVar("T")


def refresh_rollup(session: Session) -> int:
    """Rebuild the days marked since the last refresh; the number of days (0: nothing to do,
    or another replica is refreshing right now). Commits."""
    if session.scalar(text("SELECT EXISTS (SELECT 1 FROM run_stat_changes)")) is not True:
        session.rollback()
        return 0
    if not won_periodic_lock(session, RUN_STATS_ROLLUP_LOCK):
        session.rollback()
        return 0
    days = int(session.scalar(text("SELECT refresh_run_day_stats()")) or 0)
    session.commit()
    return days


def percentile(histogram: Iterable[tuple[int, int]], q: float) -> float | None:
    """The ``q`` quantile (0..1) of durations summarised as ``(bucket, count)`` pairs.

    Interpolates geometrically inside the bucket the quantile falls in, so the estimate
    is off by at most half a bucket (under 10%)."""
    pairs = sorted((bucket, count) for bucket, count in histogram if count > 0)
    total = sum(count for _, count in pairs)
    if total == 0:
        return None
    target = q * total
    seen = 0
    for bucket, count in pairs:
        if seen + count >= target:
            fraction = (target - seen) / count
            if bucket == 0:
                return BUCKET_FLOOR_SECONDS * BUCKET_RATIO * fraction
            return float(BUCKET_FLOOR_SECONDS * BUCKET_RATIO ** (bucket + fraction))
        seen += count
    return float(BUCKET_FLOOR_SECONDS * BUCKET_RATIO ** (pairs[-1][0] + 1))


def bucket_of(seconds: float) -> int:
    """The histogram bucket of a duration (the SQL of ``refresh_run_day_stats`` in Python)."""
    return min(127, max(0, math.floor(math.log(max(seconds, 0.001) / 0.001) / math.log(1.2))))


@dataclass
class _Entry:
    value: Any
    computed_at: float
    cost: float


class StatsCache:
    """Per-process copies of computed statistics, refreshed ahead of the requests.

    A copy older than ``COST_MULTIPLE`` times its computation is still served while a
    background thread recomputes it, so a request waits only when there is no copy or
    the copy is older than ``max_age_seconds`` (then it computes, as with 0).
    """

    def __init__(self, sessions: sessionmaker[Session], max_age_seconds: float) -> None:
        self._sessions = sessions
        self._max_age = max_age_seconds
        self._entries: dict[tuple[object, ...], _Entry] = {}
        self._lock = threading.Lock()  # one computation at a time
        self._refreshing: set[tuple[object, ...]] = set()
        self._refreshing_lock = threading.Lock()

    def get(self, key: tuple[object, ...], compute: Callable[[Session], T]) -> T:
        """The statistic under ``key``: a copy younger than the max age (recomputed in the
        background once due), else ``compute`` run now after a rollup refresh."""
        entry = self._entries.get(key)
        if entry is not None and self._servable(entry):
            if self._due(entry):
                self._refresh_in_background(key, compute)
            value: T = entry.value
            return value
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and self._servable(entry) and not self._due(entry):
                value = entry.value
                return value
            return self._compute(key, compute)

    def _compute(self, key: tuple[object, ...], compute: Callable[[Session], T]) -> T:
        started = time.monotonic()
        with self._sessions() as session:
            refresh_rollup(session)
            value = compute(session)
            session.rollback()
        finished = time.monotonic()
        self._entries[key] = _Entry(value, finished, finished - started)
        return value

    def _refresh_in_background(
        self, key: tuple[object, ...], compute: Callable[[Session], object]
    ) -> None:
        with self._refreshing_lock:
            if key in self._refreshing:
                return
            self._refreshing.add(key)

        def refresh() -> None:
            try:
                with self._lock:
                    entry = self._entries.get(key)
                    if entry is None or self._due(entry):  # not already recomputed by a request
                        self._compute(key, compute)
            except SQLAlchemyError as exc:  # served copies age out; requests then compute
                logger.warning("stats: background refresh failed: %s", exc)
            finally:
                with self._refreshing_lock:
                    self._refreshing.discard(key)

        threading.Thread(target=refresh, name="stats-refresh", daemon=True).start()

    def _servable(self, entry: _Entry) -> bool:
        return time.monotonic() - entry.computed_at < self._max_age

    def _due(self, entry: _Entry) -> bool:
        return time.monotonic() - entry.computed_at >= COST_MULTIPLE * entry.cost


class RollupLoop:
    """Refreshes the rollup every ``interval_seconds`` (``run`` until cancelled), so reads
    rarely find much to refresh. Replicas take turns through an advisory lock.

    A refresh after a burst of writes can take tens of seconds at ten million tasks and
    a worker thread cannot be interrupted: ``stop`` cancels its statement in PostgreSQL,
    so a shutting-down server does not wait for it (the marked days stay marked for the
    next refresh).
    """

    def __init__(self, sessions: sessionmaker[Session], interval_seconds: float) -> None:
        self._sessions = sessions
        self._interval = interval_seconds
        self._running: Any = None  # the psycopg connection of the refresh in progress
        self._stopping = False

    async def run(self) -> None:
        while not self._stopping:
            try:
                await run_in_threadpool(self._refresh)
            except SQLAlchemyError as exc:  # the database may be briefly away; try next time
                if not self._stopping:
                    logger.warning("stats rollup: refresh failed: %s", exc)
            await asyncio.sleep(self._interval)

    def stop(self) -> None:
        """Cancel the refresh in progress, if any (from any thread)."""
        self._stopping = True
        running = self._running
        if running is not None:
            running.cancel()

    def _refresh(self) -> None:
        with self._sessions() as session:
            self._running = session.connection().connection.driver_connection
            try:
                if not self._stopping:
                    # Background work: past the request statement timeout is fine (after a
                    # burst of runs a refresh at ten million tasks takes tens of seconds),
                    # and ``stop`` cancels it.
                    session.execute(text("SET LOCAL statement_timeout = 0"))
                    refresh_rollup(session)
            finally:
                self._running = None
