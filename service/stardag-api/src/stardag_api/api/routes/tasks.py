"""Tasks: registration, the filtered list, one task, its closures, graph and runs."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from itertools import chain
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response, status
from fastapi.responses import StreamingResponse

from stardag_api.api.deps import IngestSessionDep, SessionDep, SettingsDep, SweptSessionDep
from stardag_api.api.fast_body import parse_task_batch
from stardag_api.api.json_body import RawBody, documented_body
from stardag_api.api.limits import check_batch_size
from stardag_api.schemas.common import TaskStatus, Text, UtcDatetime
from stardag_api.schemas.runs import RunsPublic
from stardag_api.schemas.tasks import (
    CompactTaskGraph,
    RelatedTasks,
    TaskBatchCreate,
    TaskBatchResult,
    TaskCreate,
    TaskDetail,
    TaskGraph,
    TaskPublic,
    TasksPublic,
)
from stardag_api.store.closure import (
    Direction,
    check_task,
    stream_related_tasks,
    stream_task_graph,
)
from stardag_api.store.graph_compact import stream_compact_task_graph
from stardag_api.store.listing import TaskFilters, TaskSort, list_tasks, parse_param_filter
from stardag_api.store.registration import register_tasks
from stardag_api.store.runs import task_runs
from stardag_api.store.task_ids import resolve_task_id
from stardag_api.store.tasks import get_task, get_task_detail
from stardag_api.store.transaction import commit_with_retry

router = APIRouter(prefix="/tasks", tags=["tasks"])

TaskIdPath = Annotated[
    str,
    Path(
        min_length=1,
        max_length=64,
        description="a task id, or a unique prefix of at least 4 hex digits",
    ),
]
Depth = Annotated[int, Query(ge=0, le=10_000, description="edges to follow; 0 = unlimited")]
ClosureLimit = Annotated[int, Query(ge=1, le=100_000)]
PARAM_PREFIX = "param."


def _streamed(chunks: Iterator[bytes]) -> StreamingResponse:
    # Closures hold up to 100,000 tasks; PostgreSQL renders the JSON, we pass it on.
    # The first chunk is drawn here, where a failing query still maps to an error status;
    # a failure later aborts the connection, so a client never takes a cut body for JSON.
    first = next(chunks)
    return StreamingResponse(chain((first,), chunks), media_type="application/json")


@router.post(
    "",
    response_model=TaskPublic,
    status_code=status.HTTP_201_CREATED,
    responses={200: {"model": TaskPublic, "description": "the task was already registered"}},
)
def register_task(body: TaskCreate, session: SessionDep, response: Response) -> TaskPublic:
    """Register one task with its dependency edges (201 when new, 200 when it existed)."""
    created = commit_with_retry(session, lambda: register_tasks(session, [body]))
    if not created:
        response.status_code = status.HTTP_200_OK
    return get_task(session, body.task_id)


@router.post(
    "/batch", response_model=TaskBatchResult, openapi_extra=documented_body(TaskBatchCreate)
)
def register_task_batch(
    raw: RawBody, session: IngestSessionDep, settings: SettingsDep
) -> TaskBatchResult:
    """Register up to 1,000 tasks and their edges in one transaction (idempotent)."""
    tasks = parse_task_batch(raw)
    check_batch_size(len(tasks), settings.max_batch_tasks, "tasks")
    created = commit_with_retry(session, lambda: register_tasks(session, tasks))
    return TaskBatchResult(registered=len(tasks), created=created)


@router.get("", response_model=TasksPublic)
def list_task_page(
    request: Request,
    session: SweptSessionDep,
    family: Annotated[Text | None, Query(max_length=500)] = None,
    namespace: Annotated[Text | None, Query(max_length=500)] = None,
    status: Annotated[list[TaskStatus] | None, Query()] = None,
    search: Annotated[
        Text | None,
        Query(max_length=200, description="id prefix, family prefix or parameter value"),
    ] = None,
    created_after: UtcDatetime | None = None,
    created_before: UtcDatetime | None = None,
    updated_after: UtcDatetime | None = None,
    updated_before: UtcDatetime | None = None,
    sort: TaskSort = TaskSort.UPDATED_DESC,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    cursor: Annotated[str | None, Query(max_length=500)] = None,
) -> TasksPublic:
    """Tasks matching every given filter, one page at a time (pass ``next_cursor`` back).

    Parameter filters are extra query keys ``param.<name>=<value>`` (repeatable); the
    value matches as JSON and as a string, so ``param.limit=10`` finds ``10`` and ``"10"``.
    """
    params = tuple(
        parse_param_filter(key[len(PARAM_PREFIX) :], value)
        for key, value in request.query_params.multi_items()
        if key.startswith(PARAM_PREFIX)
    )
    filters = TaskFilters(
        family=family,
        namespace=namespace,
        statuses=tuple(status or ()),
        search=search.strip() if search else None,
        params=params,
        created_after=created_after,
        created_before=created_before,
        updated_after=updated_after,
        updated_before=updated_before,
    )
    return list_tasks(session, filters, sort, limit, cursor)


@router.get("/{task_id}", response_model=TaskDetail)
def read_task(task_id: TaskIdPath, session: SweptSessionDep) -> TaskDetail:
    """One task by id or unique id prefix (409 with candidates when the prefix is ambiguous)."""
    return get_task_detail(session, resolve_task_id(session, task_id))


@router.get("/{task_id}/upstream", response_model=RelatedTasks)
def read_upstream(
    request: Request,
    task_id: TaskIdPath,
    session: SweptSessionDep,
    depth: Depth = 1,
    limit: ClosureLimit = 1000,
) -> Response:
    """Tasks this task depends on, up to ``depth`` edges away, nearest first."""
    resolved = resolve_task_id(session, task_id)
    check_task(session, resolved)
    sessions = request.app.state.sessions
    return _streamed(stream_related_tasks(sessions, resolved, Direction.UPSTREAM, depth, limit))


@router.get("/{task_id}/downstream", response_model=RelatedTasks)
def read_downstream(
    request: Request,
    task_id: TaskIdPath,
    session: SweptSessionDep,
    depth: Depth = 1,
    limit: ClosureLimit = 1000,
) -> Response:
    """Tasks that depend on this task, up to ``depth`` edges away, nearest first."""
    resolved = resolve_task_id(session, task_id)
    check_task(session, resolved)
    sessions = request.app.state.sessions
    return _streamed(stream_related_tasks(sessions, resolved, Direction.DOWNSTREAM, depth, limit))


MaxNodes = Annotated[
    int, Query(ge=1, le=100_001, description="nearest first (the root counts); the rest is cut")
]


@router.get("/{task_id}/graph", response_model=TaskGraph)
def read_graph(
    request: Request,
    task_id: TaskIdPath,
    session: SweptSessionDep,
    direction: Direction = Direction.BOTH,
    depth: Depth = 2,
    max_nodes: MaxNodes = 500,
) -> Response:
    """Nodes and edges around the task for drawing; ``truncated`` when ``max_nodes`` cut it."""
    resolved = resolve_task_id(session, task_id)
    check_task(session, resolved)
    sessions = request.app.state.sessions
    return _streamed(stream_task_graph(sessions, resolved, direction, depth, max_nodes))


@router.get("/{task_id}/graph/compact", response_model=CompactTaskGraph)
def read_compact_graph(
    request: Request,
    task_id: TaskIdPath,
    session: SweptSessionDep,
    direction: Direction = Direction.BOTH,
    depth: Depth = 2,
    max_nodes: MaxNodes = 500,
) -> Response:
    """The same graph with only what the UI draws per node (id, family, namespace, status,
    parameters, depth) and edges as ``[upstream, downstream]`` indices into ``nodes``:
    about a third of the bytes for graphs of thousands of tasks."""
    resolved = resolve_task_id(session, task_id)
    check_task(session, resolved)
    sessions = request.app.state.sessions
    return _streamed(stream_compact_task_graph(sessions, resolved, direction, depth, max_nodes))


@router.get("/{task_id}/runs", response_model=RunsPublic)
def read_task_runs(
    task_id: TaskIdPath,
    session: SweptSessionDep,
    limit: Annotated[int, Query(ge=1, le=1_000)] = 100,
) -> RunsPublic:
    """The task's runs, newest first."""
    resolved: uuid.UUID = resolve_task_id(session, task_id)
    return RunsPublic(items=task_runs(session, resolved, limit))
