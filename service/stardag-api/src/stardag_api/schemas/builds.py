"""Builds: one per ``sd.build`` call, with the state of every task of its graph."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from stardag_api.schemas.common import (
    BuildTaskState,
    FinishStatus,
    Id,
    ReportedTaskState,
    RequestModel,
    ResponseModel,
    RunStatus,
    ShortText,
    UtcDatetime,
)


class BuildCreate(RequestModel):
    build_id: Id
    root_task_ids: list[Id] = Field(default_factory=list)
    user: ShortText | None = None
    host: ShortText | None = None
    commit_hash: ShortText | None = None
    started_at: UtcDatetime | None = None


class BuildFinish(RequestModel):
    status: FinishStatus
    finished_at: UtcDatetime | None = None


class TaskStateReport(RequestModel):
    """A state the build gave a task it did not run (or has not run yet)."""

    task_id: Id
    state: ReportedTaskState
    cause_task_id: Id | None = Field(
        default=None, description="for upstream_failed: the failed upstream task"
    )
    at: UtcDatetime | None = Field(default=None, description="client time of the decision")


class BuildPublic(ResponseModel):
    build_id: Id
    root_task_ids: list[Id]
    status: RunStatus
    user: str | None
    host: str | None
    commit_hash: str | None
    started_at: datetime
    finished_at: datetime | None
    failed_by_sweep: bool = Field(
        default=False, description="failed by the server: its process stopped reporting"
    )
    task_count: int = Field(description="runs recorded in this build")
    state_counts: dict[BuildTaskState, int] = Field(
        default_factory=dict, description="tasks of the build's graph per state"
    )
    failed_task_ids: list[Id] = Field(
        default_factory=list,
        description="tasks whose run failed in this build, first first "
        "(GET /builds lists the first 20 per build; state_counts.failed counts them all)",
    )


class BuildsPublic(ResponseModel):
    items: list[BuildPublic]


class BuildTaskPublic(ResponseModel):
    """One task of a build: its state there, its run (if it ran) and timings."""

    task_id: Id
    namespace: str
    family: str
    parameters: dict[str, object]
    state: BuildTaskState
    cause_task_id: Id | None
    run_id: Id | None
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None
    error_message: str | None
    updated_at: datetime


class BuildFailure(ResponseModel):
    """What failed first in a build, and why."""

    task_id: Id
    family: str
    run_id: Id
    error_message: str | None
    traceback: str | None
    finished_at: datetime | None
    blocked_task_ids: list[Id] = Field(description="tasks not run because this one failed")


class BuildDetail(BuildPublic):
    tasks: list[BuildTaskPublic]
    tasks_truncated: bool = False
    first_failure: BuildFailure | None
