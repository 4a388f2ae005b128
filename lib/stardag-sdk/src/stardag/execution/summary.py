"""What a build returns: its exit status, task counts, which tasks ran, and timing."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from uuid import UUID

from stardag.base_task import BaseTask


class BuildExitStatus(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    EXIT_EARLY = "exit_early"
    """Every remaining task was being built by another builder."""


class FailMode(StrEnum):
    """What a task failure does to the rest of the build."""

    FAIL_FAST = "fail_fast"
    """Start no new task after the first failure (running ones finish)."""
    CONTINUE = "continue"
    """Keep running every task whose upstream succeeded."""


@dataclass
class TaskCount:
    discovered: int = 0
    previously_completed: int = 0
    succeeded: int = 0
    failed: int = 0

    @property
    def pending(self) -> int:
        return self.discovered - self.previously_completed - self.succeeded - self.failed


@dataclass
class BuildSummary:
    """Result of one build.

    ``status`` is :class:`BuildExitStatus`; ``error`` the first task failure (a
    :class:`~stardag.TaskFailedError` whose ``__cause__`` is the task's own
    exception). ``built`` are the tasks that ran, ``skipped`` those already
    complete, ``failed`` those whose run raised, ``not_run`` those left unbuilt
    because an upstream task failed; ``task_seconds`` maps each executed task's
    id to its run time.
    """

    status: BuildExitStatus
    task_count: TaskCount = field(default_factory=TaskCount)
    build_id: UUID | None = None
    error: BaseException | None = None
    built: list[BaseTask] = field(default_factory=list)
    skipped: list[BaseTask] = field(default_factory=list)
    failed: list[BaseTask] = field(default_factory=list)
    not_run: list[BaseTask] = field(default_factory=list)
    duration_seconds: float = 0.0
    task_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.status == BuildExitStatus.SUCCESS

    def raise_for_status(self) -> BuildSummary:
        """Raise the first task failure (:class:`~stardag.TaskFailedError`), if any."""
        if self.error is not None:
            raise self.error
        return self

    def __str__(self) -> str:
        parts = [
            f"{len(self.built)} built",
            f"{len(self.skipped)} already complete",
            f"{len(self.failed)} failed",
        ]
        if self.not_run:
            parts.append(f"{len(self.not_run)} not run")
        return (
            f"Build {self.build_id} {self.status.value} in {self.duration_seconds:.3f} s: "
            + ", ".join(parts)
        )
