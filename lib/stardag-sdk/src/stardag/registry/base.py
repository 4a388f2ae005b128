"""The registry interface every backend implements.

A build reports its whole lifecycle through these calls, in this order:
``start_build`` → ``register_tasks`` (upstream before downstream; tasks the
build found complete have ``complete=True``) → ``report_task_states`` (skipped and
pending tasks) → for each executed task
``start_run`` → (``heartbeat`` | ``append_logs``)* → ``finish_run`` →
``report_task_states`` (tasks left unrun) → ``finish_build``; then
``flush``/``close``. ``append_logs`` comes several times
per run (new lines every second or so while it runs, the rest at its end), in
order, each record once.

Implementations must be thread-safe (parallel builds call them from worker
threads) and must never raise into the build for a reporting problem: a registry
that cannot record something logs it (and, for the API registry, spools it).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from stardag.registry.models import (
    BuildStart,
    BuildStatus,
    LogRecord,
    RunFinish,
    RunStart,
    TaskRegistration,
    TaskStateReport,
)


class RegistryABC(ABC):
    """Records tasks, their dependency edges, builds, runs and run logs."""

    @abstractmethod
    def start_build(self, build: BuildStart) -> None:
        """Record the start of one ``sd.build`` call."""

    @abstractmethod
    def finish_build(self, build_id: str, status: BuildStatus) -> None:
        """Record how a build ended."""

    @abstractmethod
    def register_tasks(self, tasks: Sequence[TaskRegistration]) -> None:
        """Register tasks (idempotent) with their upstream edges; upstream tasks come first."""

    def report_task_states(  # noqa: B027 - optional hook
        self, build_id: str, states: Sequence[TaskStateReport]
    ) -> None:
        """Record the states the build gave tasks it did not run (or has not run yet):
        skipped (found complete), upstream_failed (naming the failed upstream task),
        cancelled, pending. Backends without per-build states ignore it."""

    @abstractmethod
    def start_run(self, run: RunStart) -> None:
        """Record that a task started executing (task status becomes running)."""

    def heartbeat(self, run_id: str) -> None:  # noqa: B027 - optional hook
        """Say that run ``run_id`` is still alive; backends without liveness ignore it."""

    @abstractmethod
    def finish_run(self, run_id: str, finish: RunFinish) -> None:
        """Record how a run ended (task status becomes completed/failed)."""

    @abstractmethod
    def append_logs(self, run_id: str, records: Sequence[LogRecord]) -> None:
        """Attach captured log records to a run, in order."""

    def flush(self, timeout: float | None = None) -> None:  # noqa: B027 - optional hook
        """Deliver everything queued so far; backends that write synchronously do nothing."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Flush and release resources; the registry is not used afterwards."""
