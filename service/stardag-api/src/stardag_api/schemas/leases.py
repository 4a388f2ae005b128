"""Task leases on the wire: take, renew and release the right to run a task."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field, StrictFloat

from stardag_api.schemas.common import Id, RequestModel, ResponseModel, ShortText

MAX_LEASE_TTL_SECONDS = 3600.0


class LeaseAcquire(RequestModel):
    holder: ShortText = Field(min_length=1)
    """Who asks: one builder (the SDK sends its build id)."""
    ttl_seconds: StrictFloat = Field(gt=0, le=MAX_LEASE_TTL_SECONDS)
    build_id: Id | None = None


class LeaseRenew(RequestModel):
    holder: ShortText = Field(min_length=1)
    ttl_seconds: StrictFloat = Field(gt=0, le=MAX_LEASE_TTL_SECONDS)


class LeaseRelease(RequestModel):
    holder: ShortText = Field(min_length=1)


class LeasePublic(ResponseModel):
    task_id: Id
    granted: bool
    """True when ``holder`` is the caller: it may run the task until ``expires_at``."""
    holder: str
    build_id: Id | None
    acquired_at: datetime
    expires_at: datetime


class LeaseReleased(ResponseModel):
    released: bool
    """False when the caller did not hold the lease (expired and taken, or never held)."""
