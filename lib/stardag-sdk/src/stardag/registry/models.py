"""Wire models of the registry lifecycle.

These mirror the service's contract in ``docs/api.md`` (``TaskCreate``,
``BuildCreate``, ``RunCreate``, ``RunFinish``, ``LogRecord``), so every registry
implementation — no-op, file system, API — speaks the same records, and the API
registry can send them as they are.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


def utc_now() -> datetime:
    return datetime.now(UTC)


class TaskStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    UPSTREAM_FAILED = "upstream_failed"


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class BuildStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class _Wire(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TaskRegistration(_Wire):
    """One task as the registry records it (``TaskCreate`` on the wire)."""

    task_id: str
    namespace: str = ""
    family: str
    version: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)
    task_data: dict[str, Any] = Field(default_factory=dict)
    output_uri: str | None = None
    dependencies: list[str] = Field(default_factory=list)
    user: str | None = None
    host: str | None = None
    commit_hash: str | None = None
    created_at: datetime = Field(default_factory=utc_now)
    complete: bool = False
    """The build found the task complete (its output exists) without running it: a new
    task is recorded as ``completed`` instead of ``pending``, and so is a pending one."""


class BuildStart(_Wire):
    """``BuildCreate`` on the wire: one ``sd.build`` call."""

    build_id: str
    root_task_ids: list[str]
    user: str | None = None
    host: str | None = None
    commit_hash: str | None = None
    started_at: datetime = Field(default_factory=utc_now)


class RunStart(_Wire):
    """``RunCreate`` on the wire: one execution attempt of a task."""

    run_id: str
    task_id: str
    build_id: str | None = None
    user: str | None = None
    host: str | None = None
    commit_hash: str | None = None
    started_at: datetime = Field(default_factory=utc_now)


class TaskState(StrEnum):
    """What one build did with a task it did not run (runs give the other states)."""

    PENDING = "pending"
    SKIPPED = "skipped"
    UPSTREAM_FAILED = "upstream_failed"
    CANCELLED = "cancelled"


class TaskStateReport(_Wire):
    """``TaskStateReport`` on the wire: the state a build gave one task of its graph."""

    task_id: str
    state: TaskState
    cause_task_id: str | None = None
    """For ``upstream_failed``: the failed upstream task that kept this one from running."""
    at: datetime = Field(default_factory=utc_now)


class RunFinish(_Wire):
    """How a run ended; ``error_message``/``traceback`` only for failures."""

    status: Literal[RunStatus.COMPLETED, RunStatus.FAILED]
    finished_at: datetime = Field(default_factory=utc_now)
    error_message: str | None = None
    traceback: str | None = None


LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogStream = Literal["log", "stdout", "stderr"]


class LogRecord(_Wire):
    """One line a task logged or printed during a run."""

    timestamp: datetime
    level: LogLevel = "INFO"
    logger: str = ""
    message: str
    stream: LogStream = "log"
    seq: int | None = None
    """Position in the run's log, from 0 (assigned by the capture): the service stores
    each ``(run, seq)`` once, so a replayed batch adds nothing."""
