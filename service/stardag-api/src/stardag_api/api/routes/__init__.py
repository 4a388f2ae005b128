"""One module per resource; ``api_router`` mounts them under ``/api/v1`` behind the
scope check, ``public_api_router`` the sign-in routes that check for themselves."""

from fastapi import APIRouter, Depends

from stardag_api.api.auth import authorize
from stardag_api.api.routes import (
    builds,
    events,
    families,
    keys,
    leases,
    runs,
    sign_in,
    stats,
    stream,
    tasks,
)
from stardag_api.schemas.common import ERROR_RESPONSES

api_router = APIRouter(
    prefix="/api/v1", responses=ERROR_RESPONSES, dependencies=[Depends(authorize)]
)
api_router.include_router(tasks.router)
api_router.include_router(runs.router)
api_router.include_router(builds.router)
api_router.include_router(events.router)
api_router.include_router(families.router)
api_router.include_router(stats.router)
api_router.include_router(keys.router)
api_router.include_router(stream.router)
api_router.include_router(leases.router)  # issue 10

public_api_router = APIRouter(prefix="/api/v1", responses=ERROR_RESPONSES)
public_api_router.include_router(sign_in.router)
