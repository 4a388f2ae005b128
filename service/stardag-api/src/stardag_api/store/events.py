"""Applying a batch of events from ``/api/v1/events``: in order, in the caller's transaction.

Consecutive events of one kind are applied as one bulk statement (a build's events
arrive as long runs of the same kind), so a batch of thousands of events costs a
handful of round trips while keeping the order of the stream.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby
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
from stardag_api.store.builds import finish_build, start_builds
from stardag_api.store.logs import append_logs
from stardag_api.store.registration import register_tasks
from stardag_api.store.runs import finish_runs, heartbeat_runs, start_runs


def apply_events(session: Session, events: Sequence[Any], settings: Settings) -> int:
    """Apply ``events`` in order; return how many were accepted (all, or an error is raised)."""
    handlers: dict[type, Callable[[list[Any]], object]] = {
        TaskRegistered: lambda group: register_tasks(session, [e.task for e in group]),
        BuildStarted: lambda group: start_builds(session, [e.build for e in group]),
        BuildFinished: lambda group: _finish_builds(session, group),
        RunStarted: lambda group: start_runs(session, [e.run for e in group]),
        RunHeartbeatEvent: lambda group: heartbeat_runs(session, [e.run_id for e in group]),
        RunFinished: lambda group: finish_runs(session, [(e.run_id, e.finish) for e in group]),
        LogsAppendedEvent: lambda group: append_logs(
            session, [(e.run_id, e.records) for e in group], settings.max_log_message_bytes
        ),
    }
    for kind, group in groupby(events, key=type):
        handlers[kind](list(group))
    return len(events)


def _finish_builds(session: Session, events: list[BuildFinished]) -> None:
    for event in events:
        finish_build(session, event.build_id, event.status, event.finished_at)
