"""The msgspec decoding of ingest bodies agrees with the pydantic models it stands in for:
the same values for what both accept, the same 422 errors for what pydantic rejects."""

from __future__ import annotations

import json
import uuid
from typing import Any

import msgspec
import pytest
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel
from stardag_api.api.fast_body import parse_event_batch, parse_task_batch
from stardag_api.api.json_body import parse_body
from stardag_api.schemas.events import EventBatch
from stardag_api.schemas.tasks import TaskBatchCreate

RUN = str(uuid.uuid4())
TASK = str(uuid.uuid4())


def task(**fields: Any) -> dict[str, Any]:
    return {"task_id": str(uuid.uuid4()), "family": "fam", **fields}


def started(**run: Any) -> dict[str, Any]:
    return {"type": "run_started", "run": {"run_id": RUN, "task_id": TASK, **run}}


def finished(**finish: Any) -> dict[str, Any]:
    return {"type": "run_finished", "run_id": RUN, "finish": {"status": "completed", **finish}}


def plain(value: Any) -> Any:
    """A decoded value as JSON-ready data, whichever library produced it."""
    if isinstance(value, BaseModel):
        return plain(value.model_dump(exclude={"type"}))
    if isinstance(value, msgspec.Struct):
        return plain(msgspec.structs.asdict(value))
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if hasattr(value, "isoformat"):
        return (value.isoformat(), str(value.tzinfo))
    return str(value) if isinstance(value, uuid.UUID) else value


VALID_EVENTS = [
    [started(), finished()],
    [started(started_at="2026-12-02T10:00:00", user="ü-user"), finished(status="failed")],
    [started(started_at="2026-12-02T10:00:00+02:00", extra_field=1)],
    [{"type": "run_heartbeat", "run_id": RUN, "at": "2026-12-02T08:00:00Z"}],
    [{"type": "task_registered", "task": task(parameters={"a": [1, {"b": 2.5}]})}, started()],
    [
        {"type": "build_started", "build": {"build_id": RUN, "root_task_ids": [TASK]}},
        started(build_id=RUN),
        {
            "type": "logs_appended",
            "run_id": RUN,
            "records": [{"timestamp": "2026-12-02T08:00", "message": "hi"}],
        },
        {"type": "build_finished", "build_id": RUN, "status": "completed"},
    ],
    # Escaped text: a real emoji passes; "\\u0000" spelled out (not a NUL) too.
    [started(host="\U0001f600"), finished(error_message="literal \\u0000 text")],
]

INVALID_EVENTS = [
    [started(user="\x00")],
    [started(task_id="not-a-uuid")],
    [started(started_at=0)],
    [started(started_at="0001-01-01T00:00:00+12:00")],
    [started(host="x" * 501)],
    [finished(status="running")],
    [{"type": "no_such_kind"}],
    [{"run_id": RUN}],
    [{"type": "task_registered", "task": task(family="")}],
    [
        {
            "type": "task_registered",
            "task": task(parameters={"deep": json.loads("[" * 70 + "]" * 70)}),
        }
    ],
    [{"type": "build_finished", "build_id": RUN, "status": "bogus"}, started()],
    [{"type": "logs_appended", "run_id": RUN, "records": [{"timestamp": 5}]}],
]


@pytest.mark.parametrize("events", VALID_EVENTS)
def test_valid_event_batches_decode_as_pydantic_does(events: list[dict[str, Any]]) -> None:
    raw = json.dumps({"events": events}).encode()
    expected = parse_body(raw, EventBatch).events
    assert plain(parse_event_batch(raw)) == plain(expected)


@pytest.mark.parametrize("events", INVALID_EVENTS)
def test_invalid_event_batches_fail_with_pydantics_errors(events: list[dict[str, Any]]) -> None:
    raw = json.dumps({"events": events}).encode()
    with pytest.raises(RequestValidationError) as expected:
        parse_body(raw, EventBatch)
    with pytest.raises(RequestValidationError) as got:
        parse_event_batch(raw)
    assert got.value.errors() == expected.value.errors()


@pytest.mark.parametrize(
    "raw",
    [b"", b"{", b'{"events": 5}', b'{"events": [1]}', b"[]", b'{"tasks": []}'],
)
def test_malformed_bodies_fail_alike(raw: bytes) -> None:
    for fast, model in ((parse_event_batch, EventBatch), (parse_task_batch, TaskBatchCreate)):
        try:
            parse_body(raw, model)
        except RequestValidationError as expected:
            with pytest.raises(RequestValidationError) as got:
                fast(raw)
            assert got.value.errors() == expected.errors()
        else:
            assert plain(fast(raw)) == plain(parse_body(raw, model).model_dump()[_key(model)])


def _key(model: type[BaseModel]) -> str:
    return "events" if model is EventBatch else "tasks"


@pytest.mark.parametrize(
    "tasks",
    [
        [task(), task(namespace="ns", version="2", complete=True, created_at="2026-01-01T00:00")],
        [task(parameters={"x": 1e300, "s": "é"}, dependencies=[TASK], output_uri="/o")],
        [task(parameters={"bad": "\x00"})],
        [task(parameters={"k\x00": 1})],
        [task(created_at="2026-12-02T10:00:00-05:00")],
        [task(complete="yes")],
        [task(dependencies=["nope"])],
        [{"family": "fam"}],
    ],
)
def test_task_batches_agree_with_pydantic(tasks: list[dict[str, Any]]) -> None:
    raw = json.dumps({"tasks": tasks}).encode()
    try:
        expected = parse_body(raw, TaskBatchCreate).tasks
    except RequestValidationError as error:
        with pytest.raises(RequestValidationError) as got:
            parse_task_batch(raw)
        assert got.value.errors() == error.errors()
    else:
        assert plain(parse_task_batch(raw)) == plain(expected)
