"""Running one task in another process (a Dask worker) for a build driven elsewhere.

The driver cannot ship its build context (registry client threads, the run
monitor, the dynamic-dependency callback): it ships a :class:`RemoteRun` instead
— the task, the build id, how to reach the driver's registry and the driver's
target roots — and the worker process rebuilds what a run needs. Each worker
process keeps one registry client and one run monitor per registry it reports
to, so heartbeats and captured logs go straight from the worker to the registry.
"""

from __future__ import annotations

import logging
import os
import pickle
import threading
from contextlib import ExitStack
from dataclasses import dataclass, field

from stardag.base_task import BaseTask
from stardag.execution.log_capture import log_capture_installed
from stardag.execution.run_monitor import RunMonitor
from stardag.execution.runner import BuildContext, TaskOutcome, TaskRunner
from stardag.registry.base import RegistryABC
from stardag.registry.identity import ProcessIdentity, process_identity

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegistrySpec:
    """How a worker process reaches the driver's registry.

    ``kind`` is ``api`` (``location`` = service URL), ``fs`` (``location`` = root
    directory, which must be shared with the workers) or ``noop``; any other
    registry travels pickled (``custom``).
    """

    kind: str
    location: str | None = None
    api_key: str | None = None
    custom: RegistryABC | None = field(default=None, compare=False, hash=False)

    @classmethod
    def of(cls, registry: RegistryABC) -> RegistrySpec:
        from stardag.registry.filesystem import FileSystemRegistry
        from stardag.registry.noop import NoOpRegistry

        if isinstance(registry, NoOpRegistry):
            return cls("noop")
        if isinstance(registry, FileSystemRegistry):
            return cls("fs", str(registry.root))
        if type(registry).__name__ == "APIRegistry":
            return cls("api", registry.url, getattr(registry, "api_key", None))  # type: ignore[attr-defined]
        return cls("custom", type(registry).__qualname__, custom=registry)

    def create(self) -> RegistryABC:
        if self.kind == "noop":
            from stardag.registry.noop import NoOpRegistry

            return NoOpRegistry()
        if self.kind == "fs":
            from stardag.registry.filesystem import FileSystemRegistry

            return FileSystemRegistry(self.location)
        if self.kind == "api":
            from stardag.registry.api import APIRegistry

            return APIRegistry(self.location, api_key=self.api_key)
        assert self.custom is not None
        return self.custom


@dataclass
class RemoteRun:
    """Everything a worker needs to run one task of a build (picklable)."""

    task: BaseTask
    build_id: str
    registry: RegistrySpec
    runner: TaskRunner
    target_roots: dict[str, str]
    capture_logs: bool
    heartbeat_interval_seconds: float
    retries: int = 0


class _WorkerState:
    """Per worker process: one registry + run monitor per registry spec, and the log
    capture installed once (runs of many builds share them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._registries: dict[tuple[str, str | None], tuple[RegistryABC, RunMonitor]] = {}
        self._keep = ExitStack()
        self._capture_installed = False
        self.identity: ProcessIdentity | None = None

    def registry_for(self, run: RemoteRun) -> tuple[RegistryABC, RunMonitor]:
        spec = run.registry
        if spec.kind == "custom":  # not shareable by value: its own monitor per run
            registry = spec.create()
            return registry, RunMonitor(registry, run.heartbeat_interval_seconds)
        key = (spec.kind, spec.location)
        with self._lock:
            if key not in self._registries:
                registry = spec.create()
                monitor = RunMonitor(registry, run.heartbeat_interval_seconds)
                monitor.start()
                self._registries[key] = (registry, monitor)
            if run.capture_logs and not self._capture_installed:
                self._keep.enter_context(log_capture_installed())
                self._capture_installed = True
            if self.identity is None:
                base = process_identity()
                # The run's host says which worker process ran it (there is no pid field).
                host = f"{base.host} (pid {os.getpid()})"
                self.identity = ProcessIdentity(base.user, host, base.commit_hash)
            return self._registries[key]

    def flush(self, timeout: float) -> int:
        with self._lock:
            registries = [registry for registry, _monitor in self._registries.values()]
        for registry in registries:
            try:
                registry.flush(timeout)
            except Exception as error:  # reporting must not fail the caller
                logger.warning("flushing %r failed: %s", registry, error)
        return len(registries)


_state = _WorkerState()


def run_remote(run: RemoteRun) -> TaskOutcome:
    """Run ``run.task`` in this process, reporting to the driver's registry.

    A failing task is retried up to ``run.retries`` times (each attempt is its own
    run in the registry). Dynamic dependencies a ``run()`` yields are built here,
    in this worker process, under the same build id.
    """
    from stardag.execution.builder import _Build
    from stardag.execution.summary import BuildExitStatus, BuildSummary, FailMode
    from stardag.target import target_roots_override

    registry, monitor = _state.registry_for(run)
    assert _state.identity is not None
    context = BuildContext(run.build_id, registry, _state.identity, monitor, run.capture_logs)
    sub_build = _Build(
        context, run.runner, BuildSummary(status=BuildExitStatus.FAILURE), FailMode.FAIL_FAST
    )
    context.build_dynamic = sub_build.build_dynamic
    own_monitor = run.registry.kind == "custom"
    if own_monitor:
        monitor.start()
    try:
        with target_roots_override(run.target_roots):
            for _attempt in range(run.retries + 1):
                outcome = run.runner.execute(run.task, context)
                if outcome.succeeded:
                    break
    finally:
        if own_monitor:
            monitor.stop()
            registry.flush(10)
    return _shippable(outcome)


def flush_worker_registries(timeout: float = 30.0) -> int:
    """Deliver what this worker's registries queued (called by the driver at build end)."""
    return _state.flush(timeout)


def _shippable(outcome: TaskOutcome) -> TaskOutcome:
    """The outcome with an error the driver can unpickle (else a RuntimeError naming it)."""
    error = outcome.error
    if error is None:
        return outcome
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        outcome.error = RuntimeError(f"{type(error).__name__}: {error}")
    return outcome
