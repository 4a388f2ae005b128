"""``GET /api/v1/stats``: registry totals."""

from __future__ import annotations

from fastapi import APIRouter

from stardag_api.api.deps import SweptSessionDep
from stardag_api.schemas.tasks import Stats
from stardag_api.store.summary import stats

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("", response_model=Stats)
def read_stats(session: SweptSessionDep) -> Stats:
    """How many tasks, runs and builds the registry holds, and tasks per status."""
    return stats(session)
