"""Builds: one row per ``sd.build`` call."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from stardag_api.core.errors import BuildNotFound, Conflict, UnknownReferences
from stardag_api.db.models import Build
from stardag_api.schemas.builds import BuildCreate, BuildPublic
from stardag_api.schemas.common import FinishStatus
from stardag_api.store.build_reads import LISTED_FAILED_TASKS, summarized_builds
from stardag_api.store.rows import BUILD_COLUMNS, uuid_array

_INSERT_BUILDS = text(
    """
    INSERT INTO builds (build_id, root_task_ids, status, "user", host, commit_hash, started_at)
    SELECT b.build_id, CAST(b.roots AS uuid[]), 'running', b.usr, b.host, b.commit,
           coalesce(b.started_at, now())
    FROM unnest(CAST(:build_ids AS uuid[]), CAST(:roots AS text[]), CAST(:users AS text[]),
                CAST(:hosts AS text[]), CAST(:commits AS text[]),
                CAST(:started_ats AS timestamptz[]))
         AS b(build_id, roots, usr, host, commit, started_at)
    ON CONFLICT (build_id) DO NOTHING
    """
)


def start_builds(session: Session, builds: Sequence[BuildCreate]) -> None:
    """Record build starts; starting a known build again is a no-op."""
    unique: dict[uuid.UUID, BuildCreate] = {}
    for build in builds:
        unique.setdefault(build.build_id, build)
    ordered = [unique[build_id] for build_id in sorted(unique)]
    if not ordered:
        return
    session.execute(
        _INSERT_BUILDS,
        {
            "build_ids": [b.build_id for b in ordered],
            # uuid[] literals: arrays of arrays cannot ragged-unnest, so pass text and cast.
            "roots": [uuid_array(b.root_task_ids) for b in ordered],
            "users": [b.user for b in ordered],
            "hosts": [b.host for b in ordered],
            "commits": [b.commit_hash for b in ordered],
            "started_ats": [b.started_at for b in ordered],
        },
    )


def finish_build(
    session: Session, build_id: uuid.UUID, status: FinishStatus, finished_at: object
) -> None:
    """Record how a build ended; the same status again is a no-op, another is a 409.

    A build the stale sweep failed takes the real finish when it arrives late (a
    build synced from an offline spool, or one slower than the timeout).
    """
    row = session.execute(
        select(Build.status, Build.failed_by_sweep)
        .where(Build.build_id == build_id)
        .with_for_update()
    ).first()
    if row is None:
        raise UnknownReferences("build", [str(build_id)])
    if row.status == status.value and not row.failed_by_sweep:
        return
    if row.status != "running" and not row.failed_by_sweep:
        raise Conflict(
            f"Build {build_id} already finished as {row.status!r}; "
            f"it cannot become {status.value!r}.",
            build_id=str(build_id),
        )
    session.execute(
        text(
            "UPDATE builds SET status = :status, finished_at = coalesce(:finished_at, now()), "
            "failed_by_sweep = false WHERE build_id = :build_id"
        ),
        {"status": status.value, "finished_at": finished_at, "build_id": build_id},
    )


def get_build(session: Session, build_id: uuid.UUID) -> BuildPublic:
    """One build with its state counts, or ``BuildNotFound`` (404)."""
    query = select(*BUILD_COLUMNS).where(Build.build_id == build_id)
    row = session.execute(query).mappings().first()
    if row is None:
        raise BuildNotFound(str(build_id))
    return summarized_builds(session, [row], failed_limit=None)[0]


def require_build(session: Session, build_id: uuid.UUID) -> None:
    """Raise ``BuildNotFound`` (404) unless the build exists."""
    if session.scalar(select(Build.build_id).where(Build.build_id == build_id)) is None:
        raise BuildNotFound(str(build_id))


def recent_builds(session: Session, limit: int, status: str | None = None) -> list[BuildPublic]:
    """The newest builds first (only those with ``status`` when given), each naming its
    first ``LISTED_FAILED_TASKS`` failed tasks."""
    query = select(*BUILD_COLUMNS)
    if status is not None:
        query = query.where(Build.status == status)
    rows = session.execute(
        query.order_by(Build.started_at.desc(), Build.build_id.desc()).limit(limit)
    )
    return summarized_builds(session, rows.mappings().all(), failed_limit=LISTED_FAILED_TASKS)
