"""Applying a batch of events from ``/api/v1/events`` in the caller's transaction.

Events are applied kind by kind, in dependency order — registrations, build starts,
run starts, heartbeats, logs, run finishes, build finishes — each kind as one bulk
statement, keeping the stream's order within a kind. A build interleaves
``run_started``/``run_finished`` per task, so strict event order would cost a round
trip per event; the kind order gives the same result because every write is
idempotent, a task follows its most recently *started* run (not the last event),
and each kind only depends on kinds applied before it. It is also more lenient:
a run may precede its task's registration within one batch.
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
)
from stardag_api.schemas.runs import RunFinish
from stardag_api.store.builds import finish_build, start_builds
from stardag_api.store.logs import append_logs
from stardag_api.store.registration import register_tasks
from stardag_api.store.runs import finish_runs, heartbeat_runs, start_runs

APPLY_ORDER = (
    TaskRegistered,
    BuildStarted,
    RunStarted,
    RunHeartbeatEvent,
    LogsAppendedEvent,
    RunFinished,
    BuildFinished,
)


def apply_events(session: Session, events: Sequence[Any], settings: Settings) -> int:
    """Apply ``events`` (see the module docstring for the order); return how many were accepted."""
    # A run started and finished in this batch is written once, finished (see start_runs).
    first_finishes: dict[uuid.UUID, RunFinish] = {}
    for event in events:
        if isinstance(event, RunFinished):
            first_finishes.setdefault(event.run_id, event.finish)
    finished_at_start: set[uuid.UUID] = set()
    handlers: dict[type, Callable[[list[Any]], object]] = {
        TaskRegistered: lambda group: register_tasks(session, [e.task for e in group]),
        BuildStarted: lambda group: start_builds(session, [e.build for e in group]),
        BuildFinished: lambda group: _finish_builds(session, group),
        RunStarted: lambda group: finished_at_start.update(
            start_runs(session, [e.run for e in group], first_finishes)
        ),
        RunHeartbeatEvent: lambda group: heartbeat_runs(session, [e.run_id for e in group]),
        RunFinished: lambda group: finish_runs(session, _not_yet_applied(group, finished_at_start)),
        LogsAppendedEvent: lambda group: append_logs(
            session,
            [(e.run_id, e.records) for e in group],
            settings.max_log_message_bytes,
            settings.max_log_records,
        ),
    }
    for kind in APPLY_ORDER:
        group = [event for event in events if type(event) is kind]
        if group:
            handlers[kind](group)
    return len(events)


def _finish_builds(session: Session, events: list[BuildFinished]) -> None:
    for event in events:
        finish_build(session, event.build_id, event.status, event.finished_at)


def _not_yet_applied(
    events: list[RunFinished], finished_at_start: set[uuid.UUID]
) -> list[tuple[uuid.UUID, RunFinish]]:
    """The finishes still to apply: all but the first finish of each run inserted finished."""
    pending: list[tuple[uuid.UUID, RunFinish]] = []
    skipped: set[uuid.UUID] = set()
    for event in events:
        if event.run_id in finished_at_start and event.run_id not in skipped:
            skipped.add(event.run_id)
            continue
        pending.append((event.run_id, event.finish))
    return pending
