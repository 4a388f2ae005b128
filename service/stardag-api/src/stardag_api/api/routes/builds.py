"""Builds: one per ``sd.build`` call."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from stardag_api.api.deps import SessionDep, SweptSessionDep
from stardag_api.schemas.builds import (
    BuildCreate,
    BuildDetail,
    BuildFinish,
    BuildPublic,
    BuildsPublic,
)
from stardag_api.schemas.common import RunStatus
from stardag_api.store.build_reads import build_detail_json
from stardag_api.store.builds import (
    finish_build,
    get_build,
    recent_builds,
    require_build,
    start_builds,
)
from stardag_api.store.transaction import commit_with_retry

router = APIRouter(prefix="/builds", tags=["builds"])


@router.post("", response_model=BuildPublic, status_code=status.HTTP_201_CREATED)
def start_build(body: BuildCreate, session: SessionDep) -> BuildPublic:
    """Record the start of a build (starting a known build again changes nothing)."""
    commit_with_retry(session, lambda: start_builds(session, [body]))
    return get_build(session, body.build_id)


@router.post("/{build_id}/finish", response_model=BuildPublic)
def finish(build_id: uuid.UUID, body: BuildFinish, session: SessionDep) -> BuildPublic:
    """Record how the build ended (409 if it already ended otherwise)."""
    require_build(session, build_id)
    commit_with_retry(
        session, lambda: finish_build(session, build_id, body.status, body.finished_at)
    )
    return get_build(session, build_id)


@router.get("", response_model=BuildsPublic)
def list_builds(
    session: SweptSessionDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    status: RunStatus | None = None,
) -> BuildsPublic:
    """The most recent builds, newest first, with their tasks counted per state."""
    return BuildsPublic(
        items=recent_builds(session, limit, status.value if status is not None else None)
    )


@router.get("/{build_id}", response_model=BuildDetail)
def read_build(
    build_id: uuid.UUID,
    session: SweptSessionDep,
    task_limit: Annotated[int, Query(ge=0, le=50_000)] = 20_000,
) -> Response:
    """One build with every task of its graph and its state there (skipped, running,
    completed, failed, upstream_failed naming the failed upstream task, cancelled),
    and what failed first with its traceback."""
    # The tasks can number tens of thousands: PostgreSQL renders them as JSON.
    document = build_detail_json(session, get_build(session, build_id), task_limit)
    return Response(document, media_type="application/json")
