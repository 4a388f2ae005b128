"""Task leases: two builders that reach the same task never run it twice.

Before running a task, a build takes the task's lease. A builder that finds it held
by another waits for the holder to let go, then treats the task as complete when
its output exists (the holder built it) or takes the lease and runs it (the holder
failed). A holder that dies stops renewing, so its lease expires and another
builder takes over.

- :class:`APITaskLeases`: leases in the registry service (``POST
  /api/v1/tasks/{id}/lease``, ``/renew``, ``/release``), renewed by a background
  thread every third of the TTL. Works across processes and machines.
- :class:`FileTaskLeases`: an exclusive ``flock`` per task next to the file-system
  registry; the operating system releases it when the holder dies. One machine
  (or a file system with working ``flock``).

``STARDAG_TASK_LEASES=off`` turns leases off; ``STARDAG_TASK_LEASE_TTL_SECONDS``
(default 30) sets the API lease TTL.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from abc import ABC, abstractmethod
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

DEFAULT_TTL_SECONDS = 30.0
POLL_SECONDS = 0.25


class TaskLeases(ABC):
    """Take and give back the right to run a task (picklable: it travels to workers)."""

    poll_seconds: float = POLL_SECONDS

    @abstractmethod
    def acquire(self, task_id: str, holder: str) -> bool:
        """Take the lease of ``task_id`` for ``holder``; False while another holds it."""

    @abstractmethod
    def release(self, task_id: str, holder: str) -> None:
        """Give the lease back (idempotent)."""


SKIP_WHILE_UNREACHABLE_SECONDS = 30.0


def leases_wanted(default: bool) -> bool:
    """``STARDAG_TASK_LEASES``: ``on`` / ``off``, or ``auto`` (unset): ``default``.

    Each leased task costs two requests to the service (about 10 ms a task here), so
    builds take leases only where several builders may share tasks: when asked
    (``GlobalLockConfig(enabled=True)``, the variable) or on a distributed executor.
    """
    value = os.environ.get("STARDAG_TASK_LEASES", "auto").strip().lower()
    if value in {"on", "1", "true", "yes"}:
        return True
    if value in {"off", "0", "false", "no"}:
        return False
    return default


def leases_for(registry: Any, default: bool = False) -> TaskLeases | None:
    """The leases that go with ``registry`` when leasing is wanted (see
    :func:`leases_wanted`); None: no leasing (e.g. the no-op registry)."""
    if not leases_wanted(default):
        return None
    from stardag.registry.filesystem import FileSystemRegistry

    if isinstance(registry, FileSystemRegistry):
        return FileTaskLeases(Path(registry.root) / "leases")
    if type(registry).__name__ == "APIRegistry":
        ttl = float(os.environ.get("STARDAG_TASK_LEASE_TTL_SECONDS", DEFAULT_TTL_SECONDS))
        return APITaskLeases(registry.url, ttl_seconds=ttl)
    return None


class FileTaskLeases(TaskLeases):
    """One ``flock``-ed file per task under ``directory``; held while this process lives."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self._held: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, Any]:
        return {"directory": self.directory}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["directory"])  # type: ignore[misc]

    def acquire(self, task_id: str, holder: str) -> bool:
        import fcntl

        with self._lock:
            if (task_id, holder) in self._held:
                return True
            self.directory.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.directory / f"{task_id}.lock", os.O_RDWR | os.O_CREAT)
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(descriptor)
                return False
            self._held[(task_id, holder)] = descriptor
            return True

    def release(self, task_id: str, holder: str) -> None:
        with self._lock:
            descriptor = self._held.pop((task_id, holder), None)
        if descriptor is not None:
            os.close(descriptor)  # closing drops the flock


class APITaskLeases(TaskLeases):
    """Leases in the registry service at ``url``, renewed in the background while held.

    A service that cannot be reached grants nothing to wait for: the task runs
    (leases prevent duplicate work; they must not stop a build when the service is
    away — the registry spools the runs meanwhile).
    """

    def __init__(self, url: str, ttl_seconds: float = DEFAULT_TTL_SECONDS) -> None:
        self.url = url.rstrip("/")
        self.ttl_seconds = ttl_seconds
        self._setup()

    def _setup(self) -> None:
        self._client: Any = None
        # While the service is unreachable (or has no leases), tasks run without asking
        # it: one warning, not two failed connections per task.
        self._skip_until = 0.0
        self._held: dict[str, str] = {}
        self._lock = threading.Lock()
        self._renewer: threading.Thread | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {"url": self.url, "ttl_seconds": self.ttl_seconds}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.url, self.ttl_seconds = state["url"], state["ttl_seconds"]
        self._setup()

    def _http(self) -> Any:
        if self._client is None:
            import httpx

            self._client = httpx.Client(base_url=self.url, timeout=10)
        return self._client

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        return self._http().post(path, json=body)

    def _skip(self, seconds: float, message: str, *args: Any) -> None:
        if time.monotonic() >= self._skip_until:
            logger.warning(message + "; tasks run without leases for %.0f s", *args, seconds)
        self._skip_until = time.monotonic() + seconds

    def acquire(self, task_id: str, holder: str) -> bool:
        if time.monotonic() < self._skip_until:
            return True
        body = {"holder": holder, "ttl_seconds": self.ttl_seconds}
        try:
            response = self._post(f"/api/v1/tasks/{task_id}/lease", body)
        except Exception as error:
            self._skip(SKIP_WHILE_UNREACHABLE_SECONDS, "task leases: %s is unreachable (%s)",
                       self.url, error)  # fmt: skip
            return True
        if response.status_code == 404:  # a service without leases
            self._skip(float("inf"), "task leases: %s has no lease endpoint", self.url)
            return True
        if response.status_code != 200:
            self._skip(SKIP_WHILE_UNREACHABLE_SECONDS, "task leases: %s answered HTTP %s %s",
                       self.url, response.status_code, response.text[:200])  # fmt: skip
            return True
        if not response.json()["granted"]:
            return False
        with self._lock:
            self._held[task_id] = holder
            self._ensure_renewer()
        return True

    def release(self, task_id: str, holder: str) -> None:
        with self._lock:
            known = self._held.pop(task_id, None) is not None
        if not known:  # never granted by the service (it was away): nothing to release
            return
        try:
            self._post(f"/api/v1/tasks/{task_id}/lease/release", {"holder": holder})
        except Exception as error:  # it expires by itself
            logger.warning("releasing the lease of %s failed: %s", task_id, error)

    def _ensure_renewer(self) -> None:
        if self._renewer is None or not self._renewer.is_alive():
            self._renewer = threading.Thread(
                target=self._renew_forever, name="stardag-lease-renewer", daemon=True
            )
            self._renewer.start()

    def _renew_forever(self) -> None:
        interval = self.ttl_seconds / 3
        stop = threading.Event()
        while not stop.wait(interval):
            with self._lock:
                held = dict(self._held)
            for task_id, holder in held.items():
                body = {"holder": holder, "ttl_seconds": self.ttl_seconds}
                try:
                    response = self._post(f"/api/v1/tasks/{task_id}/lease/renew", body)
                except Exception as error:
                    logger.warning("renewing the lease of %s failed: %s", task_id, error)
                    continue
                if response.status_code == 409:
                    logger.warning("the lease of %s was lost (expired before renewal)", task_id)
