"""``POST /api/v1/events``: the SDK's batched, ordered, idempotent event stream."""

from __future__ import annotations

from fastapi import APIRouter

from stardag_api.api.deps import SessionDep, SettingsDep
from stardag_api.api.fast_body import parse_event_batch
from stardag_api.api.json_body import RawBody, documented_body
from stardag_api.api.limits import check_batch_size
from stardag_api.schemas.events import EventBatch, EventsAccepted
from stardag_api.store.events import apply_events
from stardag_api.store.transaction import commit_with_retry

router = APIRouter(prefix="/events", tags=["events"])


@router.post("", response_model=EventsAccepted, openapi_extra=documented_body(EventBatch))
def post_events(raw: RawBody, session: SessionDep, settings: SettingsDep) -> EventsAccepted:
    """Apply up to 5,000 events in order, in one transaction; replaying a batch changes nothing.

    An event naming an unknown task, run or build rejects the whole batch with 422.
    """
    events = parse_event_batch(raw)
    check_batch_size(len(events), settings.max_batch_events, "events")
    accepted = commit_with_retry(session, lambda: apply_events(session, events, settings))
    return EventsAccepted(accepted=accepted)
