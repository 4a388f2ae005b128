"""``APIRegistry``: report builds to the Stardag registry service, without ever slowing them.

Every registry call becomes an event on an in-memory queue (no I/O in the
build's hot path); a background :class:`~stardag.registry.sender.BatchingSender`
posts them in batches to ``POST /api/v1/events`` every ~250 ms (sooner when a
batch is full, and on ``flush``). When the server cannot be reached, the events
go to a durable spool under ``$STARDAG_HOME/spool/`` and are replayed in order
on the next successful contact, or by :func:`sync_spool`
(``stardag registry sync``).

While a task runs, the registry keeps its run alive on the server with
``run_heartbeat`` events, so a run whose process died is marked failed by the
service after its heartbeat timeout instead of staying "running" forever.

``httpx`` is imported only when a registry or a sync is created: ``import
stardag`` stays fast, and probing for a server uses the standard library.
"""

from __future__ import annotations

import atexit
import json
import logging
import threading
import time
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from stardag.registry import events
from stardag.registry.base import RegistryABC
from stardag.registry.events import EventKeys
from stardag.registry.models import (
    BuildStart,
    BuildStatus,
    LogRecord,
    RunFinish,
    RunStart,
    TaskRegistration,
    TaskStateReport,
    utc_now,
)
from stardag.registry.pipeline import DEFAULT_MAX_IN_FLIGHT

logger = logging.getLogger(__name__)

HEALTH_PATH = "/health"
# How long ``flush`` (end of a build) and ``close`` (end of the process) wait for
# the server; what it has not taken by then is sent in the background (flush)
# or kept in the spool (close).
FLUSH_TIMEOUT_SECONDS = 30.0
CLOSE_TIMEOUT_SECONDS = 10.0
STATES_PER_EVENT = 1_000


def default_spool_root() -> Path:
    """``$STARDAG_HOME/spool``."""
    from stardag.config import get_settings

    return get_settings().home / "spool"


def probe_registry_server(url: str, timeout: float) -> bool:
    """True when a Stardag registry at ``url`` answers ``GET /health`` with ok within ``timeout``.

    Never raises: an unreachable, slow, unhealthy or foreign server is ``False``.
    """
    import http.client  # the standard library's client: much cheaper to import than httpx

    try:
        parts = urlsplit(url)
        port = parts.port  # raises ValueError for a port that is not a number
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    connection_type = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_type(parts.hostname, port, timeout=timeout)
    try:
        connection.request("GET", parts.path.rstrip("/") + HEALTH_PATH)
        response = connection.getresponse()
        if response.status != 200:
            return False
        body = json.loads(response.read(65536))
        return isinstance(body, dict) and body.get("status") == "ok"
    except (OSError, ValueError, http.client.HTTPException):
        return False
    finally:
        connection.close()


