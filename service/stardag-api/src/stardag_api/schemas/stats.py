"""Run statistics per family and per task (the Stats view)."""

from __future__ import annotations

from datetime import date

from pydantic import Field

from stardag_api.schemas.common import Id, ResponseModel


class DayTrend(ResponseModel):
    day: date
    runs: int
    failed: int
    p50_seconds: float | None


class FamilyRunStats(ResponseModel):
    namespace: str
    family: str
    runs: int
    completed: int
    failed: int
    success_rate: float | None = Field(description="completed / finished runs")
    p50_seconds: float | None = Field(description="median duration of completed runs")
    p95_seconds: float | None
    trend: list[DayTrend] = Field(description="per day of the window, oldest first")


class FamilyStatsPublic(ResponseModel):
    days: int
    items: list[FamilyRunStats]


class TaskRunStats(ResponseModel):
    task_id: Id
    namespace: str
    family: str
    parameters: dict[str, object]
    runs: int
    failed: int
    max_seconds: float | None
    mean_seconds: float | None
    last_error: str | None


class TaskStatsPublic(ResponseModel):
    days: int
    slowest: list[TaskRunStats]
    most_failing: list[TaskRunStats]
