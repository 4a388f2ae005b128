"""Runs (execution attempts) and their log records."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StrictInt

from stardag_api.schemas.common import (
    ERROR_MESSAGE_MAX_CHARS,
    TRACEBACK_MAX_CHARS,
    FinishStatus,
    Id,
    RequestModel,
    ResponseModel,
    RunStatus,
    ShortText,
    Text,
    UtcDatetime,
)

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
LogStream = Literal["log", "stdout", "stderr"]
LEVEL_NUMBERS: dict[str, int] = {
    "DEBUG": 10,
    "INFO": 20,
    "WARNING": 30,
    "ERROR": 40,
    "CRITICAL": 50,
}
LEVEL_NAMES = {number: name for name, number in LEVEL_NUMBERS.items()}
# Client seqs stay far below PostgreSQL's int range, so records the server numbers
# after them always have room.
MAX_LOG_SEQ = 2**30 - 1
LOG_RECORDS_DOC = "at most 5,000 records per request or event (413 beyond)"


class RunCreate(RequestModel):
    run_id: Id
    task_id: Id
    build_id: Id | None = None
    started_at: UtcDatetime | None = None
    user: ShortText | None = None
    host: ShortText | None = None
    commit_hash: ShortText | None = None


class RunFinish(RequestModel):
    status: FinishStatus
    finished_at: UtcDatetime | None = None
    error_message: Annotated[Text, Field(max_length=ERROR_MESSAGE_MAX_CHARS)] | None = None
    traceback: Annotated[Text, Field(max_length=TRACEBACK_MAX_CHARS)] | None = None


class RunHeartbeat(RequestModel):
    at: UtcDatetime | None = None


class RunPublic(ResponseModel):
    run_id: Id
    task_id: Id
    build_id: Id | None
    status: RunStatus
    started_at: datetime
    finished_at: datetime | None
    duration_seconds: float | None
    last_heartbeat_at: datetime | None
    user: str | None
    host: str | None
    commit_hash: str | None
    error_message: str | None
    traceback: str | None


class RunsPublic(ResponseModel):
    items: list[RunPublic]


class LogRecord(RequestModel):
    timestamp: UtcDatetime
    level: LogLevel = "INFO"
    logger: ShortText = ""
    # NUL characters in captured output are replaced at the store, not rejected: logs are
    # whatever a task printed, and losing a batch over one byte would be worse.
    message: str = Field(description="at most 64 KiB of UTF-8 (413 beyond)")
    stream: LogStream = "log"
    seq: StrictInt | None = Field(
        default=None,
        ge=0,
        le=MAX_LOG_SEQ,
        description="position in the run's log, from 0, numbered by the client; a record "
        "whose (run, seq) is stored already is a replay and skipped. Without it the server "
        "numbers the record after the run's last one.",
    )


class LogBatch(RequestModel):
    records: list[LogRecord] = Field(description=LOG_RECORDS_DOC)


class LogsAppended(ResponseModel):
    appended: int


class LogRecordPublic(ResponseModel):
    seq: int
    timestamp: datetime
    level: LogLevel
    logger: str
    message: str = Field(description="at most 64 KiB of UTF-8 (413 beyond)")
    stream: LogStream


class LogRecordsPublic(ResponseModel):
    items: list[LogRecordPublic]
    next_after_seq: int | None = Field(description="pass as `after_seq` for more; null at the end")
    removed_before: datetime | None = Field(
        default=None,
        description="set when the log retention removed this run's records stamped before "
        "this time (the run started before it); null when none were removed",
    )
