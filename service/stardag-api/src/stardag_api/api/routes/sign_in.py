"""What the UI needs to sign in: the public auth configuration, and the event-stream
cookie (an EventSource cannot send an Authorization header).

These routes are mounted outside the router-wide scope check: the configuration must
be readable before signing in, and setting the stream cookie needs only ``read``
although it is a POST.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from pydantic import Field

from stardag_api.api.auth import (
    STREAM_COOKIE,
    STREAM_PATH,
    Credentials,
    authorize_read,
    presented_token,
)
from stardag_api.core.config import Settings
from stardag_api.schemas.common import ResponseModel

router = APIRouter()


class OidcConfig(ResponseModel):
    issuer: str = Field(description="the OpenID Connect issuer (its discovery document's base)")
    client_id: str = Field(description="the UI's public client id at the issuer")
    scope: str = Field(description="OAuth scopes to ask for")


class AuthConfig(ResponseModel):
    auth: bool = Field(description="whether /api/v1 needs a credential")
    oidc: OidcConfig | None = Field(description="sign-in through an issuer; null when off")


class StreamSession(ResponseModel):
    stream_path: str = Field(description="where the cookie is sent (only there)")


class StreamSignedOut(ResponseModel):
    signed_out: bool


@router.get("/auth/config", response_model=AuthConfig, tags=["auth"])
def auth_config(request: Request) -> AuthConfig:
    """How to sign in: needed by the UI before it has a credential, so never protected."""
    settings: Settings = request.app.state.settings
    oidc = None
    if settings.oidc_enabled:
        assert settings.oidc_issuer and settings.oidc_client_id
        oidc = OidcConfig(
            issuer=settings.oidc_issuer,
            client_id=settings.oidc_client_id,
            scope=settings.oidc_ui_scopes,
        )
    return AuthConfig(auth=settings.auth, oidc=oidc)


@router.post(
    "/stream/session",
    response_model=StreamSession,
    tags=["stream"],
    dependencies=[Depends(authorize_read)],
)
def open_stream_session(
    request: Request, response: Response, credentials: Credentials
) -> StreamSession:
    """Put the caller's credential (API key or sign-in token, at least ``read``) into an
    HttpOnly, ``SameSite=Strict`` cookie sent only to ``GET /api/v1/stream``.

    The cookie lasts as long as the browser session; the credential inside is checked
    on every connection, so a revoked key or an expired token stops the stream.
    """
    if request.app.state.settings.auth:
        response.set_cookie(
            STREAM_COOKIE,
            presented_token(request, credentials),
            path=STREAM_PATH,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
        )
    return StreamSession(stream_path=STREAM_PATH)


@router.delete("/stream/session", response_model=StreamSignedOut, tags=["stream"])
def close_stream_session(response: Response) -> StreamSignedOut:
    """Forget the stream cookie (the UI's sign-out). Needs no credential: it only
    removes one."""
    response.delete_cookie(STREAM_COOKIE, path=STREAM_PATH, httponly=True, samesite="strict")
    return StreamSignedOut(signed_out=True)