class APIRegistry(RegistryABC):
    """Records builds in the Stardag registry service at ``url``.

    Args:
        url: base URL of the service, e.g. ``http://127.0.0.1:8420``.
        spool_root: where offline events are kept; default ``$STARDAG_HOME/spool``.
        flush_interval: longest time an event waits in memory before it is sent.
        batch_events: events per request at most (the service takes 5,000).
        max_in_flight: requests posted at once (default 3), so encoding, the service
            and its database work at the same time; a request never carries an event
            that depends on one still in flight (a run's start on its task's
            registration), so the service always sees them in order.
        heartbeat_interval: how often a running run is reported alive; default
            ``STARDAG_HEARTBEAT_INTERVAL_SECONDS``. Must be well below the
            service's ``STARDAG_RUN_HEARTBEAT_TIMEOUT_SECONDS``.
        api_url: the original stardag's name for ``url``; without either, the
            configured server URL (``stardag config show``).
        api_key: accepted for compatibility.
        request_timeout: how long one request may take before the server counts
            as unavailable (its batch is spooled and retried later).

    Calls never raise for a reporting problem and never wait on the network,
    except ``flush``/``close``, which wait at most their ``timeout``.
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        api_url: str | None = None,
        api_key: str | None = None,
        spool_root: Path | None = None,
        flush_interval: float = 0.25,
        batch_events: int = 2_000,
        max_in_flight: int = DEFAULT_MAX_IN_FLIGHT,
        heartbeat_interval: float | None = None,
        request_timeout: float = 15.0,
    ):
        from stardag.config import get_settings
        from stardag.registry.sender import BatchingSender
        from stardag.registry.spool import Spool
        from stardag.registry.transport import EventsTransport

        if heartbeat_interval is None:
            heartbeat_interval = get_settings().heartbeat_interval_seconds
        url = url or api_url or get_settings().configured_registry_url()[0]
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.heartbeat_interval = heartbeat_interval
        self._registered: set[str] = set()
        self._last_beat: dict[str, float] = {}
        self._beat_lock = threading.Lock()
        # Per running run, the seq for its next log record that arrives without one.
        self._next_log_seq: dict[str, int] = {}
        self._closed = False
        self._spool = Spool(spool_root or default_spool_root(), self.url)
        self._sender = BatchingSender(
            EventsTransport(self.url, timeout=request_timeout),
            self._spool,
            flush_interval=flush_interval,
            batch_events=batch_events,
            max_in_flight=max_in_flight,
            on_tick=self._beat_running_runs,
        )
        # The process may end without ``close`` (a script that just returns):
        # deliver or spool what is queued instead of dropping it with the thread.
        _open_registries.add(self)

    def __repr__(self) -> str:
        return f"APIRegistry({self.url!r})"

    # -- RegistryABC ---------------------------------------------------------

    def start_build(self, build: BuildStart) -> None:
        # Re-send registrations once per build: the server may have been reset
        # since the last build of this process (they are idempotent there).
        self._registered = set()
        self._sender.submit(events.build_started, build, _build_started_keys)

    def finish_build(self, build_id: str, status: BuildStatus) -> None:
        # No keys: a build's finish waits for everything reported before it.
        self._sender.submit(_encode_build_finished, (build_id, status, utc_now()))

    def register_tasks(self, tasks: Sequence[TaskRegistration]) -> None:
        registered, submit = self._registered, self._sender.submit
        for task in tasks:
            # The build may hand the same task over more than once (it is shared by
            # several parts of the DAG); the service would ignore repeats, so skip them.
            if task.task_id in registered:
                continue
            registered.add(task.task_id)
            submit(events.task_registered, task, _registration_keys)

    def report_task_states(self, build_id: str, states: Sequence[TaskStateReport]) -> None:
        # Chunked like registrations: one event stays far below the service's body limit.
        for start in range(0, len(states), STATES_PER_EVENT):
            chunk = list(states[start : start + STATES_PER_EVENT])
            self._sender.submit(_encode_task_states, (build_id, chunk), _task_states_keys)

    def start_run(self, run: RunStart) -> None:
        with self._beat_lock:
            self._last_beat[run.run_id] = time.monotonic()
        self._sender.submit(events.run_started, run, _run_started_keys)

    def heartbeat(self, run_id: str) -> None:
        now = time.monotonic()
        with self._beat_lock:
            last = self._last_beat.get(run_id)
            if last is None or now - last < self.heartbeat_interval / 2:
                return  # unknown/finished run, or beaten a moment ago
            self._last_beat[run_id] = now
        self._sender.submit(_encode_heartbeat, run_id, _run_keys)

    def finish_run(self, run_id: str, finish: RunFinish) -> None:
        with self._beat_lock:
            self._last_beat.pop(run_id, None)
            self._next_log_seq.pop(run_id, None)
        self._sender.submit(_encode_run_finished, (run_id, finish), _first_is_run_keys)

    def append_logs(self, run_id: str, records: Sequence[LogRecord]) -> None:
        if records:
            self._sender.submit(
                _encode_logs, (run_id, self._numbered(run_id, records)), _first_is_run_keys
            )

    def _numbered(self, run_id: str, records: Sequence[LogRecord]) -> list[LogRecord]:
        """``records`` each with a ``seq``: the service stores every (run, seq) once, so a
        batch sent again (a timeout whose request did land, then the spool) adds nothing.

        The build's log capture numbers its records; others are numbered here, in call order.
        """
        with self._beat_lock:
            next_seq = self._next_log_seq.get(run_id, 0)
            numbered = []
            for record in records:
                if record.seq is None:
                    record = record.model_copy(update={"seq": next_seq})
                next_seq = max(next_seq, record.seq + 1)  # type: ignore[operator]
                numbered.append(record)
            self._next_log_seq[run_id] = next_seq
        return numbered

    def flush(self, timeout: float | None = None) -> None:
        """Deliver (or spool) everything queued so far.

        Waits at most ``timeout`` seconds (default 30); after that the sender
        carries on in the background and ``close`` spools what is left.
        """
        if self._closed:
            return
        if not self._sender.flush(FLUSH_TIMEOUT_SECONDS if timeout is None else timeout):
            logger.warning(
                "Stardag registry at %s is slow; still delivering events in the background",
                self.url,
            )

    def close(self, timeout: float | None = CLOSE_TIMEOUT_SECONDS) -> None:
        if self._closed:
            return
        self._closed = True
        _open_registries.discard(self)
        self._sender.close(timeout)

    # -- introspection -------------------------------------------------------

    @property
    def request_count(self) -> int:
        """HTTP requests made to the service so far (benchmarks)."""
        return self._sender.transport.request_count

    @property
    def spooling(self) -> bool:
        """True while events go to the offline spool because the server is unavailable."""
        return self._sender.spooling

    @property
    def spool_directory(self) -> Path:
        return self._spool.directory

    @property
    def stats(self) -> dict[str, int]:
        """Events sent, spooled, replayed from the spool and rejected so far; requests
        made and the slowest answer (ms)."""
        counters = self._sender.stats
        return {
            "sent": counters.sent,
            "spooled": counters.spooled,
            "replayed": counters.replayed,
            "rejected": counters.rejected,
            "requests": self.request_count,
            "slowest_request_ms": round(self._sender.transport.slowest_request_seconds * 1000),
        }

    # -- heartbeats ----------------------------------------------------------

    def _beat_running_runs(self) -> None:
        """Called by the sender thread on every wake-up: keep running runs alive.

        The build also calls :meth:`heartbeat`; this makes liveness independent
        of it, and it stops exactly when the process stops.
        """
        now = time.monotonic()
        due = []
        with self._beat_lock:
            for run_id, last in self._last_beat.items():
                if now - last >= self.heartbeat_interval:
                    self._last_beat[run_id] = now
                    due.append(run_id)
        for run_id in due:
            self._sender.submit(_encode_heartbeat, run_id, _run_keys)


# What each event creates and names: concurrent requests never deliver an event
# before the one that created what it names (see stardag.registry.pipeline).


def _build_started_keys(build: BuildStart) -> EventKeys:
    return EventKeys(creates=(build.build_id,))


def _registration_keys(task: TaskRegistration) -> EventKeys:
    return EventKeys(creates=(task.task_id,), references=tuple(task.dependencies))


def _task_states_keys(payload: tuple[str, list[TaskStateReport]]) -> EventKeys:
    build_id, states = payload
    named = [build_id]
    for state in states:
        named.append(state.task_id)
        if state.cause_task_id is not None:
            named.append(state.cause_task_id)
    return EventKeys(references=tuple(named))


def _run_started_keys(run: RunStart) -> EventKeys:
    named = (run.task_id,) if run.build_id is None else (run.task_id, run.build_id)
    return EventKeys(creates=(run.run_id,), references=named)


def _run_keys(run_id: str) -> EventKeys:
    return EventKeys(references=(run_id,))


def _first_is_run_keys(payload: tuple[str, object]) -> EventKeys:
    return EventKeys(references=(payload[0],))


def _encode_build_finished(payload: tuple[str, BuildStatus, object]) -> str:
    build_id, status, finished_at = payload
    return events.build_finished(build_id, status, finished_at)  # type: ignore[arg-type]


def _encode_task_states(payload: tuple[str, list[TaskStateReport]]) -> str:
    return events.task_states(*payload)


def _encode_heartbeat(run_id: str) -> str:
    return events.run_heartbeat(run_id, utc_now())


def _encode_run_finished(payload: tuple[str, RunFinish]) -> str:
    return events.run_finished(*payload)


def _encode_logs(payload: tuple[str, list[LogRecord]]) -> list[str]:
    return events.logs_appended(*payload)


_open_registries: weakref.WeakSet[APIRegistry] = weakref.WeakSet()


@atexit.register
def _close_open_registries() -> None:
    for registry in list(_open_registries):
        registry.close()


# -- explicit sync (``stardag registry sync``) --------------------------------


@dataclass(frozen=True)
class SpoolSyncResult:
    """What :func:`sync_spool` did for one server URL."""

    url: str
    spool_directory: Path
    sent: int
    rejected: int
    remaining: int
    error: str | None = None

    @property
    def ok(self) -> bool:
        """True when the spool is empty and nothing was refused."""
        return self.error is None and self.remaining == 0 and self.rejected == 0


def sync_spool(
    url: str | None = None,
    *,
    spool_root: Path | None = None,
    wait: float = 30.0,
) -> SpoolSyncResult:
    """Replay the offline spool of ``url`` (default: the configured registry URL) to it.

    Sends every spooled event in order, removing what the server acknowledged;
    events it refuses (4xx) are moved to the spool's ``rejected/`` folder.
    Never raises for an unreachable server: ``error`` and ``remaining`` say so.
    Waits up to ``wait`` seconds when another process is replaying the same spool.
    """
    from stardag.registry.spool import Spool, SpoolBusy
    from stardag.registry.transport import BatchRejected, EventsTransport, deliver

    if url is None:
        from stardag.config import get_settings

        url, _source = get_settings().configured_registry_url()
    spool = Spool(spool_root or default_spool_root(), url)
    transport = EventsTransport(spool.url)
    logged: set[tuple[int, str]] = set()

    def on_rejected(lines: Sequence[str], rejection: BatchRejected) -> None:
        path = spool.reject(lines, rejection.status_code, rejection.detail)
        if (rejection.status_code, rejection.detail) not in logged:
            logged.add((rejection.status_code, rejection.detail))
            logger.error(
                "%s rejected %d event(s): %s (kept in %s)", url, len(lines), rejection, path
            )

    try:
        outcome = spool.replay(lambda lines: deliver(transport, lines, on_rejected), wait=wait)
    except SpoolBusy:
        return SpoolSyncResult(
            url=spool.url,
            spool_directory=spool.directory,
            sent=0,
            rejected=0,
            remaining=spool.pending_events(),
            error="another process is replaying this spool; try again in a moment",
        )
    finally:
        transport.close()
    return SpoolSyncResult(
        url=spool.url,
        spool_directory=spool.directory,
        sent=outcome.sent,
        rejected=outcome.rejected,
        remaining=outcome.remaining,
        error=outcome.error,
    )


def sync_all_spools(spool_root: Path | None = None) -> list[SpoolSyncResult]:
    """:func:`sync_spool` for every server URL that has a spool under ``spool_root``."""
    from stardag.registry.spool import spool_directories

    root = spool_root or default_spool_root()
    return [sync_spool(url, spool_root=root) for url, _directory in spool_directories(root)]
