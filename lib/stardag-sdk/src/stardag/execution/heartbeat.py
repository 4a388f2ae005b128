"""Tells the registry every few seconds that running tasks are still alive."""

from __future__ import annotations

import logging
import threading

from stardag.registry.base import RegistryABC

logger = logging.getLogger(__name__)


class HeartbeatMonitor:
    """One background thread per build; it heartbeats every run currently active."""

    def __init__(self, registry: RegistryABC, interval_seconds: float) -> None:
        self._registry = registry
        self._interval = interval_seconds
        self._active: set[str] = set()
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="stardag-heartbeat", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def add(self, run_id: str) -> None:
        with self._lock:
            self._active.add(run_id)

    def remove(self, run_id: str) -> None:
        with self._lock:
            self._active.discard(run_id)

    def _beat(self) -> None:
        while not self._stopped.wait(self._interval):
            with self._lock:
                run_ids = list(self._active)
            for run_id in run_ids:
                try:
                    self._registry.heartbeat(run_id)
                except Exception as error:  # a registry problem must not end the build
                    logger.warning("heartbeat of run %s failed: %s", run_id, error)
