"""Encode registry calls as the service's ``POST /api/v1/events`` items.

Each function turns one registry call into one event as a compact JSON string
(the ``Event`` union of ``docs/api.md``). Strings, not dicts: the same text is
joined into a request body and appended to the offline spool as a JSONL line,
so an event is serialized exactly once whichever way it travels.
"""

from __future__ import annotations

import json
from datetime import datetime
from json.encoder import encode_basestring_ascii as _quote  # what json.dumps(str) does
from typing import Any, NamedTuple

from stardag.registry.models import (
    BuildStart,
    BuildStatus,
    LogRecord,
    RunFinish,
    RunStart,
    TaskRegistration,
    TaskStateReport,
)

# The service rejects a log message over 64 KiB (413); a task printing a huge
# blob must not lose the rest of its run's logs, so long messages are cut.
MAX_LOG_MESSAGE_BYTES = 60_000
# The service accepts at most 5,000 records per ``logs_appended`` event.
MAX_LOG_RECORDS_PER_EVENT = 1_000


class EventKeys(NamedTuple):
    """What one event creates and names (task, run and build ids): requests in flight
    together never deliver an event before the one that created what it names."""

    creates: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    barrier: bool = False
    """Comes after everything queued before it (a build's finish)."""


def _json(model: Any) -> str:
    """``model.model_dump_json()`` without pydantic's per-call Python wrapper."""
    text: bytes = type(model).__pydantic_serializer__.to_json(model)
    return text.decode()


# Bound once: the per-event cost of the hot kinds is then one call into pydantic-core.
_registration_json = TaskRegistration.__pydantic_serializer__.to_json
_state_json = TaskStateReport.__pydantic_serializer__.to_json
_run_start_json = RunStart.__pydantic_serializer__.to_json
_run_finish_json = RunFinish.__pydantic_serializer__.to_json


def _iso(moment: datetime | None) -> str:
    return json.dumps(moment.isoformat() if moment else None)


def task_registered(task: TaskRegistration) -> str:
    return '{"type":"task_registered","task":' + _registration_json(task).decode() + "}"


def build_started(build: BuildStart) -> str:
    return '{"type":"build_started","build":' + _json(build) + "}"


def build_finished(build_id: str, status: BuildStatus, finished_at: datetime) -> str:
    return (
        '{"type":"build_finished","build_id":'
        + json.dumps(build_id)
        + ',"status":'
        + json.dumps(str(status))
        + ',"finished_at":'
        + _iso(finished_at)
        + "}"
    )


def task_states(build_id: str, states: list[TaskStateReport]) -> str:
    body = b",".join([_state_json(state) for state in states]).decode()
    return '{"type":"task_states","build_id":' + _quote(build_id) + ',"states":[' + body + "]}"


def run_started(run: RunStart) -> str:
    return '{"type":"run_started","run":' + _run_start_json(run).decode() + "}"


def run_heartbeat(run_id: str, at: datetime) -> str:
    return '{"type":"run_heartbeat","run_id":' + _quote(run_id) + ',"at":' + _iso(at) + "}"


def run_finished(run_id: str, finish: RunFinish) -> str:
    finish_json = _run_finish_json(finish).decode()
    return '{"type":"run_finished","run_id":' + _quote(run_id) + ',"finish":' + finish_json + "}"


def _clip(record: LogRecord) -> LogRecord:
    encoded = record.message.encode()
    if len(encoded) <= MAX_LOG_MESSAGE_BYTES:
        return record
    kept = encoded[:MAX_LOG_MESSAGE_BYTES].decode(errors="ignore")
    note = f"\n... [truncated by stardag: {len(encoded) - len(kept.encode())} more bytes]"
    return record.model_copy(update={"message": kept + note})


def logs_appended(run_id: str, records: list[LogRecord]) -> list[str]:
    """One or more ``logs_appended`` events (chunked to the service's per-event limit)."""
    clipped = [_clip(record) for record in records]
    events = []
    for start in range(0, len(clipped), MAX_LOG_RECORDS_PER_EVENT):
        chunk = clipped[start : start + MAX_LOG_RECORDS_PER_EVENT]
        body = ",".join(_json(record) for record in chunk)
        events.append(
            '{"type":"logs_appended","run_id":' + _quote(run_id) + ',"records":[' + body + "]}"
        )
    return events
