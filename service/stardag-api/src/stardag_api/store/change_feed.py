"""Status changes published to every API process through PostgreSQL ``NOTIFY``.

Writers collect what changed in a :class:`ChangeFeed` and :func:`publish` it in
the same transaction: PostgreSQL delivers notifications only when (and if) the
transaction commits, in commit order, to every process listening on
:data:`CHANNEL` — so several API replicas over one database all see every change,
and a rolled-back batch announces nothing. Each change is a small JSON object in
its public form (the ``/api/v1/stream`` event data), packed into payloads under
PostgreSQL's 8,000-byte limit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import msgspec
from sqlalchemy import text
from sqlalchemy.orm import Session

CHANNEL = "stardag_changes"
# PostgreSQL refuses payloads of 8,000 bytes or more; leave room for the brackets.
MAX_PAYLOAD_BYTES = 7_800

T = TypeVar("T")
# Items hold only uuids, strings, numbers and UTC times: msgspec writes them in C.
_ENCODER = msgspec.json.Encoder()

# The payloads travel as one JSON array: psycopg would quote every element of a text[]
# in Python (a regex substitution per quote character of each payload).
_NOTIFY = text(
    "SELECT pg_notify(:channel, p) FROM json_array_elements_text(CAST(:payloads AS json)) AS p"
)


class ChangeFeed:
    """The changes one transaction makes, in the order they were made."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def run(
        self,
        run_id: uuid.UUID,
        task_id: uuid.UUID,
        build_id: uuid.UUID | None,
        status: str,
        at: datetime | None,
    ) -> None:
        """A run started or finished; its task's status follows it."""
        self.runs([(run_id, task_id, build_id, status, at)])

    def runs(
        self, rows: Iterable[tuple[uuid.UUID, uuid.UUID, uuid.UUID | None, str, datetime | None]]
    ) -> None:
        """Runs started or finished, as ``(run_id, task_id, build_id, status, at)`` rows."""
        self.items.extend(
            {
                "kind": "run",
                "run_id": run_id,
                "task_id": task_id,
                "build_id": build_id,
                "status": status,
                "at": at,
            }
            for run_id, task_id, build_id, status, at in rows
        )

    def task_state(
        self,
        build_id: uuid.UUID,
        task_id: uuid.UUID,
        state: str,
        cause_task_id: uuid.UUID | None,
    ) -> None:
        """A build gave a task a state without running it (skipped, upstream_failed, ...)."""
        self.items.append(
            {
                "kind": "task_state",
                "build_id": build_id,
                "task_id": task_id,
                "state": state,
                "cause_task_id": cause_task_id,
            }
        )

    def build(self, build_id: uuid.UUID, status: str) -> None:
        """A build started or ended."""
        self.items.append({"kind": "build", "build_id": build_id, "status": status})

    def logs(self, run_id: uuid.UUID, count: int) -> None:
        """``count`` log records were appended to a run."""
        self.items.append({"kind": "logs", "run_id": run_id, "count": count})


def pack(items: list[dict[str, Any]]) -> list[str]:
    """``items`` as JSON arrays, each under ``MAX_PAYLOAD_BYTES``."""
    payloads: list[str] = []
    current: list[bytes] = []
    size = 2
    for item in items:
        encoded = _ENCODER.encode(item)
        if current and size + len(encoded) + 1 > MAX_PAYLOAD_BYTES:
            payloads.append((b"[" + b",".join(current) + b"]").decode())
            current, size = [], 2
        current.append(encoded)
        size += len(encoded) + 1
    if current:
        payloads.append((b"[" + b",".join(current) + b"]").decode())
    return payloads


def publish(session: Session, feed: ChangeFeed) -> None:
    """Queue ``feed``'s changes for delivery when the session's transaction commits."""
    if feed.items:
        payloads = _ENCODER.encode(pack(feed.items)).decode()
        session.execute(_NOTIFY, {"channel": CHANNEL, "payloads": payloads})


def announced(session: Session, write: Callable[[ChangeFeed], T]) -> T:
    """Run ``write`` with a fresh feed and publish what it collected (same transaction)."""
    feed = ChangeFeed()
    result = write(feed)
    publish(session, feed)
    return result
