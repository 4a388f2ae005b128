"""Column lists and row-to-model conversion shared by the store's modules."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import msgspec
from pydantic import BaseModel
from pydantic_core import to_json
from sqlalchemy import Row, Select, select, text
from sqlalchemy.orm import Session

from stardag_api.db.models import Build, Run, Task, TaskState
from stardag_api.schemas.runs import RunPublic
from stardag_api.schemas.tasks import TaskPublic

TASK_PUBLIC_COLUMNS = [
    Task.task_id,
    Task.namespace,
    Task.family,
    Task.version,
    Task.parameters,
    Task.output_uri,
    TaskState.status,
    Task.created_at,
    TaskState.updated_at,
    TaskState.started_at,
    TaskState.finished_at,
    TaskState.duration_seconds,
    Task.user,
    Task.host,
    Task.commit_hash,
]
RUN_PUBLIC_COLUMNS = [
    Run.run_id,
    Run.task_id,
    Run.build_id,
    Run.status,
    Run.started_at,
    Run.finished_at,
    Run.duration_seconds,
    Run.last_heartbeat_at,
    Run.user,
    Run.host,
    Run.commit_hash,
    Run.error_message,
    Run.traceback,
]
BUILD_COLUMNS = [
    Build.build_id,
    Build.root_task_ids,
    Build.status,
    Build.user,
    Build.host,
    Build.commit_hash,
    Build.started_at,
    Build.finished_at,
    Build.failed_by_sweep,
]


def select_tasks(*extra: Any) -> Select[Any] | Any:
    """SELECT of ``TASK_PUBLIC_COLUMNS`` (and ``extra``): a task joined with its state."""
    return select(*TASK_PUBLIC_COLUMNS, *extra).join_from(
        Task, TaskState, TaskState.task_id == Task.task_id
    )


def to_task(row: Row[Any] | Any) -> TaskPublic:
    return TaskPublic.model_validate(row._mapping)


def to_run(row: Row[Any] | Any) -> RunPublic:
    return RunPublic.model_validate(row._mapping)


def json_rows(rows: Iterable[dict[str, Any] | BaseModel | msgspec.Struct]) -> str:
    """Rows as one JSON array for ``json_to_recordset``: one parameter per bulk statement.

    Sending a batch as a single JSON document is several times cheaper than one
    PostgreSQL array per column (psycopg quotes every array element in Python), and
    pydantic-core's encoder writes uuids and datetimes without Python-level calls.
    Rows may be pydantic models or their msgspec mirrors (``schemas/fast_events.py``).
    """
    return json_document(list(rows))


_ENCODER = msgspec.json.Encoder()


def json_document(value: Any) -> str:
    """``value`` as JSON text: msgspec's encoder (C) for plain data and Structs, pydantic-core's
    for pydantic models (the two write uuids, enums and UTC times alike)."""
    try:
        return _ENCODER.encode(value).decode()
    except TypeError:  # a pydantic model somewhere inside
        return to_json(value, fallback=_struct_fields).decode()


def _struct_fields(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return msgspec.structs.asdict(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def uuid_array(ids: Iterable[uuid.UUID]) -> str:
    """``ids`` as a PostgreSQL array literal, for ``CAST(:ids AS uuid[])``.

    psycopg adapts a list of uuids element by element in Python (about 1 µs each);
    msgspec writes them in C, and a uuid's text needs no quoting inside the literal.
    """
    return "{" + _ENCODER.encode(list(ids))[1:-1].replace(b'"', b"").decode() + "}"


def json_size(value: Any) -> int:
    """Bytes of ``value`` (plain JSON data) as UTF-8 JSON."""
    return len(_ENCODER.encode(value))


def by_uuid(value: uuid.UUID) -> int:
    """Sort key for uuids: PostgreSQL's order, without Python-level ``UUID.__lt__`` calls."""
    return value.int


_PREFER_INDEX_LOOKUPS = text("SELECT set_config('enable_seqscan', 'off', true)")


def prefer_index_lookups(session: Session) -> None:
    """Make this transaction's writes find their rows by key, not by scanning the table.

    The write path's joins look up at most a batch of rows by primary key, but the
    planner guesses 100 rows for a JSON recordset and, on a table of tens of thousands
    of tasks, prefers a sequential scan: a cost that grew with the table
    (``task_states``: ~10 µs per task at 20k tasks). Set for the transaction only.
    """
    session.execute(_PREFER_INDEX_LOOKUPS)
