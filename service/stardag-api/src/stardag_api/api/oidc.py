"""Bearer JWTs from an OpenID Connect issuer (the UI's sign-in), checked with PyJWT.

The issuer's discovery document (``<issuer>/.well-known/openid-configuration``) names
its JWKS; signing keys are fetched from there and cached (a token signed with a key id
not seen yet makes one refetch, so key rotation needs no restart). A token is accepted
when its signature verifies with one of those keys under an asymmetric algorithm (no
``none``, no HMAC: a public key must never double as a shared secret), ``iss`` is the
configured issuer, ``aud`` contains the configured audience and ``exp`` is in the
future. Its scopes come from one configurable claim.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import urllib.request
from typing import Any

import jwt

logger = logging.getLogger(__name__)

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "EdDSA"]
STARDAG_SCOPES = ("read", "write", "admin")
IMPLIED_SCOPES = {"admin": {"admin", "write", "read"}, "write": {"write", "read"}, "read": {"read"}}
# Clock difference tolerated between the issuer and this server.
LEEWAY_SECONDS = 30
# A failed discovery is not retried on every request while the issuer is down.
DISCOVERY_RETRY_SECONDS = 10.0
FETCH_TIMEOUT_SECONDS = 5.0


class InvalidToken(Exception):
    """The token is not one this server accepts; the message says why (logged, not sent)."""


def scopes_from_claim(value: Any) -> frozenset[str]:
    """Stardag scopes named by a claim value (list or space-separated string), implied
    ones included; ``read`` when it names none."""
    names = value.split() if isinstance(value, str) else value if isinstance(value, list) else []
    granted = {
        name.removeprefix("stardag:")
        for name in names
        if isinstance(name, str) and name.removeprefix("stardag:") in STARDAG_SCOPES
    }
    return frozenset(scope for name in granted or {"read"} for scope in IMPLIED_SCOPES[name])


class OidcVerifier:
    """Checks bearer JWTs of one issuer and maps them to Stardag scopes."""

    def __init__(self, issuer: str, audience: str, scope_claim: str) -> None:
        self.issuer = issuer  # compared exactly with ``iss``, as OpenID Connect requires
        self.audience = audience
        self.scope_claim = scope_claim
        self._jwks: jwt.PyJWKClient | None = None
        self._lock = threading.Lock()
        self._failed_at = float("-inf")

    def scopes(self, token: str) -> frozenset[str]:
        """The scopes ``token`` grants; raises ``InvalidToken`` when it is not accepted."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"not a JWT: {exc}") from None
        if header.get("alg") not in ALGORITHMS:
            raise InvalidToken(f"algorithm {header.get('alg')!r} is not accepted")
        try:
            key = self._jwks_client().get_signing_key_from_jwt(token)
            claims: dict[str, Any] = jwt.decode(
                token,
                key=key,
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except (jwt.PyJWTError, OSError) as exc:
            raise InvalidToken(str(exc) or exc.__class__.__name__) from None
        return scopes_from_claim(claims.get(self.scope_claim))

    def _jwks_client(self) -> jwt.PyJWKClient:
        with self._lock:
            if self._jwks is not None:
                return self._jwks
            if time.monotonic() - self._failed_at < DISCOVERY_RETRY_SECONDS:
                raise InvalidToken("the issuer's discovery document could not be read lately")
            try:
                jwks_uri = self._discover_jwks_uri()
            except (OSError, ValueError) as exc:
                self._failed_at = time.monotonic()
                logger.warning("OIDC discovery at %s failed: %s", self.issuer, exc)
                raise InvalidToken(f"OIDC discovery failed: {exc}") from None
            self._jwks = jwt.PyJWKClient(jwks_uri, lifespan=300, timeout=int(FETCH_TIMEOUT_SECONDS))
            return self._jwks

    def _discover_jwks_uri(self) -> str:
        url = self.issuer.rstrip("/") + "/.well-known/openid-configuration"
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_SECONDS) as response:
            document = json.loads(response.read())
        if not isinstance(document, dict):
            raise ValueError("the discovery document is not a JSON object")
        if document.get("issuer") != self.issuer:
            raise ValueError(f"the discovery document names issuer {document.get('issuer')!r}")
        jwks_uri = document.get("jwks_uri")
        if not isinstance(jwks_uri, str) or not jwks_uri.startswith(("https://", "http://")):
            raise ValueError("the discovery document has no jwks_uri")
        return jwks_uri
