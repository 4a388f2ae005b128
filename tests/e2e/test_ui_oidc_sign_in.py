"""OpenID Connect sign-in against a standard issuer (panva's ``oidc-provider``, run on a
loopback port by e2e/oidc-issuer.mjs): the registry accepts the issuer's access tokens
with the scopes their claim grants, refuses every token it must not accept, and the UI
signs in through the issuer in Chromium and then shows the task list, live.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.store.api_keys import create_key
from stardag_testing import REPO_ROOT, LiveServer, free_port

UI_ROOT = REPO_ROOT / "app" / "stardag-ui"
AUDIENCE = "urn:stardag:registry"
UI_CLIENT = "stardag-ui"
TEST_CLIENT_SECRET = "stardag-test-client-secret"  # e2e/oidc-issuer.mjs
KEY_ID = "test-1"
FAMILY = "oidc_e2e"
TASKS = 3


@dataclass
class OidcStack:
    issuer: str
    api: LiveServer
    signing_key: rsa.RSAPrivateKey


def _jwks(key: rsa.RSAPrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key))
    return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}


def _start_issuer(
    node: str, jwks_path: Path, redirect_uri: str
) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [
            node,
            "e2e/oidc-issuer.mjs",
            "--jwks",
            str(jwks_path),
            "--ui-client",
            UI_CLIENT,
            "--redirect-uri",
            redirect_uri,
            "--audience",
            AUDIENCE,
        ],
        cwd=UI_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()  # "issuer http://127.0.0.1:PORT", or "" if it died
    if not line.startswith("issuer "):
        process.kill()
        pytest.fail(f"the OIDC issuer did not start: {line!r}")
    return process, line.split()[1]


@pytest.fixture(scope="module")
def oidc_stack(
    node_binary: str, ui_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[OidcStack]:
    folder = tmp_path_factory.mktemp("oidc")
    signing_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwks_path = folder / "issuer-keys.json"
    jwks_path.write_text(json.dumps(_jwks(signing_key)))
    api_port = free_port()
    issuer_process, issuer = _start_issuer(
        node_binary, jwks_path, f"http://127.0.0.1:{api_port}/auth/callback"
    )
    env = {
        "STARDAG_AUTH": "true",
        "STARDAG_OIDC_ISSUER": issuer,
        "STARDAG_OIDC_CLIENT_ID": UI_CLIENT,
        "STARDAG_OIDC_AUDIENCE": AUDIENCE,
        "STARDAG_OIDC_SCOPE_CLAIM": "stardag_scopes",
    }
    api = LiveServer(ui_database, port=api_port, env=env)
    try:
        api.start(folder / "api.log")
        yield OidcStack(issuer=issuer, api=api, signing_key=signing_key)
    finally:
        api.stop()
        issuer_process.terminate()
        issuer_process.wait(timeout=10)


def _issued_token(issuer: str, client_id: str) -> str:
    """An access token from the issuer's token endpoint (client-credentials grant)."""
    response = httpx.post(
        issuer + "/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, TEST_CLIENT_SECRET),
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _task(family: str = FAMILY) -> dict[str, Any]:
    return {"task_id": str(uuid.uuid4()), "family": family, "parameters": {}, "dependencies": []}


def test_issuer_tokens_grant_the_scopes_of_their_claim(oidc_stack: OidcStack) -> None:
    api = oidc_stack.api.url
    reader = _issued_token(oidc_stack.issuer, "tests-read")
    assert jwt.get_unverified_header(reader)["kid"] == KEY_ID  # a JWT, not an opaque token
    assert httpx.get(api + "/api/v1/tasks", headers=_bearer(reader)).status_code == 200
    refused = httpx.post(api + "/api/v1/tasks", json=_task(), headers=_bearer(reader))
    assert refused.status_code == 403, refused.text  # no Stardag scope in the claim: read only
    writer = _issued_token(oidc_stack.issuer, "tests-write")
    created = httpx.post(api + "/api/v1/tasks", json=_task("oidc_api"), headers=_bearer(writer))
    assert created.status_code == 201, created.text
    keys = httpx.get(api + "/api/v1/keys", headers=_bearer(writer))
    assert keys.status_code == 403  # write does not imply admin


def _claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {"sub": "mallory", "iat": now, "exp": now + 300, "aud": AUDIENCE, **overrides}


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _hmac_signed_with_public_key(key: rsa.RSAPrivateKey, claims: dict[str, Any]) -> str:
    """The classic algorithm-confusion forgery: HS256 keyed with the issuer's public key."""
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": KEY_ID}).encode())
    body = _b64(json.dumps(claims).encode())
    signature = hmac.new(public_pem, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{_b64(signature)}"


def _signed(claims: dict[str, Any], key: rsa.RSAPrivateKey) -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})


