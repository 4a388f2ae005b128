"""Signing the UI in: the public auth configuration, the event-stream cookie (an
EventSource cannot send a header), and OIDC tokens when the issuer cannot be reached.

Tokens from a real issuer are tested in tests/e2e/test_ui_oidc_sign_in.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.api.oidc import scopes_from_claim
from stardag_api.core.config import Settings
from stardag_api.main import create_app
from stardag_api.store.api_keys import create_key
from stardag_testing import LOOPBACK, LiveServer, free_port


@pytest.fixture(scope="module")
def read_key(api_database_url: str) -> str:
    engine = create_engine(api_database_url.replace("postgresql://", "postgresql+psycopg://"))
    with Session(engine) as session:
        _, key = create_key(session, "sign-in tests", ["read"])
    engine.dispose()
    return key


@pytest.fixture(scope="module")
def secured_server(
    api_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    log_path = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    server = LiveServer(api_database_url, env={"STARDAG_AUTH": "true"}).start(log_path)
    yield server
    server.stop()


def _first_frame(client: httpx.Client, url: str) -> tuple[int, str]:
    with client.stream("GET", url + "/api/v1/stream") as response:
        if response.status_code != 200:
            response.read()
            return response.status_code, response.text
        return 200, next(response.iter_text())


def test_stream_cookie_authenticates_the_stream_and_nothing_else(
    secured_server: LiveServer, read_key: str
) -> None:
    url = secured_server.url
    with httpx.Client() as browser:  # keeps cookies, as a browser tab does
        assert _first_frame(browser, url)[0] == 401  # an EventSource has no header to send
        opened = browser.post(
            url + "/api/v1/stream/session", headers={"Authorization": f"Bearer {read_key}"}
        )
        assert opened.status_code == 200, opened.text
        cookie = opened.headers["set-cookie"]
        for flag in ("stardag_stream=", "HttpOnly", "Path=/api/v1/stream", "SameSite=strict"):
            assert flag in cookie, cookie
        assert "Max-Age" not in cookie and "expires" not in cookie  # gone with the session

        status, frame = _first_frame(browser, url)
        assert status == 200 and "event: ready" in frame
        # Any other route ignores the cookie, even if a client sent it there.
        stolen = {"Cookie": f"stardag_stream={read_key}"}
        assert httpx.get(url + "/api/v1/tasks", headers=stolen).status_code == 401
        assert httpx.post(url + "/api/v1/stream/session", headers=stolen).status_code == 401

        closed = browser.delete(url + "/api/v1/stream/session")
        assert closed.status_code == 200 and closed.json() == {"signed_out": True}
        assert _first_frame(browser, url)[0] == 401


def test_stream_cookie_cannot_be_set_from_another_site(
    secured_server: LiveServer, read_key: str
) -> None:
    response = httpx.post(
        secured_server.url + "/api/v1/stream/session",
        headers={"Authorization": f"Bearer {read_key}", "Origin": "http://127.0.0.1:1"},
    )
    assert response.status_code == 403
    assert "set-cookie" not in response.headers


def test_stream_cookie_needs_a_valid_credential(secured_server: LiveServer) -> None:
    url = secured_server.url + "/api/v1/stream/session"
    assert httpx.post(url).status_code == 401
    bad = httpx.post(url, headers={"Authorization": "Bearer stardag_000000000000_nope"})
    assert bad.status_code == 401 and "set-cookie" not in bad.headers


def test_auth_configuration_is_public_and_says_oidc_is_off(
    api_database_url: str, client: TestClient
) -> None:
    assert client.get("/api/v1/auth/config").json() == {"auth": False, "oidc": None}
    settings = Settings(database_url=api_database_url, auth=True)
    with TestClient(create_app(settings), base_url=LOOPBACK) as secured:
        response = secured.get("/api/v1/auth/config")
        assert response.status_code == 200
        assert response.json() == {"auth": True, "oidc": None}
        assert "connect-src 'self';" in response.headers["content-security-policy"]


def test_an_unreachable_issuer_means_401_not_500(api_database_url: str, read_key: str) -> None:
    settings = Settings(
        database_url=api_database_url,
        auth=True,
        oidc_issuer=f"http://127.0.0.1:{free_port()}",  # nothing listens there
        oidc_client_id="stardag-ui",
    )
    with TestClient(create_app(settings), base_url=LOOPBACK) as secured:
        token = "eyJhbGciOiJSUzI1NiIsImtpZCI6IngifQ.eyJzdWIiOiJ4In0.c2ln"
        for _ in range(2):  # the second one within the discovery back-off
            response = secured.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token}"})
            assert response.status_code == 401, response.text
            assert "discovery" in response.json()["detail"]
        # API keys keep working while the issuer is away.
        keyed = secured.get("/api/v1/tasks", headers={"Authorization": f"Bearer {read_key}"})
        assert keyed.status_code == 200


@pytest.mark.parametrize(
    ("claim", "scopes"),
    [
        (None, {"read"}),
        ("openid profile", {"read"}),
        ("openid stardag:write", {"read", "write"}),
        (["admin"], {"read", "write", "admin"}),
        (["read", 7, {"x": 1}], {"read"}),
        (42, {"read"}),
    ],
)
def test_scope_claim_values_map_to_nested_scopes(claim: Any, scopes: set[str]) -> None:
    assert scopes_from_claim(claim) == scopes
