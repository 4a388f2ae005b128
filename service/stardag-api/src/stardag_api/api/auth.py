"""Who may call ``/api/v1``: API keys or OIDC tokens with scopes, when ``STARDAG_AUTH`` is on.

Reads need ``read``, writes need ``write``, key management needs ``admin``. Keys
travel as ``Authorization: Bearer stardag_...``; anything else after ``Bearer`` is
taken for a JWT of the configured OpenID Connect issuer (api/oidc.py). A key, once
checked, is trusted for ``CACHE_SECONDS`` by this process, so ingest does not pay a
database lookup per request; revoking a key takes effect within that time.

The event stream alone also accepts the credential from the ``stardag_stream``
cookie, because a browser's EventSource cannot send headers. The UI sets that cookie
through ``POST /api/v1/stream/session`` (routes/stream_session.py); it is HttpOnly,
``SameSite=Strict`` and scoped to ``/api/v1/stream``, so no other route ever reads it
and no other site's request carries it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from stardag_api.api.oidc import InvalidToken, OidcVerifier
from stardag_api.core.errors import Forbidden, Unauthorized
from stardag_api.store.api_keys import scopes_of

CACHE_SECONDS = 10.0
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
KEY_PREFIX = "stardag_"
STREAM_PATH = "/api/v1/stream"
STREAM_COOKIE = "stardag_stream"

bearer = HTTPBearer(
    auto_error=False,
    description="An API key (`stardag keys create`); required when the server runs with "
    "STARDAG_AUTH=true.",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


class KeyCache:
    """Checked keys by SHA-256 of the key text, each with its scopes and expiry time."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[frozenset[str] | None, float]] = {}
        self._lock = threading.Lock()

    def scopes(self, request: Request, token: str) -> frozenset[str] | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            cached = self._entries.get(digest)
        if cached is not None and cached[1] > now:
            return cached[0]
        with request.app.state.sessions() as session:
            scopes = scopes_of(session, token)
        with self._lock:
            if len(self._entries) > 10_000:  # a flood of made-up keys must not grow this
                self._entries.clear()
            self._entries[digest] = (scopes, now + CACHE_SECONDS)
        return scopes


def presented_token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    """The bearer credential of ``request``: its Authorization header, or for a GET of
    the event stream its ``stardag_stream`` cookie. Raises 401 when there is none."""
    if credentials is not None:
        return credentials.credentials
    cookie = request.cookies.get(STREAM_COOKIE)
    if cookie and request.method == "GET" and request.url.path == STREAM_PATH:
        return cookie
    raise Unauthorized("This registry needs an API key: send Authorization: Bearer <key>.")


def scopes_of_token(request: Request, token: str) -> frozenset[str]:
    """The scopes ``token`` (an API key or an OIDC JWT) grants; 401 when it grants none."""
    if token.startswith(KEY_PREFIX):
        cache: KeyCache = request.app.state.key_cache
        scopes = cache.scopes(request, token)
        if scopes is None:
            raise Unauthorized("The API key is not valid (unknown, malformed or revoked).")
        return scopes
    verifier: OidcVerifier | None = request.app.state.oidc
    if verifier is None:
        raise Unauthorized("The API key is not valid (unknown, malformed or revoked).")
    try:
        return verifier.scopes(token)
    except InvalidToken as exc:
        raise Unauthorized(f"The sign-in token is not accepted: {exc}.") from None


def _check(request: Request, credentials: HTTPAuthorizationCredentials | None, scope: str) -> None:
    if not request.app.state.settings.auth:
        return
    scopes = scopes_of_token(request, presented_token(request, credentials))
    if scope not in scopes:
        raise Forbidden(f"This credential lacks the {scope!r} scope needed here.", scope=scope)


def authorize(request: Request, credentials: Credentials) -> None:
    """Router dependency: ``read`` for reads, ``write`` for anything else."""
    _check(request, credentials, "read" if request.method in READ_METHODS else "write")


def authorize_read(request: Request, credentials: Credentials) -> None:
    """Dependency of writes that only concern the caller's own reading (stream sign-in)."""
    _check(request, credentials, "read")


def authorize_admin(request: Request, credentials: Credentials) -> None:
    """Dependency of the key-management routes."""
    _check(request, credentials, "admin")
