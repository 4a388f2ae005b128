"""``GET /api/v1/stream``: status changes as server-sent events."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from stardag_api.stream.hub import ChangeFilter, ChangeHub, Subscription

router = APIRouter(prefix="/stream", tags=["stream"])
logger = logging.getLogger(__name__)

KEEPALIVE_SECONDS = 15.0
RETRY_MILLISECONDS = 2_000

STREAM_DESCRIPTION = """\
A `text/event-stream` of what changes in the registry, as it is committed (from any
API process over the same database). Events:

- `ready` — the subscription is live (sent first); changes from now on are delivered.
- `changes` — `data` is a JSON array of changes, each one of
  `{"kind": "run", "run_id", "task_id", "build_id", "status", "at"}` (a run started or
  finished; its task's status follows), `{"kind": "task_state", "build_id", "task_id",
  "state", "cause_task_id"}` (a build skipped a task, or did not run it because
  `cause_task_id` failed), `{"kind": "build", "build_id", "status"}` and
  `{"kind": "logs", "run_id", "count"}`.
- `resync` — some changes could not be delivered (the client fell behind or the server
  lost its database connection for a moment): refetch what you show.

Comment lines (`: keepalive`) come every 15 s. With `build_id`, `task_id` or `run_id`
(each repeatable) only the changes naming one of them are sent.
"""


def _frame(event: str, data: str) -> str:
    return f"event: {event}\ndata: {data}\n\n"


async def _events(
    request: Request, hub: ChangeHub, subscription: Subscription
) -> AsyncIterator[str]:
    try:
        yield f"retry: {RETRY_MILLISECONDS}\n" + _frame(
            "ready", '{"subscription":"' + subscription.id + '"}'
        )
        while True:
            try:
                payload = await asyncio.wait_for(subscription.queue.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                if await request.is_disconnected():
                    return
                yield ": keepalive\n\n"
                continue
            if payload is None:
                yield _frame("resync", "{}")
            else:
                yield _frame("changes", payload)
    finally:
        hub.unsubscribe(subscription)
        if subscription.dropped:
            logger.warning(
                "stream client %s fell behind: %d payloads replaced by resync signals",
                subscription.id,
                subscription.dropped,
            )


# OpenAPI 3.1 has no schema for a stream of events (3.2's ``itemSchema`` will): the body
# is declared as what it is on the wire, UTF-8 text in the event-stream format, with
# one example of each frame; the event kinds are in the description.
EVENT_STREAM_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "a never-ending `text/event-stream` (server-sent events)",
        "content": {
            "text/event-stream": {
                "schema": {
                    "type": "string",
                    "contentMediaType": "text/event-stream",
                    "description": "frames of `event: <kind>` and `data: <JSON>` lines, each "
                    "ended by a blank line, and `: keepalive` comment lines",
                },
                "example": (
                    'retry: 2000\nevent: ready\ndata: {"subscription":"3f2a"}\n\n'
                    'event: changes\ndata: [{"kind":"build","build_id":'
                    '"0b8e5c1e-34f6-4a53-9d55-1f3a3f1b9d2e","status":"completed"}]\n\n'
                    ": keepalive\n\n"
                ),
            }
        },
    }
}


@router.get(
    "",
    description=STREAM_DESCRIPTION,
    response_class=StreamingResponse,
    responses=EVENT_STREAM_RESPONSE,
)
async def stream(
    request: Request,
    build_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    task_id: Annotated[list[uuid.UUID] | None, Query()] = None,
    run_id: Annotated[list[uuid.UUID] | None, Query()] = None,
) -> StreamingResponse:
    """Server-sent events of status changes (see the description for the event kinds)."""
    hub: ChangeHub = request.app.state.change_hub
    changes = ChangeFilter(
        build_ids=frozenset(str(i) for i in build_id or ()),
        task_ids=frozenset(str(i) for i in task_id or ()),
        run_ids=frozenset(str(i) for i in run_id or ()),
    )
    subscription = hub.subscribe(changes)
    return StreamingResponse(
        _events(request, hub, subscription),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
