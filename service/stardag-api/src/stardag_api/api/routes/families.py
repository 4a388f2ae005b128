"""``GET /api/v1/families``: families with task counts per status (UI filter facets)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from stardag_api.api.deps import SweptSessionDep
from stardag_api.schemas.common import Text
from stardag_api.schemas.tasks import FamiliesPublic
from stardag_api.store.task_counts import families_json

router = APIRouter(prefix="/families", tags=["families"])


@router.get("", response_model=FamiliesPublic)
def list_families(
    session: SweptSessionDep, namespace: Annotated[Text | None, Query(max_length=500)] = None
) -> Response:
    """Every family (optionally of one namespace) with its task count per status."""
    # PostgreSQL renders the document (hundreds of families); the schema stays documented.
    return Response(families_json(session, namespace), media_type="application/json")
