"""Deliver batches of encoded events to ``POST /api/v1/events``.

The transport classifies every failure into the two cases the sender acts on:

- :class:`ServerUnavailable` — connection errors, timeouts, 5xx, 408, 429, and
  401/403 (no valid API key): the batch is fine, the server or the key is not;
  keep it (spool) and retry later with backoff.
- :class:`BatchRejected` — any other 4xx: the service says the batch is wrong.
  Retrying cannot help, so :func:`deliver` isolates the offending events by
  bisection, hands them to a rejection sink and delivers the rest in order.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import httpx

EVENTS_PATH = "/api/v1/events"
# Service limits are 5,000 events and 10 MiB per request; stay well inside both.
MAX_BATCH_EVENTS = 2_000
MAX_BATCH_BYTES = 4 * 1024 * 1024
# A rejected batch is bisected to find the bad events, but never with more
# requests than this: a server rejecting everything must not cost 2n requests.
MAX_BISECT_REQUESTS = 64


class ServerUnavailable(Exception):
    """The registry service could not take the batch now (retry later)."""

    handled: int = 0  # leading events of the call that were dealt with before it failed


class BatchRejected(Exception):
    """The registry service refused the batch as invalid (4xx); do not retry it."""

    def __init__(self, status_code: int, detail: str):
        super().__init__(f"HTTP {status_code}: {detail}")
        self.status_code = status_code
        self.detail = detail


RejectionSink = Callable[[Sequence[str], BatchRejected], None]


def split_batches(
    lines: Sequence[str],
    max_events: int = MAX_BATCH_EVENTS,
    max_bytes: int = MAX_BATCH_BYTES,
) -> Iterator[list[str]]:
    """Split encoded events, in order, into request-sized batches."""
    batch: list[str] = []
    size = 0
    for line in lines:
        if batch and (len(batch) >= max_events or size + len(line) + 1 > max_bytes):
            yield batch
            batch, size = [], 0
        batch.append(line)
        size += len(line) + 1
    if batch:
        yield batch


def _detail(response: httpx.Response) -> str:
    try:
        body: Any = response.json()
    except ValueError:
        return response.text[:500] or response.reason_phrase
    if isinstance(body, dict) and "detail" in body:
        return str(body["detail"])
    return json.dumps(body)[:500]


class EventsTransport:
    """A keep-alive HTTP client for one registry server; counts its requests.

    Thread-safe: several batches may be posted at once (one connection each).
    """

    def __init__(
        self,
        url: str,
        connect_timeout: float = 2.0,
        timeout: float = 15.0,
        api_key: str | None = None,
    ):
        """``api_key`` defaults to the configured one (``STARDAG_API_KEY`` or config.toml)."""
        import httpx

        from stardag.config import get_settings

        self.url = url.rstrip("/")
        self.timeout = timeout
        self.request_count = 0
        self.slowest_request_seconds = 0.0
        """The longest a request took to be answered (benchmarks tune timeouts by it)."""
        self._count_lock = threading.Lock()  # posts run on several threads at once
        headers = {"content-type": "application/json"}
        key = api_key or get_settings().configured_api_key()
        if key:
            headers["authorization"] = f"Bearer {key}"
        self._client = httpx.Client(
            base_url=self.url,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            headers=headers,
        )

    def post(self, lines: Sequence[str]) -> int:
        """Send one batch; return how many events the server accepted.

        Raises:
            ServerUnavailable: the server is unreachable or answered 5xx/408/429.
            BatchRejected: the server answered any other 4xx.
        """
        import httpx

        body = '{"events":[' + ",".join(lines) + "]}"
        with self._count_lock:
            self.request_count += 1
        started = time.perf_counter()
        try:
            response = self._client.post(EVENTS_PATH, content=body.encode())
        except httpx.HTTPError as exc:
            raise ServerUnavailable(f"{type(exc).__name__}: {exc}") from exc
        took = time.perf_counter() - started
        if took > self.slowest_request_seconds:
            with self._count_lock:
                self.slowest_request_seconds = max(self.slowest_request_seconds, took)
        status = response.status_code
        if status < 300:
            return len(lines)
        if status >= 500 or status in (408, 429):
            raise ServerUnavailable(f"HTTP {status}: {_detail(response)}")
        if status in (401, 403):
            # The key is missing or wrong, not the batch: keep the events (spool) until
            # STARDAG_API_KEY is fixed rather than dropping them as rejected.
            raise ServerUnavailable(f"HTTP {status}: {_detail(response)} (check STARDAG_API_KEY)")
        raise BatchRejected(status, _detail(response))

    def close(self) -> None:
        self._client.close()


def deliver(transport: EventsTransport, lines: Sequence[str], on_rejected: RejectionSink) -> int:
    """Send ``lines`` in order; route events the server refuses to ``on_rejected``.

    Returns how many events were accepted. Raises :class:`ServerUnavailable`
    whose ``handled`` attribute counts the leading events whose batches were
    fully dealt with (accepted or rejected), so the caller keeps only the rest.
    """
    progress = _Progress()
    for batch in split_batches(lines):
        progress.budget = MAX_BISECT_REQUESTS
        try:
            _deliver_bisecting(transport, batch, on_rejected, progress)
        except ServerUnavailable as exc:
            exc.handled = progress.handled
            raise
        progress.handled += len(batch)
    return progress.accepted


class _Progress:
    def __init__(self) -> None:
        self.handled = 0
        self.accepted = 0
        self.budget = MAX_BISECT_REQUESTS


def _deliver_bisecting(
    transport: EventsTransport,
    batch: Sequence[str],
    on_rejected: RejectionSink,
    progress: _Progress,
) -> None:
    try:
        progress.accepted += transport.post(batch)
        return
    except BatchRejected as rejection:
        if len(batch) == 1 or progress.budget <= 0:
            on_rejected(batch, rejection)
            return
    progress.budget -= 2
    middle = len(batch) // 2
    _deliver_bisecting(transport, batch[:middle], on_rejected, progress)
    _deliver_bisecting(transport, batch[middle:], on_rejected, progress)
