"""Runs: start, heartbeat, finish, logs — and reading them back."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status

from stardag_api.api.deps import SessionDep, SettingsDep, SweptSessionDep
from stardag_api.schemas.runs import (
    LogBatch,
    LogRecordsPublic,
    LogsAppended,
    RunCreate,
    RunFinish,
    RunHeartbeat,
    RunPublic,
)
from stardag_api.store.change_feed import announced
from stardag_api.store.logs import append_logs, read_logs
from stardag_api.store.runs import finish_runs, get_run, heartbeat_runs, require_run, start_runs
from stardag_api.store.transaction import commit_with_retry

router = APIRouter(prefix="/runs", tags=["runs"])


@router.post("", response_model=RunPublic, status_code=status.HTTP_201_CREATED)
def start_run(body: RunCreate, session: SessionDep) -> RunPublic:
    """Record that a task started executing; its status becomes ``running``."""
    commit_with_retry(
        session, lambda: announced(session, lambda feed: start_runs(session, [body], feed=feed))
    )
    return get_run(session, body.run_id)


@router.post("/{run_id}/heartbeat", response_model=RunPublic)
def heartbeat(
    run_id: uuid.UUID, session: SessionDep, body: RunHeartbeat | None = None
) -> RunPublic:
    """Say the run's process is alive (server clock); finished runs are unchanged."""
    require_run(session, run_id)
    commit_with_retry(session, lambda: heartbeat_runs(session, [run_id]))
    return get_run(session, run_id)


@router.post("/{run_id}/finish", response_model=RunPublic)
def finish_run(run_id: uuid.UUID, body: RunFinish, session: SessionDep) -> RunPublic:
    """Record how the run ended; the task follows when this is its latest run."""
    require_run(session, run_id)
    commit_with_retry(
        session,
        lambda: announced(session, lambda feed: finish_runs(session, [(run_id, body)], feed)),
    )
    return get_run(session, run_id)


@router.post("/{run_id}/logs", response_model=LogsAppended)
def append_run_logs(
    run_id: uuid.UUID, body: LogBatch, session: SessionDep, settings: SettingsDep
) -> LogsAppended:
    """Append up to 5,000 records to the run, in order (replayed records are skipped)."""
    require_run(session, run_id)
    appended = commit_with_retry(
        session,
        lambda: append_logs(
            session,
            [(run_id, body.records)],
            settings.max_log_message_bytes,
            settings.max_log_records,
        ),
    )
    return LogsAppended(appended=appended)


@router.get("/{run_id}", response_model=RunPublic)
def read_run(run_id: uuid.UUID, session: SweptSessionDep) -> RunPublic:
    """One run with its error message and traceback."""
    return get_run(session, run_id)


@router.get("/{run_id}/logs", response_model=LogRecordsPublic)
def read_run_logs(
    run_id: uuid.UUID,
    session: SessionDep,
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] | None = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
    after_seq: Annotated[int | None, Query(ge=0, le=2**31 - 1)] = None,
) -> LogRecordsPublic:
    """The run's log records in order; ``level`` is a minimum, ``search`` a substring."""
    require_run(session, run_id)
    if search and "\x00" in search:
        search = search.replace("\x00", "")
    return read_logs(
        session, run_id, min_level=level, search=search, after_seq=after_seq, limit=limit
    )
