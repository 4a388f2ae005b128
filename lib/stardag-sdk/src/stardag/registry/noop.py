"""A registry that records nothing (benchmarks, tests, ``STARDAG_REGISTRY=noop``)."""

from __future__ import annotations

from collections.abc import Sequence

from stardag.registry.base import RegistryABC
from stardag.registry.models import (
    BuildStart,
    BuildStatus,
    LogRecord,
    RunFinish,
    RunStart,
    TaskRegistration,
)


class NoOpRegistry(RegistryABC):
    """Accepts every call and keeps nothing."""

    def start_build(self, build: BuildStart) -> None:
        pass

    def finish_build(self, build_id: str, status: BuildStatus) -> None:
        pass

    def register_tasks(self, tasks: Sequence[TaskRegistration]) -> None:
        pass

    def start_run(self, run: RunStart) -> None:
        pass

    def finish_run(self, run_id: str, finish: RunFinish) -> None:
        pass

    def append_logs(self, run_id: str, records: Sequence[LogRecord]) -> None:
        pass
