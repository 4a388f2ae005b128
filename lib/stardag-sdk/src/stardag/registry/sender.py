"""The background sender: batches registry events and delivers or spools them.

The build only appends to an in-memory queue (a deque append: no lock, no I/O,
no network). One daemon thread wakes on a short interval, or as soon as a batch
is full, or on ``flush``, encodes what is queued and either

- **direct mode**: posts it to the server in as few requests as the service's
  limits allow, up to ``max_in_flight`` at once, each only after the batches it
  depends on were delivered (:mod:`stardag.registry.pipeline`), so the build's
  events stream out while it runs; on the first sign of unavailability the
  unsent rest goes to the spool, in order, and the sender switches to
- **spool mode**: every batch is appended (fsync'ed) behind whatever is already
  spooled, and the spool is replayed with exponential backoff; once it is empty
  the sender is back in direct mode.

A sender that finds events of earlier (crashed or offline) builds in the spool at
start-up starts in spool mode, so new events never overtake old ones.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from stardag.registry.events import EventKeys
from stardag.registry.pipeline import DEFAULT_MAX_IN_FLIGHT, InFlightBatches, OutgoingBatch
from stardag.registry.spool import Spool, SpoolBusy
from stardag.registry.transport import (
    MAX_BATCH_BYTES,
    BatchRejected,
    EventsTransport,
    deliver,
)

logger = logging.getLogger("stardag.registry.api")

Encoder = Callable[[Any], str | list[str]]

KeysOf = Callable[[Any], EventKeys]
_BARRIER = EventKeys(barrier=True)


@dataclass
class SenderStats:
    """Counters for reports and benchmarks."""

    sent: int = 0
    spooled: int = 0
    rejected: int = 0
    replayed: int = 0


class _FlushMarker:
    __slots__ = ("done", "drain")

    def __init__(self, drain: bool):
        self.done = threading.Event()
        self.drain = drain


class BatchingSender:
    """Owns the queue, the background thread, the transport and the spool of one registry."""

    def __init__(
        self,
        transport: EventsTransport,
        spool: Spool,
        *,
        flush_interval: float = 0.25,
        batch_events: int = 2_000,
        max_backoff: float = 30.0,
        on_tick: Callable[[], None] | None = None,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    ):
        self.transport = transport
        self.spool = spool
        self.flush_interval = flush_interval
        self.batch_events = batch_events
        self.max_backoff = max_backoff
        self.stats = SenderStats()
        self._on_tick = on_tick
        self._queue: deque[tuple[Encoder, Any, KeysOf | None] | _FlushMarker] = deque()
        self._in_flight = InFlightBatches(
            self._post, self._count_delivered, max_in_flight=max_in_flight
        )
        self._stats_lock = threading.Lock()  # rejections are counted on the posting threads
        self._wake = threading.Event()
        self._stopping = False
        self._abandon = False  # closing with a slow server: spool instead of sending
        self._warned_closed = False
        self._spooling = spool.has_pending()
        self._backoff = flush_interval
        self._next_drain = 0.0
        self._logged_rejections: set[tuple[int, str]] = set()
        self._thread = threading.Thread(target=self._run, name="stardag-registry-sender")
        self._thread.daemon = True
        self._thread.start()

    # -- called by the build (any thread) ------------------------------------

    def submit(self, encoder: Encoder, payload: Any, keys: KeysOf | None = None) -> None:
        """Queue one registry call; it is encoded and sent by the background thread.

        ``keys(payload)`` says what the event creates and names, so concurrent
        requests never deliver it before what it depends on; without it the event
        waits for every batch before it.
        """
        if self._stopping:
            if not self._warned_closed:
                self._warned_closed = True
                logger.warning("Stardag registry for %s is closed; ignoring", self.transport.url)
            return
        self._queue.append((encoder, payload, keys))
        if len(self._queue) >= self.batch_events and not self._wake.is_set():
            self._wake.set()

    def flush(self, timeout: float | None = None, drain_spool: bool = True) -> bool:
        """Wait until everything queued so far is delivered or spooled; False on timeout."""
        if not self._thread.is_alive():
            return not self._queue
        marker = _FlushMarker(drain=drain_spool)
        self._queue.append(marker)
        self._wake.set()
        return marker.done.wait(timeout)

    def close(self, timeout: float | None = None) -> None:
        """Flush, stop the thread, seal the spool segment.

        When the server is too slow to take everything within ``timeout``, the
        sender finishes its current request and spools the rest (in order)
        instead of sending it, so the process can end without losing events.
        """
        if self._thread.is_alive():
            if not self.flush(timeout):
                self._abandon = True
            self._stopping = True
            self._wake.set()
            self._thread.join(None if timeout is None else timeout + self.transport.timeout)
        if self._thread.is_alive():
            logger.error(
                "Stardag registry sender for %s did not stop; queued events may be lost",
                self.transport.url,
            )
            return
        self.spool.close()
        self.transport.close()

    @property
    def spooling(self) -> bool:
        return self._spooling

    # -- the background thread -----------------------------------------------

    def _run(self) -> None:
        while True:
            self._wake.wait(self.flush_interval)
            self._wake.clear()
            stopping = self._stopping
            try:
                if self._on_tick is not None:
                    self._on_tick()
                self._process_queue()
            except Exception:  # never let a reporting bug kill the sender
                logger.exception("Stardag registry sender failed; will retry")
            if stopping and not self._queue:
                try:
                    self._settle(force_drain=False)
                finally:
                    self._in_flight.shutdown()
                return

    def _process_queue(self) -> None:
        batch = OutgoingBatch()
        while self._queue:
            item = self._queue.popleft()
            if isinstance(item, _FlushMarker):
                try:
                    self._send(batch)
                    batch = OutgoingBatch()
                    self._settle(force_drain=item.drain)
                finally:
                    item.done.set()  # a failure is logged by _run; never leave flush hanging
                continue
            encoder, payload, keys_of = item
            try:
                encoded = encoder(payload)
                creates, references, barrier = keys_of(payload) if keys_of is not None else _BARRIER
            except Exception:  # one unencodable record must not cost the others
                logger.exception("Stardag registry: cannot encode %r; skipped", payload)
                continue
            for line in (encoded,) if type(encoded) is str else encoded:
                if batch.lines and (
                    len(batch.lines) >= self.batch_events
                    or batch.size + len(line) + 1 > MAX_BATCH_BYTES
                ):  # a full batch: send it while encoding on
                    self._send(batch)
                    batch = OutgoingBatch()
                batch.lines.append(line)
                batch.size += len(line) + 1
                if creates:
                    batch.creates.extend(creates)
                if references:
                    batch.references.update(references)
                if barrier:
                    batch.barrier = True
        self._send(batch)
        if self._spooling or self._in_flight.has_failed:
            self._settle(force_drain=False)  # spool what failed; replay the spool when due

    def _send(self, batch: OutgoingBatch) -> None:
        """Post ``batch`` (in direct mode, alongside others in flight) or spool it."""
        if not batch.lines:
            return
        if not self._spooling and not self._abandon:
            try:
                if self._in_flight.send(batch):
                    return
            except Exception:  # cannot post at all: keep the batch (spool), never drop it
                logger.exception("Stardag registry: cannot post a batch; spooling it")
                self._enter_spool_mode("posting failed")
            # An earlier batch failed: it and whatever else failed go first, in order.
            self._in_flight.settle()
            self._spool_failed()
        self.spool.append(batch.lines)
        self.stats.spooled += len(batch.lines)
        if self._abandon:
            return
        if self._spooling and time.monotonic() >= self._next_drain:
            self._drain()

    def _settle(self, force_drain: bool) -> None:
        """Wait for the batches in flight; spool the failed ones; drain the spool if due."""
        self._in_flight.settle()
        self._spool_failed()
        if self._abandon:
            return
        if self._spooling and (force_drain or time.monotonic() >= self._next_drain):
            self._drain()

    def _spool_failed(self) -> None:
        for failed in self._in_flight.take_failed():
            # The failing batch may or may not be applied; re-sending it from
            # the spool is harmless (idempotent), losing it is not.
            self._enter_spool_mode(failed.reason)
            if failed.lines:
                self.spool.append(failed.lines)
                self.stats.spooled += len(failed.lines)

    def _post(self, lines: list[str]) -> int:
        """One batch, on a posting thread: events the server refuses go to ``rejected/``."""
        return deliver(self.transport, lines, self._reject)

    def _count_delivered(self, accepted: int) -> None:
        self.stats.sent += accepted

    def _enter_spool_mode(self, reason: str) -> None:
        if not self._spooling:
            logger.warning(
                "Stardag registry at %s is unavailable (%s); events are kept in %s and "
                "sent when it is back (or run `stardag registry sync`).",
                self.transport.url,
                reason,
                self.spool.directory,
            )
        self._spooling = True
        self._next_drain = time.monotonic() + self._backoff

    def _drain(self) -> None:
        self.spool.seal_own()
        try:
            outcome = self.spool.replay(self._deliver_replayed, batch_events=self.batch_events)
        except SpoolBusy:
            outcome = None
        if outcome is not None:
            self.stats.replayed += outcome.sent
        if outcome is not None and outcome.drained:
            if outcome.sent:
                logger.info("Delivered %d spooled events to %s", outcome.sent, self.transport.url)
            self._spooling = False
            self._backoff = self.flush_interval
            return
        self._backoff = min(self._backoff * 2, self.max_backoff)
        self._next_drain = time.monotonic() + self._backoff

    def _deliver_replayed(self, lines: list[str]) -> int:
        return deliver(self.transport, lines, self._reject)

    def _reject(self, lines: Sequence[str], rejection: BatchRejected) -> None:
        path = self.spool.reject(lines, rejection.status_code, rejection.detail)
        key = (rejection.status_code, rejection.detail)
        with self._stats_lock:
            self.stats.rejected += len(lines)
            first_time = key not in self._logged_rejections
            self._logged_rejections.add(key)
        if first_time:
            logger.error(
                "Stardag registry at %s rejected %d event(s): %s. They are kept in %s; "
                "this is a bug, please report it.",
                self.transport.url,
                len(lines),
                rejection,
                path,
            )
