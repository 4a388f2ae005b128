"""Applying a batch of events from ``/api/v1/events`` in the caller's transaction.

Events are applied kind by kind, in dependency order — registrations, build starts,
reported task states, run starts, heartbeats, logs, run finishes, build finishes — each
kind as one bulk
statement, keeping the stream's order within a kind. A build interleaves
``run_started``/``run_finished`` per task, so strict event order would cost a round
trip per event; the kind order gives the same result because every write is
idempotent, a task follows its most recently *started* run (not the last event),
and each kind only depends on kinds applied before it. It is also more lenient:
a run may precede its task's registration within one batch.

What changed is announced to every API process (``change_feed``) when the batch's
transaction commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.orm import Session

from stardag_api.core.config import Settings
from stardag_api.schemas.events import (
    BuildFinished,
    BuildStarted,
    LogsAppendedEvent,
    RunFinished,
    RunHeartbeatEvent,
    RunStarted,
    TaskRegistered,
    TaskStatesReported,
)
from stardag_api.schemas.fast_events import (
    AnyRunFinish,
    FastRunFinished,
    FastRunHeartbeat,
    FastRunStarted,
    FastTaskRegistered,
)
from stardag_api.store.build_states import record_reported_states
from stardag_api.store.builds import finish_build, start_builds
from stardag_api.store.change_feed import ChangeFeed, publish
from stardag_api.store.logs import append_logs
from stardag_api.store.registration import initial_run_rows, register_tasks
from stardag_api.store.rows import prefer_index_lookups
from stardag_api.store.runs import finish_runs, heartbeat_runs, start_runs

APPLY_ORDER = (
    TaskRegistered,
    BuildStarted,
    TaskStatesReported,
    RunStarted,
    RunHeartbeatEvent,
    LogsAppendedEvent,
    RunFinished,
    BuildFinished,
)
# The msgspec mirrors of the hot kinds (``api/fast_body.py``) are applied as their models.
KIND_OF: dict[type, type] = {
    **{kind: kind for kind in APPLY_ORDER},
    FastTaskRegistered: TaskRegistered,
    FastRunStarted: RunStarted,
    FastRunHeartbeat: RunHeartbeatEvent,
    FastRunFinished: RunFinished,
}


def apply_events(session: Session, events: Sequence[Any], settings: Settings) -> int:
    """Apply ``events`` (see the module docstring for the order); return how many were accepted.

    ``events`` are the models of ``schemas/events.py`` or their msgspec mirrors.
    """
    # A run started and finished in this batch is written once, finished (see start_runs).
    groups: dict[type, list[Any]] = {kind: [] for kind in APPLY_ORDER}
    for event in events:
        groups[KIND_OF[type(event)]].append(event)
    first_finishes: dict[uuid.UUID, AnyRunFinish] = {}
    for event in groups[RunFinished]:
        first_finishes.setdefault(event.run_id, event.finish)
    finished_at_start: set[int] = set()  # uuids' integers (see start_runs)
    feed = ChangeFeed()
    prefer_index_lookups(session)
    handlers: dict[type, Callable[[list[Any]], object]] = {
        TaskRegistered: lambda group: register_tasks(
            session,
            [e.task for e in group],
            initial_run_rows(
                [e.task for e in group], [e.run for e in groups[RunStarted]], first_finishes
            ),
        ),
        BuildStarted: lambda group: _start_builds(session, group, feed),
        BuildFinished: lambda group: _finish_builds(session, group, feed),
        TaskStatesReported: lambda group: record_reported_states(
            session, [(e.build_id, e.states) for e in group], feed
        ),
        RunStarted: lambda group: finished_at_start.update(
            run_id.int
            for run_id in start_runs(session, [e.run for e in group], first_finishes, feed)
        ),
        RunHeartbeatEvent: lambda group: heartbeat_runs(session, [e.run_id for e in group]),
        RunFinished: lambda group: finish_runs(
            session, _not_yet_applied(group, finished_at_start), feed
        ),
        LogsAppendedEvent: lambda group: _append_logs(session, group, settings, feed),
    }
    for kind in APPLY_ORDER:
        if group := groups[kind]:
            handlers[kind](group)
    publish(session, feed)
    return len(events)


def _start_builds(session: Session, events: list[BuildStarted], feed: ChangeFeed) -> None:
    start_builds(session, [e.build for e in events])
    for event in events:
        feed.build(event.build.build_id, "running")


def _finish_builds(session: Session, events: list[BuildFinished], feed: ChangeFeed) -> None:
    for event in events:
        finish_build(session, event.build_id, event.status, event.finished_at)
        feed.build(event.build_id, event.status.value)


def _append_logs(
    session: Session, events: list[LogsAppendedEvent], settings: Settings, feed: ChangeFeed
) -> None:
    append_logs(
        session,
        [(e.run_id, e.records) for e in events],
        settings.max_log_message_bytes,
        settings.max_log_records,
    )
    for event in events:
        feed.logs(event.run_id, len(event.records))


def _not_yet_applied(
    events: list[Any], finished_at_start: set[int]
) -> list[tuple[uuid.UUID, AnyRunFinish]]:
    """The finishes still to apply: all but the first finish of each run inserted finished
    (``finished_at_start`` holds their ids' integers)."""
    pending: list[tuple[uuid.UUID, AnyRunFinish]] = []
    skipped: set[int] = set()
    for event in events:
        key = event.run_id.int
        if key in finished_at_start and key not in skipped:
            skipped.add(key)
            continue
        pending.append((event.run_id, event.finish))
    return pending
