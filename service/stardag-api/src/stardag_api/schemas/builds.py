"""Builds: one per ``sd.build`` call."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from stardag_api.schemas.common import (
    FinishStatus,
    Id,
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


class BuildPublic(ResponseModel):
    build_id: Id
    root_task_ids: list[Id]
    status: RunStatus
    user: str | None
    host: str | None
    commit_hash: str | None
    started_at: datetime
    finished_at: datetime | None
    task_count: int = Field(description="runs recorded in this build")


class BuildsPublic(ResponseModel):
    items: list[BuildPublic]
