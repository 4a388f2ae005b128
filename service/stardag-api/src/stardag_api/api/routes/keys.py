"""API keys: create, list and revoke them over HTTP with an ``admin`` key.

The first admin key comes from ``stardag keys create`` (which writes to the database
directly); after that an admin can manage keys from anywhere the API is reachable.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, status
from pydantic import Field

from stardag_api.api.auth import authorize_admin
from stardag_api.api.deps import SessionDep
from stardag_api.schemas.common import RequestModel, ResponseModel, ShortText
from stardag_api.store.api_keys import ApiKeyInfo, create_key, list_keys, revoke_key

router = APIRouter(prefix="/keys", tags=["keys"], dependencies=[Depends(authorize_admin)])

Scope = Annotated[str, Field(pattern="^(read|write|admin)$")]


class ApiKeyCreate(RequestModel):
    name: ShortText = Field(min_length=1)
    scopes: list[Scope] = Field(min_length=1, max_length=3)


class ApiKeyPublic(ResponseModel):
    key_id: str
    name: str
    scopes: list[str]
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    key: str = Field(description="the key itself; shown only in this response")


class ApiKeysPublic(ResponseModel):
    items: list[ApiKeyPublic]


def _public(info: ApiKeyInfo) -> ApiKeyPublic:
    return ApiKeyPublic(
        key_id=info.key_id,
        name=info.name,
        scopes=list(info.scopes),
        created_at=info.created_at,
        revoked_at=info.revoked_at,
    )


@router.post("", response_model=ApiKeyCreated, status_code=status.HTTP_201_CREATED)
def create_api_key(body: ApiKeyCreate, session: SessionDep) -> ApiKeyCreated:
    """A new key with the given scopes; the response is the only place its text appears."""
    info, key = create_key(session, body.name, body.scopes)
    return ApiKeyCreated(**_public(info).model_dump(), key=key)


@router.get("", response_model=ApiKeysPublic)
def list_api_keys(session: SessionDep, include_revoked: bool = False) -> ApiKeysPublic:
    """Every key (without secrets), oldest first."""
    return ApiKeysPublic(items=[_public(info) for info in list_keys(session, include_revoked)])


@router.post("/{key_id}/revoke", response_model=ApiKeyPublic)
def revoke_api_key(
    key_id: Annotated[str, Path(min_length=1, max_length=64)], session: SessionDep
) -> ApiKeyPublic:
    """Revoke the key (idempotent); servers stop accepting it within 10 seconds."""
    return _public(revoke_key(session, key_id))
