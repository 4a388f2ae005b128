"""What ``sd.build`` returns: which tasks were built, skipped, failed, and timing."""

from __future__ import annotations

from dataclasses import dataclass, field

from stardag.base_task import Task
from stardag.registry.models import BuildStatus


@dataclass
class BuildSummary:
    """Result of one build.

    ``skipped`` holds tasks that were already complete; ``not_run`` holds tasks
    left unbuilt because an upstream task failed; ``task_seconds`` maps the id of
    every executed task to its run time.
    """

    build_id: str
    status: BuildStatus
    built: list[Task] = field(default_factory=list)
    skipped: list[Task] = field(default_factory=list)
    failed: list[Task] = field(default_factory=list)
    not_run: list[Task] = field(default_factory=list)
    duration_seconds: float = 0.0
    task_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        return self.status == BuildStatus.COMPLETED

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
