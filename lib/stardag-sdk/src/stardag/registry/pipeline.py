"""Several event batches in flight at once, none before a batch it depends on.

With one request at a time the client encodes, the API parses and PostgreSQL
writes by turns. Posting up to ``max_in_flight`` batches concurrently lets the
three overlap; what must not happen is the service seeing an event before the
event that created what it names (it rejects the whole batch with 422): a run
start before its task's registration, a run finish before its start.

So every batch records the entities it *creates* (a task id, a run id, a build
id) and the ones it *references*; a batch is posted only when every in-flight
batch that created something it names has been delivered. A batch marked as a
barrier (``build_finished``) waits for every batch before it. Batches that do
not depend on each other may be applied in any order: the events of one entity
never are.

When a posted batch fails (the server went away), nothing that depends on it is
sent: the caller settles what is in flight and spools the failed batches in
their original order, ahead of everything after them.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field

from stardag.registry.transport import ServerUnavailable

DEFAULT_MAX_IN_FLIGHT = 3


@dataclass
class OutgoingBatch:
    """Encoded events bound for one request, with what they create and reference."""

    lines: list[str] = field(default_factory=list)
    size: int = 0
    creates: list[str] = field(default_factory=list)
    references: set[str] = field(default_factory=set)
    barrier: bool = False

    def add(self, line: str) -> None:
        self.lines.append(line)
        self.size += len(line) + 1


@dataclass
class FailedBatch:
    seq: int
    lines: list[str]
    reason: str


class _PostingThreads:
    """A few daemon threads that post batches, each answer a future.

    Not a ``ThreadPoolExecutor``: that refuses new work once interpreter shutdown
    has begun, which is exactly when the ``atexit`` hook delivers what a script that
    never closed its registry left queued.
    """

    def __init__(self, post: Callable[[list[str]], int], count: int) -> None:
        self._post = post
        self._jobs: queue.SimpleQueue[tuple[Future[int], list[str]] | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"stardag-registry-post-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, lines: list[str]) -> Future[int]:
        future: Future[int] = Future()
        self._jobs.put((future, lines))
        return future

    def stop(self) -> None:
        for _thread in self._threads:
            self._jobs.put(None)
        for thread in self._threads:
            thread.join()

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            future, lines = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self._post(lines))
            except BaseException as error:  # the sender decides what a failure means
                future.set_exception(error)


class InFlightBatches:
    """Posts batches on a few worker threads, in dependency order.

    Used from one thread (the sender's); ``post`` runs on the workers and returns
    how many events the server accepted, or raises :class:`ServerUnavailable`.
    """

    def __init__(
        self,
        post: Callable[[list[str]], int],
        on_delivered: Callable[[int], None],
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
    ) -> None:
        self._post = post
        self._on_delivered = on_delivered
        self.max_in_flight = max(1, max_in_flight)
        self._pool: _PostingThreads | None = None
        self._running: dict[int, tuple[Future[int], OutgoingBatch]] = {}
        self._creator: dict[str, int] = {}  # entity -> in-flight batch that creates it
        self._next_seq = 0
        self._failed: list[FailedBatch] = []

    def send(self, batch: OutgoingBatch) -> bool:
        """Post ``batch`` once the batches it depends on are delivered.

        Returns False, without posting, when a batch posted earlier failed: the
        caller then keeps order by spooling (see :meth:`take_failed`).
        """
        self._reap(block=False)
        if batch.barrier:
            self._wait_for(list(self._running))
        else:
            creator = self._creator
            self._wait_for(
                {creator[key] for key in _chain(batch.references, batch.creates) if key in creator}
            )
        while len(self._running) >= self.max_in_flight and not self._failed:
            self._reap(block=True)
        if self._failed:
            return False
        seq = self._next_seq
        self._next_seq += 1
        if self._pool is None:
            self._pool = _PostingThreads(self._post, self.max_in_flight)
        self._running[seq] = (self._pool.submit(batch.lines), batch)
        for key in batch.creates:
            self._creator[key] = seq
        return True

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def has_failed(self) -> bool:
        self._reap(block=False)
        return bool(self._failed)

    def settle(self) -> None:
        """Wait until every posted batch is delivered or has failed."""
        self._wait_for(list(self._running))

    def take_failed(self) -> list[FailedBatch]:
        """The batches that failed (their unsent events), oldest first; forgets them."""
        failed = sorted(self._failed, key=lambda item: item.seq)
        self._failed = []
        return failed

    def shutdown(self) -> None:
        self.settle()
        if self._pool is not None:
            self._pool.stop()
            self._pool = None

    # -- internals ---------------------------------------------------------------

    def _wait_for(self, seqs: Iterable[int]) -> None:
        futures = [self._running[seq][0] for seq in seqs if seq in self._running]
        if futures:
            wait(futures)
        self._reap(block=False)

    def _reap(self, block: bool) -> None:
        if not self._running:
            return
        if block:
            wait([future for future, _batch in self._running.values()], return_when=FIRST_COMPLETED)
        for seq in [seq for seq, (future, _b) in self._running.items() if future.done()]:
            future, batch = self._running.pop(seq)
            for key in batch.creates:
                if self._creator.get(key) == seq:
                    del self._creator[key]
            error = future.exception()
            if error is None:
                self._on_delivered(future.result())
                continue
            # Leading events the server took before it went away need not be spooled
            # (spooling them too would be harmless: every event is idempotent).
            handled = error.handled if isinstance(error, ServerUnavailable) else 0
            self._failed.append(FailedBatch(seq, batch.lines[handled:], str(error)))


def _chain(first: Iterable[str], second: Iterable[str]) -> Iterable[str]:
    yield from first
    yield from second
