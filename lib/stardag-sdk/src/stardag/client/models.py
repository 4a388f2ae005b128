"""Shapes of the registry's read responses (``docs/api.md``), as typed dicts.

Typed dicts rather than pydantic models: the client hands back the JSON it
received, unchanged (``stardag tasks ls --json`` prints exactly these rows), and
a command-line call does not pay for importing and validating models.
"""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

TaskStatusName = Literal["pending", "running", "completed", "failed", "upstream_failed"]
BuildTaskStateName = Literal[
    "pending", "running", "completed", "failed", "upstream_failed", "skipped", "cancelled"
]
RunStatusName = Literal["running", "completed", "failed"]
Direction = Literal["both", "upstream", "downstream"]


class Health(TypedDict):
    status: str
    schema_revision: str | None  # None: the database was never migrated
    version: str
    auth: bool  # whether the server requires API keys


class TaskPublic(TypedDict):
    task_id: str
    namespace: str
    family: str
    version: str | None
    parameters: dict[str, Any]
    output_uri: str | None
    status: TaskStatusName
    created_at: str
    updated_at: str
    started_at: str | None
    finished_at: str | None
    duration_seconds: float | None
    user: str | None
    host: str | None
    commit_hash: str | None


class RunPublic(TypedDict):
    run_id: str
    task_id: str
    build_id: str | None
    status: RunStatusName
    started_at: str
    finished_at: str | None
    duration_seconds: float | None
    last_heartbeat_at: str | None
    user: str | None
    host: str | None
    commit_hash: str | None
    error_message: str | None
    traceback: str | None


class TaskDetail(TaskPublic):
    task_data: dict[str, Any]
    upstream_count: int
    downstream_count: int
    latest_run: RunPublic | None


class RelatedTask(TaskPublic):
    depth: int


class TaskPage(TypedDict):
    items: list[TaskPublic]
    next_cursor: str | None


class RelatedTasks(TypedDict):
    task_id: str
    items: list[RelatedTask]
    truncated: bool


class Edge(TypedDict):
    upstream_id: str
    downstream_id: str


class TaskGraph(TypedDict):
    root_id: str
    nodes: list[RelatedTask]
    edges: list[Edge]
    truncated: bool


class LogRecordPublic(TypedDict):
    seq: int
    timestamp: str
    level: str
    logger: str
    message: str
    stream: str


class LogPage(TypedDict):
    items: list[LogRecordPublic]
    next_after_seq: int | None
    # Set when the server's log retention removed this run's records stamped before
    # this time; absent from older servers and the file-system registry.
    removed_before: NotRequired[str | None]


class FamilyCounts(TypedDict):
    namespace: str
    family: str
    total: int
    counts: dict[str, int]


class BuildPublic(TypedDict):
    build_id: str
    root_task_ids: list[str]
    status: str
    user: str | None
    host: str | None
    commit_hash: str | None
    started_at: str
    finished_at: str | None
    failed_by_sweep: bool
    task_count: int
    state_counts: dict[str, int]
    failed_task_ids: list[str]


class BuildTask(TypedDict):
    task_id: str
    namespace: str
    family: str
    parameters: dict[str, Any]
    state: BuildTaskStateName
    cause_task_id: str | None
    run_id: str | None
    started_at: str | None
    finished_at: str | None
    duration_seconds: float | None
    error_message: str | None
    updated_at: str


class BuildFailure(TypedDict):
    task_id: str
    family: str
    run_id: str
    error_message: str | None
    traceback: str | None
    finished_at: str | None
    blocked_task_ids: list[str]


class BuildDetail(BuildPublic):
    tasks: list[BuildTask]
    tasks_truncated: bool
    first_failure: BuildFailure | None


class Stats(TypedDict):
    tasks: int
    runs: int
    builds: int
    by_status: dict[str, int]
