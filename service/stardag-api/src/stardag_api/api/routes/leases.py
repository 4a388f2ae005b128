"""Task leases (issue 10): a builder takes a task's lease before running it, so two
builders sharing upstream tasks never run the same task at once."""

from __future__ import annotations

import uuid

from fastapi import APIRouter

from stardag_api.api.deps import SessionDep
from stardag_api.schemas.leases import (
    LeaseAcquire,
    LeasePublic,
    LeaseRelease,
    LeaseReleased,
    LeaseRenew,
)
from stardag_api.store.leases import acquire_lease, release_lease, renew_lease
from stardag_api.store.transaction import commit_with_retry

router = APIRouter(prefix="/tasks", tags=["leases"])


@router.post("/{task_id}/lease", response_model=LeasePublic)
def take_lease(task_id: uuid.UUID, body: LeaseAcquire, session: SessionDep) -> LeasePublic:
    """Take (or extend) the task's lease for ``ttl_seconds``; ``granted`` is false, with
    the current holder, while another builder holds an unexpired lease."""
    return commit_with_retry(
        session,
        lambda: acquire_lease(session, task_id, body.holder, body.ttl_seconds, body.build_id),
    )


@router.post("/{task_id}/lease/renew", response_model=LeasePublic)
def renew(task_id: uuid.UUID, body: LeaseRenew, session: SessionDep) -> LeasePublic:
    """Extend a lease the caller holds; 409 ``lease_not_held`` when it lost it."""
    return commit_with_retry(
        session, lambda: renew_lease(session, task_id, body.holder, body.ttl_seconds)
    )


@router.post("/{task_id}/lease/release", response_model=LeaseReleased)
def release(task_id: uuid.UUID, body: LeaseRelease, session: SessionDep) -> LeaseReleased:
    """Give the lease up (after the run ended); idempotent."""
    released = commit_with_retry(session, lambda: release_lease(session, task_id, body.holder))
    return LeaseReleased(released=released)
