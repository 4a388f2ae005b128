"""While tasks run: tell the registry they are alive, and ship their new log lines.

One background thread per build. Every ``LOG_SHIP_INTERVAL_SECONDS`` (or every
heartbeat interval, if shorter) it hands each running task's newly captured log
records to the registry, so a long task's logs show while it runs and a killed
process keeps what it logged up to the last tick; every heartbeat interval it
heartbeats each running run.
"""

from __future__ import annotations

import logging
import threading
import time
from functools import partial

from stardag.execution.log_capture import RunLogBuffer
from stardag.registry.base import RegistryABC

logger = logging.getLogger(__name__)

LOG_SHIP_INTERVAL_SECONDS = 1.0


class RunMonitor:
    """Heartbeats and log shipping for the runs of one build."""

    def __init__(self, registry: RegistryABC, heartbeat_interval_seconds: float) -> None:
        self._registry = registry
        self._heartbeat_interval = heartbeat_interval_seconds
        self._tick = min(heartbeat_interval_seconds, LOG_SHIP_INTERVAL_SECONDS)
        self._active: dict[str, RunLogBuffer | None] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="stardag-run-monitor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    def add(self, run_id: str, logs: RunLogBuffer | None = None) -> None:
        """Watch run ``run_id``; ``logs`` is its capture buffer, shipped as it fills."""
        with self._lock:
            self._active[run_id] = logs

    def remove(self, run_id: str) -> None:
        """Stop watching ``run_id`` (its runner ships the remaining logs itself)."""
        with self._lock:
            self._active.pop(run_id, None)

    def ship_logs(self, run_id: str, logs: RunLogBuffer) -> None:
        """Hand the records ``logs`` captured since its last shipment to the registry."""
        if not logs.has_news():
            return  # most runs log nothing: no partial, no call
        try:
            logs.ship_new(partial(self._registry.append_logs, run_id))
        except Exception as error:  # a registry problem must not end the build
            logger.warning("shipping the logs of run %s failed: %s", run_id, error)

    def _watch(self) -> None:
        last_beat = time.monotonic()
        while not self._stopped.wait(self._tick):
            with self._lock:
                active = list(self._active.items())
            for run_id, logs in active:
                if logs is not None:
                    self.ship_logs(run_id, logs)
            now = time.monotonic()
            if now - last_beat < self._heartbeat_interval * 0.999:
                continue
            last_beat = now
            for run_id, _logs in active:
                try:
                    self._registry.heartbeat(run_id)
                except Exception as error:  # a registry problem must not end the build
                    logger.warning("heartbeat of run %s failed: %s", run_id, error)
