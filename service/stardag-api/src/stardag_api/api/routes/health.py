"""``GET /health``: liveness and schema revision, used by clients' auto-detection."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from stardag_api import __version__
from stardag_api.api.deps import SessionDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    schema_revision: str | None
    version: str
    auth: bool = Field(description="whether /api/v1 needs an API key")


@router.get(
    "/health",
    response_model=Health,
    responses={503: {"description": "the database cannot be reached"}},
)
def health(request: Request, session: SessionDep) -> Health | JSONResponse:
    """``ok`` with the database's schema revision, or 503 when the database is unreachable."""
    try:
        revision = session.scalar(text("SELECT version_num FROM alembic_version"))
    except (OperationalError, PoolTimeoutError) as exc:
        return JSONResponse(
            {
                "status": "unavailable",
                "schema_revision": None,
                "version": __version__,
                "detail": f"The database cannot be reached: {exc.__class__.__name__}.",
                "code": "database_unavailable",
            },
            status_code=503,
        )
    auth: bool = request.app.state.settings.auth
    return Health(status="ok", schema_revision=revision, version=__version__, auth=auth)
