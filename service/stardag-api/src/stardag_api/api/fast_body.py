"""Decoding the bulk ingest bodies with msgspec, pydantic only where it is needed.

Validating every event of a 5,000-event batch into pydantic models was the largest
single cost of ingest (about 14 µs per event, most of it Python-level validators).
Here the hot kinds decode into the Structs of ``schemas/fast_events.py`` in C; the
few checks msgspec does not make are done once per body or per value below. The
contract stays pydantic's: a body msgspec rejects, or that holds anything those
checks do not cover (an escaped NUL, a deep JSON value, a time outside UTC's range),
is validated by the pydantic model instead — which raises the same 422 as before, or
accepts it. So the fast path may only ever be *stricter*, never more lenient.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import msgspec
from pydantic import TypeAdapter, ValidationError

from stardag_api.api.json_body import parse_body
from stardag_api.schemas.common import JSON_MAX_DEPTH
from stardag_api.schemas.events import Event, EventBatch
from stardag_api.schemas.fast_events import (
    OTHER_EVENTS,
    FastEventBatch,
    FastRunCreate,
    FastRunFinished,
    FastRunHeartbeat,
    FastRunStarted,
    FastTaskBatch,
    FastTaskCreate,
    FastTaskRegistered,
    RawEventBatch,
)
from stardag_api.schemas.tasks import TaskBatchCreate

_EVENTS = msgspec.json.Decoder(FastEventBatch)
_RAW_EVENTS = msgspec.json.Decoder(RawEventBatch)
_TASKS = msgspec.json.Decoder(FastTaskBatch)
_EVENT = TypeAdapter(Event)
# msgspec decodes "\u0000" to a NUL character, which PostgreSQL cannot store (lone
# surrogates and numbers out of range it rejects itself).
_ESCAPED_NUL = b"\\u0000"


class _NeedsPydantic(Exception):
    """The fast path cannot vouch for this body; the pydantic model decides."""


def parse_event_batch(raw: bytes) -> list[Any]:
    """The events of ``raw`` (an ``EventBatch`` body): hot kinds as Structs, others as models.

    Invalid input raises FastAPI's ``RequestValidationError`` (422), exactly as
    ``parse_body(raw, EventBatch)`` does.
    """
    try:
        return _fast_events(raw)
    except (msgspec.MsgspecError, _NeedsPydantic, ValidationError):
        return list(parse_body(raw, EventBatch).events)


def parse_task_batch(raw: bytes) -> list[Any]:
    """The tasks of ``raw`` (a ``TaskBatchCreate`` body); errors as ``parse_body`` raises them."""
    try:
        if _ESCAPED_NUL in raw:
            raise _NeedsPydantic
        tasks = _TASKS.decode(raw).tasks
        for task in tasks:
            _check_task(task)
        return tasks
    except (msgspec.MsgspecError, _NeedsPydantic):
        return list(parse_body(raw, TaskBatchCreate).tasks)


def _fast_events(raw: bytes) -> list[Any]:
    if _ESCAPED_NUL in raw:
        raise _NeedsPydantic
    events: list[Any] = _EVENTS.decode(raw).events
    raw_events: list[msgspec.Raw] | None = None
    for index, event in enumerate(events):
        kind = type(event)
        if kind is FastRunStarted:
            _check_run(event.run)
        elif kind is FastRunFinished:
            event.finish.finished_at = _utc(event.finish.finished_at)
        elif kind is FastTaskRegistered:
            _check_task(event.task)
        elif kind is FastRunHeartbeat:
            event.at = _utc(event.at)
        elif kind in OTHER_EVENTS:
            if raw_events is None:
                raw_events = _RAW_EVENTS.decode(raw).events
            # A ValidationError here sends the whole body through pydantic, for its errors.
            events[index] = _EVENT.validate_json(bytes(raw_events[index]))
    return events


def _check_run(run: FastRunCreate) -> None:
    run.started_at = _utc(run.started_at)


def _check_task(task: FastTaskCreate) -> None:
    task.created_at = _utc(task.created_at)
    if _nested(task.parameters) or _nested(task.task_data):
        raise _NeedsPydantic  # pydantic checks the nesting depth


def _nested(value: dict[str, Any]) -> bool:
    """Whether ``value`` holds containers nested deep enough to need the depth check."""
    for item in value.values():
        if isinstance(item, dict | list) and _depth(item) >= JSON_MAX_DEPTH - 1:
            return True
    return False


def _depth(value: Any) -> int:
    """Nesting depth of containers in ``value`` (1 for a flat list or dict)."""
    items = value.values() if isinstance(value, dict) else value
    deepest = 0
    for item in items:
        if isinstance(item, dict | list):
            deepest = max(deepest, _depth(item))
            if deepest >= JSON_MAX_DEPTH:
                break
    return deepest + 1


def _utc(value: datetime | None) -> datetime | None:
    """A client's time in UTC (a naive one taken as UTC), as ``UtcDatetime`` makes it."""
    if value is None or value.tzinfo is UTC:
        return value
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # outside UTC's range: pydantic words the error
        raise _NeedsPydantic from None
