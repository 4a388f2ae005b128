"""Tasks: registration bodies and the task views the readers get."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field, StrictBool

from stardag_api.schemas.common import (
    Id,
    JsonObject,
    RequestModel,
    ResponseModel,
    ShortText,
    TaskStatus,
    Text,
    UtcDatetime,
)
from stardag_api.schemas.runs import RunPublic


class TaskCreate(RequestModel):
    """One task to register, with the ids of the tasks it depends on."""

    task_id: Id
    namespace: ShortText = ""
    family: ShortText = Field(min_length=1)
    version: ShortText | None = None
    parameters: JsonObject = Field(default_factory=dict)
    task_data: JsonObject = Field(default_factory=dict)
    output_uri: Text | None = None
    dependencies: list[Id] = Field(default_factory=list)
    user: ShortText | None = None
    host: ShortText | None = None
    commit_hash: ShortText | None = None
    created_at: UtcDatetime | None = None
    complete: StrictBool = Field(
        default=False,
        description="the client found the task complete without running it: a new task is "
        "registered completed, an existing pending one becomes completed",
    )


class TaskBatchCreate(RequestModel):
    tasks: list[TaskCreate]


class TaskBatchResult(ResponseModel):
    registered: int = Field(description="tasks in the request")
    created: int = Field(description="tasks that were new to the registry")


class TaskPublic(ResponseModel):
    task_id: Id
    namespace: str
    family: str
    version: str | None
    parameters: dict[str, Any]
    output_uri: str | None
    status: TaskStatus
    created_at: datetime
    updated_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_seconds: float | None
    user: str | None
    host: str | None
    commit_hash: str | None


class TaskDetail(TaskPublic):
    task_data: dict[str, Any]
    upstream_count: int
    downstream_count: int
    latest_run: RunPublic | None


class TasksPublic(ResponseModel):
    items: list[TaskPublic]
    next_cursor: str | None = Field(
        description="pass as `cursor` for the next page; null at the end"
    )


class RelatedTask(TaskPublic):
    depth: int = Field(description="edges from the asked task (1 = direct neighbour, 0 = itself)")


class RelatedTasks(ResponseModel):
    task_id: Id
    items: list[RelatedTask]
    truncated: bool


class Edge(ResponseModel):
    upstream_id: Id
    downstream_id: Id


class TaskGraph(ResponseModel):
    root_id: Id
    nodes: list[RelatedTask]
    edges: list[Edge]
    truncated: bool


class GraphNode(ResponseModel):
    """A task as the graph view draws it: what tells it apart and its status."""

    task_id: Id
    namespace: str
    family: str
    status: TaskStatus
    parameters: dict[str, Any]
    depth: int = Field(description="edges from the asked task (0 = itself)")


class CompactTaskGraph(ResponseModel):
    """``TaskGraph`` for drawing thousands of tasks: nodes carry only what is drawn, and
    each edge is a pair of indices into ``nodes``, ``[upstream, downstream]``."""

    root_id: Id
    nodes: list[GraphNode]
    edges: list[tuple[int, int]]
    truncated: bool


class FamilySummary(ResponseModel):
    namespace: str
    family: str
    total: int
    counts: dict[TaskStatus, int]


class FamiliesPublic(ResponseModel):
    items: list[FamilySummary]


class Stats(ResponseModel):
    tasks: int
    runs: int
    builds: int
    by_status: dict[TaskStatus, int]
