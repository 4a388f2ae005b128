"""Field types shared by the request and response models.

PostgreSQL cannot store NUL characters in text or JSONB and JSON numbers that are
not finite; these types reject such input with a 422 naming the field instead of
letting the database fail later.
"""

from __future__ import annotations

import math
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

# Text that ends up in btree indices must stay well below PostgreSQL's ~2.7 kB entry limit.
INDEXED_TEXT_MAX_CHARS = 500
JSON_MAX_DEPTH = 64
# A run's error message is a summary line; the traceback holds the detail.
ERROR_MESSAGE_MAX_CHARS = 64 * 1024
TRACEBACK_MAX_CHARS = 1024 * 1024


class TaskStatus(StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    # The latest build did not run it because an upstream task failed.
    UPSTREAM_FAILED = "upstream_failed"


class BuildTaskState(StrEnum):
    """What one build did with one task of its graph."""

    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"
    UPSTREAM_FAILED = "upstream_failed"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class ReportedTaskState(StrEnum):
    """The build task states a client reports directly (the others follow the runs)."""

    PENDING = "pending"
    SKIPPED = "skipped"
    UPSTREAM_FAILED = "upstream_failed"
    CANCELLED = "cancelled"


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class FinishStatus(StrEnum):
    """How a run or build may end."""

    COMPLETED = "completed"
    FAILED = "failed"


def _storable_text(value: str) -> str:
    if "\x00" in value:
        raise ValueError("contains a NUL character (\\u0000), which cannot be stored")
    if not value.isascii():  # ASCII text (nearly all of it) holds no surrogates
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(
                "contains an unpaired UTF-16 surrogate, which is not valid text"
            ) from exc
    return value


def _check_json(value: Any, depth: int = 0) -> None:
    """Reject text PostgreSQL cannot store, non-finite numbers, and values deeper than the cap.

    Scalars are checked inline (one call per container, not per value): this runs for
    every task of every registration batch.
    """
    if isinstance(value, dict):
        for key in value:
            _storable_text(key)
    items = value.values() if isinstance(value, dict) else value
    if depth > JSON_MAX_DEPTH or (items and depth + 1 > JSON_MAX_DEPTH):
        raise ValueError(f"nests deeper than {JSON_MAX_DEPTH} levels")
    for item in items:
        if isinstance(item, str):
            _storable_text(item)
        elif isinstance(item, float):
            if not math.isfinite(item):
                raise ValueError("contains a number that is not finite (NaN or Infinity)")
        elif isinstance(item, (dict, list)):
            _check_json(item, depth + 1)


def check_json_value(value: Any) -> None:
    """Raise ``ValueError`` when ``value`` (parsed JSON) cannot be stored as JSONB."""
    _check_json([value], depth=-1)


def _storable_json(value: dict[str, Any]) -> dict[str, Any]:
    _check_json(value)
    return value


def _as_utc(value: datetime) -> datetime:
    # A naive time from a client is taken as UTC rather than the server's local zone.
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+12:00 is before year 1 in UTC
        raise ValueError("is outside the range of times that can be expressed in UTC") from None


def _text_datetime(value: Any) -> Any:
    # pydantic reads numbers as Unix times (``finished_at: 0`` is 1970); the API's
    # times are ISO 8601 strings, and a number is far more likely a client bug.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError("must be an ISO 8601 date-time string, not a number")
    return value


Text = Annotated[str, AfterValidator(_storable_text)]
ShortText = Annotated[str, Field(max_length=INDEXED_TEXT_MAX_CHARS), AfterValidator(_storable_text)]
JsonObject = Annotated[dict[str, Any], AfterValidator(_storable_json)]
UtcDatetime = Annotated[datetime, BeforeValidator(_text_datetime), AfterValidator(_as_utc)]
# Ids travel as canonical lower-case UUID strings (pydantic's JSON form of a UUID).
Id = uuid.UUID


class RequestModel(BaseModel):
    """Base of request bodies: unknown fields are ignored so newer clients still work."""

    model_config = ConfigDict(extra="ignore")


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class ErrorBody(BaseModel):
    """Every error response: a message a user can act on, a stable code, sometimes more."""

    model_config = ConfigDict(extra="allow")

    detail: str
    code: str
    errors: list[dict[str, Any]] | None = None
    candidates: list[str] | None = None


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "the body is not valid JSON"},
    401: {"model": ErrorBody, "description": "no valid API key (only when auth is on)"},
    403: {"model": ErrorBody, "description": "the API key lacks the scope, or a cross-site write"},
    404: {"model": ErrorBody, "description": "unknown task, run or build"},
    409: {"model": ErrorBody, "description": "ambiguous id prefix, or a conflicting write"},
    413: {"model": ErrorBody, "description": "body, batch or log record over the limit"},
    422: {"model": ErrorBody, "description": "invalid input; `detail` names the field"},
    503: {"model": ErrorBody, "description": "the database cannot be reached"},
}
