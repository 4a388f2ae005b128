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


# Every call through which a build hands a registry something to keep.
_REPORTING_METHODS = (
    "start_build",
    "finish_build",
    "register_tasks",
    "report_task_states",
    "start_run",
    "heartbeat",
    "finish_run",
    "append_logs",
)


def reports_nothing(registry: RegistryABC) -> bool:
    """True when ``registry`` keeps nothing of what a build reports: every reporting
    call is :class:`NoOpRegistry`'s (a subclass that overrides one keeps something).

    The build then skips preparing records nobody reads (registrations, run records,
    captured logs, heartbeats): the fast path of ``STARDAG_REGISTRY=noop``.
    """
    cls = type(registry)
    return all(getattr(cls, name) is getattr(NoOpRegistry, name) for name in _REPORTING_METHODS)
