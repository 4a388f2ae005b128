"""``GET /api/v1/families``: families with task counts per status (UI filter facets)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from stardag_api.api.deps import SweptSessionDep
from stardag_api.schemas.common import Text
from stardag_api.schemas.tasks import FamiliesPublic
from stardag_api.store.summary import families

router = APIRouter(prefix="/families", tags=["families"])


@router.get("", response_model=FamiliesPublic)
def list_families(
    session: SweptSessionDep, namespace: Annotated[Text | None, Query(max_length=500)] = None
) -> FamiliesPublic:
    """Every family (optionally of one namespace) with its task count per status."""
    return families(session, namespace)
