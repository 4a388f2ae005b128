"""``ChangeHub``: one ``LISTEN`` connection per API process, fanned out to subscribers.

Every write publishes its changes with ``NOTIFY`` (``store/change_feed.py``), so each
API process hears every change whichever process (or replica) made it. The hub keeps
one bounded queue per subscriber; a subscriber too slow to drain it is not allowed to
grow the server's memory: it gets a ``resync`` signal (refetch what you show) instead
of the changes that did not fit, and the drop is counted.

While anyone listens, the hub also runs the stale-run/build sweep every few seconds,
so a build whose process died shows as failed without anyone reloading a page.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
from starlette.concurrency import run_in_threadpool

from stardag_api.store.change_feed import CHANNEL

logger = logging.getLogger(__name__)

RECONNECT_SECONDS = 1.0


@dataclass(frozen=True)
class ChangeFilter:
    """Which changes a subscriber wants: all of them, or those naming one of these ids."""

    build_ids: frozenset[str] = frozenset()
    task_ids: frozenset[str] = frozenset()
    run_ids: frozenset[str] = frozenset()

    @property
    def everything(self) -> bool:
        return not (self.build_ids or self.task_ids or self.run_ids)

    def matches(self, change: dict[str, Any]) -> bool:
        return (
            change.get("build_id") in self.build_ids
            or change.get("task_id") in self.task_ids
            or change.get("run_id") in self.run_ids
        )


@dataclass(eq=False)
class Subscription:
    """One stream client's queue of JSON arrays of changes (``None`` = resync)."""

    changes: ChangeFilter
    queue: asyncio.Queue[str | None]
    dropped: int = 0
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class HubStats:
    notifications: int = 0
    delivered: int = 0
    dropped: int = 0
    reconnects: int = 0


class ChangeHub:
    """Listens on :data:`CHANNEL` and hands each change to the subscribers it concerns.

    Args:
        conninfo: a libpq connection string/URL for the listening connection.
        queue_size: payloads (of up to ~100 changes each) a subscriber may fall behind.
        sweep: called (in a thread) every ``sweep_interval`` seconds while anyone listens.
    """

    def __init__(
        self,
        conninfo: str,
        *,
        queue_size: int = 2_000,
        sweep: Callable[[], None] | None = None,
        sweep_interval: float = 5.0,
    ) -> None:
        self._conninfo = conninfo
        self._queue_size = queue_size
        self._sweep = sweep
        self._sweep_interval = sweep_interval
        self._subscribers: set[Subscription] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self.listening = asyncio.Event()
        self.stats = HubStats()

    async def start(self) -> None:
        self._tasks = [asyncio.create_task(self._listen())]
        if self._sweep is not None:
            self._tasks.append(asyncio.create_task(self._sweep_while_watched()))

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []

    def subscribe(self, changes: ChangeFilter) -> Subscription:
        subscription = Subscription(changes, asyncio.Queue(self._queue_size))
        self._subscribers.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    @property
    def subscriber_count(self) -> int:
        return len(self._subscribers)

    # -- internals -----------------------------------------------------------

    async def _listen(self) -> None:
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(
                    self._conninfo, autocommit=True
                ) as conn:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    async for notification in conn.notifies():
                        self._dispatch(notification.payload)
            except asyncio.CancelledError:
                raise
            except Exception as error:
                logger.warning("change stream listener lost its connection: %s", error)
            # Changes made while not listening are unknown: every subscriber refetches.
            self.listening.clear()
            self.stats.reconnects += 1
            for subscription in list(self._subscribers):
                self._offer(subscription, None)
            await asyncio.sleep(RECONNECT_SECONDS)

    def _dispatch(self, payload: str) -> None:
        self.stats.notifications += 1
        parsed: list[dict[str, Any]] | None = None
        for subscription in list(self._subscribers):
            if subscription.changes.everything:
                self._offer(subscription, payload)
                continue
            if parsed is None:
                parsed = json.loads(payload)
            wanted = [change for change in parsed if subscription.changes.matches(change)]
            if wanted:
                self._offer(subscription, json.dumps(wanted, separators=(",", ":")))

    def _offer(self, subscription: Subscription, payload: str | None) -> None:
        try:
            subscription.queue.put_nowait(payload)
            self.stats.delivered += 1
        except asyncio.QueueFull:
            subscription.dropped += 1
            self.stats.dropped += 1
            # Make room for one resync marker: the client refetches instead.
            with contextlib.suppress(asyncio.QueueEmpty):
                subscription.queue.get_nowait()
            with contextlib.suppress(asyncio.QueueFull):
                subscription.queue.put_nowait(None)

    async def _sweep_while_watched(self) -> None:
        assert self._sweep is not None
        while True:
            await asyncio.sleep(self._sweep_interval)
            if self._subscribers:
                try:
                    await run_in_threadpool(self._sweep)
                except Exception as error:
                    logger.warning("stale sweep from the change stream failed: %s", error)
