"""What a registry gives back when read: tasks with their status, runs, builds."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from stardag.registry.models import BuildStatus, RunStatus, TaskRegistration, TaskStatus


class TaskRecord(BaseModel):
    """A registered task and its current status (that of its latest run)."""

    model_config = ConfigDict(frozen=True)

    registration: TaskRegistration
    status: TaskStatus

    @property
    def task_id(self) -> str:
        return self.registration.task_id


class RunRecord(BaseModel):
    """One execution attempt of a task."""

    model_config = ConfigDict(frozen=True)

    run_id: str
    task_id: str
    build_id: str | None = None
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None = None
    last_heartbeat_at: datetime | None = None
    user: str | None = None
    host: str | None = None
    commit_hash: str | None = None
    error_message: str | None = None
    traceback: str | None = None

    @property
    def duration_seconds(self) -> float | None:
        if self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class BuildRecord(BaseModel):
    """One ``sd.build`` call."""

    model_config = ConfigDict(frozen=True)

    build_id: str
    root_task_ids: list[str]
    status: BuildStatus
    started_at: datetime
    finished_at: datetime | None = None
    user: str | None = None
    host: str | None = None
    commit_hash: str | None = None
