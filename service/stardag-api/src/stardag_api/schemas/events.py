"""The batched event stream the SDK's ``APIRegistry`` posts to ``/api/v1/events``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from stardag_api.schemas.builds import BuildCreate, TaskStateReport
from stardag_api.schemas.common import FinishStatus, Id, RequestModel, ResponseModel, UtcDatetime
from stardag_api.schemas.runs import LOG_RECORDS_DOC, LogRecord, RunCreate, RunFinish
from stardag_api.schemas.tasks import TaskCreate


class TaskRegistered(RequestModel):
    type: Literal["task_registered"]
    task: TaskCreate


class BuildStarted(RequestModel):
    type: Literal["build_started"]
    build: BuildCreate


class BuildFinished(RequestModel):
    type: Literal["build_finished"]
    build_id: Id
    status: FinishStatus
    finished_at: UtcDatetime | None = None


class TaskStatesReported(RequestModel):
    """States a build gave tasks it did not run: skipped, upstream_failed, cancelled, pending."""

    type: Literal["task_states"]
    build_id: Id
    states: list[TaskStateReport]


class RunStarted(RequestModel):
    type: Literal["run_started"]
    run: RunCreate


class RunHeartbeatEvent(RequestModel):
    type: Literal["run_heartbeat"]
    run_id: Id
    at: UtcDatetime | None = None


class RunFinished(RequestModel):
    type: Literal["run_finished"]
    run_id: Id
    finish: RunFinish


class LogsAppendedEvent(RequestModel):
    type: Literal["logs_appended"]
    run_id: Id
    records: list[LogRecord] = Field(description=LOG_RECORDS_DOC)


Event = Annotated[
    TaskRegistered
    | BuildStarted
    | BuildFinished
    | TaskStatesReported
    | RunStarted
    | RunHeartbeatEvent
    | RunFinished
    | LogsAppendedEvent,
    Field(discriminator="type"),
]


class EventBatch(RequestModel):
    events: list[Event]


class EventsAccepted(ResponseModel):
    accepted: int
