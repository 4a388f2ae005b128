"""msgspec mirrors of the hot request models, decoded without pydantic (``api/fast_body.py``).

The pydantic models (``schemas/events.py``, ``schemas/tasks.py``) stay the contract:
they document the bodies in OpenAPI and produce every 422. These Structs decode the
common case — task registrations and run starts, heartbeats and finishes — several
times faster, in C, and are *never more lenient*: whatever they cannot decode, or
whatever might need a check they do not make, goes through the pydantic models.
Field names equal the pydantic ones, so the store reads either kind alike. The
Structs hold no reference cycles, so they stay out of the cyclic garbage collector
(``gc=False``): tens of thousands per batch would otherwise trigger collections.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

import msgspec

from stardag_api.schemas.common import (
    ERROR_MESSAGE_MAX_CHARS,
    INDEXED_TEXT_MAX_CHARS,
    TRACEBACK_MAX_CHARS,
    FinishStatus,
)
from stardag_api.schemas.runs import RunCreate, RunFinish
from stardag_api.schemas.tasks import TaskCreate

ShortText = Annotated[str, msgspec.Meta(max_length=INDEXED_TEXT_MAX_CHARS)]
FamilyText = Annotated[str, msgspec.Meta(min_length=1, max_length=INDEXED_TEXT_MAX_CHARS)]
ErrorText = Annotated[str, msgspec.Meta(max_length=ERROR_MESSAGE_MAX_CHARS)]
TracebackText = Annotated[str, msgspec.Meta(max_length=TRACEBACK_MAX_CHARS)]


class FastTaskCreate(msgspec.Struct, gc=False):
    task_id: uuid.UUID
    family: FamilyText
    namespace: ShortText = ""
    version: ShortText | None = None
    parameters: dict[str, Any] = msgspec.field(default_factory=dict)
    task_data: dict[str, Any] = msgspec.field(default_factory=dict)
    output_uri: str | None = None
    dependencies: list[uuid.UUID] = msgspec.field(default_factory=list)
    user: ShortText | None = None
    host: ShortText | None = None
    commit_hash: ShortText | None = None
    created_at: datetime | None = None
    complete: bool = False


class FastRunCreate(msgspec.Struct, gc=False):
    run_id: uuid.UUID
    task_id: uuid.UUID
    build_id: uuid.UUID | None = None
    started_at: datetime | None = None
    user: ShortText | None = None
    host: ShortText | None = None
    commit_hash: ShortText | None = None


class FastRunFinish(msgspec.Struct, gc=False):
    status: FinishStatus
    finished_at: datetime | None = None
    error_message: ErrorText | None = None
    traceback: TracebackText | None = None


class FastTaskRegistered(msgspec.Struct, gc=False, tag="task_registered", tag_field="type"):
    task: FastTaskCreate


class FastRunStarted(msgspec.Struct, gc=False, tag="run_started", tag_field="type"):
    run: FastRunCreate


class FastRunHeartbeat(msgspec.Struct, gc=False, tag="run_heartbeat", tag_field="type"):
    run_id: uuid.UUID
    at: datetime | None = None


class FastRunFinished(msgspec.Struct, gc=False, tag="run_finished", tag_field="type"):
    run_id: uuid.UUID
    finish: FastRunFinish


# The other kinds are rare (a few per build): only their tag is read here, and the
# event is validated by its pydantic model.
class OtherBuildStarted(msgspec.Struct, gc=False, tag="build_started", tag_field="type"):
    pass


class OtherBuildFinished(msgspec.Struct, gc=False, tag="build_finished", tag_field="type"):
    pass


class OtherTaskStates(msgspec.Struct, gc=False, tag="task_states", tag_field="type"):
    pass


class OtherLogsAppended(msgspec.Struct, gc=False, tag="logs_appended", tag_field="type"):
    pass


HOT_EVENTS = (FastTaskRegistered, FastRunStarted, FastRunHeartbeat, FastRunFinished)
OTHER_EVENTS = (OtherBuildStarted, OtherBuildFinished, OtherTaskStates, OtherLogsAppended)

FastEvent = (
    FastTaskRegistered
    | FastRunStarted
    | FastRunHeartbeat
    | FastRunFinished
    | OtherBuildStarted
    | OtherBuildFinished
    | OtherTaskStates
    | OtherLogsAppended
)


class FastEventBatch(msgspec.Struct, gc=False):
    events: list[FastEvent]


class RawEventBatch(msgspec.Struct, gc=False):
    """The events as undecoded JSON slices, for the few validated by pydantic."""

    events: list[msgspec.Raw]


class FastTaskBatch(msgspec.Struct, gc=False):
    tasks: list[FastTaskCreate]


# What the store accepts: a pydantic-validated model or its Struct mirror.
AnyTaskCreate = TaskCreate | FastTaskCreate
AnyRunCreate = RunCreate | FastRunCreate
AnyRunFinish = RunFinish | FastRunFinish