def _forged_tokens(stack: OidcStack) -> dict[str, str]:
    key, issuer = stack.signing_key, stack.issuer
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    past = int(time.time()) - 3600
    return {
        "wrong issuer": _signed(_claims(iss="http://127.0.0.1:1"), key),
        "wrong audience": _signed(_claims(iss=issuer, aud="urn:other:api"), key),
        "expired": _signed(_claims(iss=issuer, iat=past - 600, exp=past), key),
        "no expiry": _signed({k: v for k, v in _claims(iss=issuer).items() if k != "exp"}, key),
        "unsigned": jwt.encode(_claims(iss=issuer), "", algorithm="none"),
        "signed by another key": _signed(_claims(iss=issuer), other_key),
        "HS256 with the public key": _hmac_signed_with_public_key(key, _claims(iss=issuer)),
        "not a JWT": "definitely-not-a-token",
    }


def test_tokens_the_registry_must_refuse_are_401(oidc_stack: OidcStack) -> None:
    api = oidc_stack.api.url
    # The same claims, signed properly, are accepted: the refusals below are each
    # about the one thing that differs.
    genuine = _signed(_claims(iss=oidc_stack.issuer), oidc_stack.signing_key)
    assert httpx.get(api + "/api/v1/families", headers=_bearer(genuine)).status_code == 200
    for name, token in _forged_tokens(oidc_stack).items():
        response = httpx.get(api + "/api/v1/families", headers=_bearer(token))
        assert response.status_code == 401, (name, response.text)
        assert response.headers["www-authenticate"] == "Bearer", name
        assert response.json()["code"] == "unauthorized", name


def test_sign_in_configuration_is_public(oidc_stack: OidcStack) -> None:
    response = httpx.get(oidc_stack.api.url + "/api/v1/auth/config")
    assert response.status_code == 200
    assert response.json() == {
        "auth": True,
        "oidc": {"issuer": oidc_stack.issuer, "client_id": UI_CLIENT, "scope": "openid"},
    }
    # The page may talk to the issuer (discovery, token endpoint), and only to it.
    csp = response.headers["content-security-policy"]
    assert f"connect-src 'self' {oidc_stack.issuer};" in csp


def test_ui_signs_in_through_the_issuer_and_shows_tasks_live(
    oidc_stack: OidcStack, chromium_binary: str, node_binary: str, ui_database: str
) -> None:
    engine = create_engine(ui_database.replace("postgresql://", "postgresql+psycopg://", 1))
    with Session(engine) as session:
        _, write_key = create_key(session, "oidc-e2e-builder", ["write"])
    engine.dispose()
    tasks = {"tasks": [_task() for _ in range(TASKS)]}
    registered = httpx.post(
        oidc_stack.api.url + "/api/v1/tasks/batch", json=tasks, headers=_bearer(write_key)
    )
    assert registered.status_code == 200, registered.text

    result = subprocess.run(
        [
            node_binary,
            "e2e/oidc-sign-in.mjs",
            "--base-url",
            oidc_stack.api.url,
            "--user",
            "reader",
            "--family",
            FAMILY,
        ],
        cwd=UI_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["path"] == f"/tasks?family={FAMILY}"  # back where the user started
    assert seen["rows"] == TASKS
    assert seen["sessionHasToken"] and not seen["localHasToken"]
    # Live updates over the event stream, authenticated by a cookie no script can read
    # and no other site's request carries.
    assert seen["live"]
    cookie = {"path": "/api/v1/stream", "httpOnly": True, "sameSite": "Strict"}
    assert seen["streamCookie"] == cookie
    assert not seen["pageSeesStreamCookie"]
