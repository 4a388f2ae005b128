"""API keys: hashed at rest, scoped (read < write < admin), revocable; auth off by default."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.api import auth
from stardag_api.core.config import Settings
from stardag_api.main import create_app
from stardag_api.store.api_keys import create_key
from stardag_testing import LOOPBACK


@pytest.fixture(scope="module")
def keys(api_database_url: str) -> dict[str, str]:
    """One key per scope, created as `stardag keys create` does (straight in the database)."""
    engine = create_engine(api_database_url.replace("postgresql://", "postgresql+psycopg://"))
    made = {}
    with Session(engine) as session:
        for scope in ("read", "write", "admin"):
            _, made[scope] = create_key(session, f"test {scope}", [scope])
    engine.dispose()
    return made


@pytest.fixture(scope="module")
def secured(api_database_url: str) -> Iterator[TestClient]:
    settings = Settings(database_url=api_database_url, auth=True)
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        yield client


def _bearer(key: str) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def test_auth_is_off_by_default(client: TestClient) -> None:
    assert client.get("/api/v1/tasks").status_code == 200
    assert client.get("/health").json()["auth"] is False


def test_without_a_key_nothing_but_health_and_the_ui_answers(secured: TestClient) -> None:
    response = secured.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"
    assert secured.post("/api/v1/events", json={"events": []}).status_code == 401
    assert secured.get("/health").json()["auth"] is True
    assert secured.get("/").status_code == 200
    bad = secured.get("/api/v1/tasks", headers=_bearer("stardag_000000000000_nope"))
    assert bad.status_code == 401


def test_scopes_nest(
    secured: TestClient, keys: dict[str, str], make_task: Callable[..., dict[str, Any]]
) -> None:
    body = {"tasks": [make_task("scoped")]}
    for scope in ("read", "write", "admin"):
        assert secured.get("/api/v1/tasks", headers=_bearer(keys[scope])).status_code == 200
    refused = secured.post("/api/v1/tasks/batch", json=body, headers=_bearer(keys["read"]))
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    for scope in ("write", "admin"):
        response = secured.post("/api/v1/tasks/batch", json=body, headers=_bearer(keys[scope]))
        assert response.status_code == 200, response.text
    for scope in ("read", "write"):
        assert secured.get("/api/v1/keys", headers=_bearer(keys[scope])).status_code == 403
    assert secured.get("/api/v1/keys", headers=_bearer(keys["admin"])).status_code == 200


def test_secrets_are_stored_hashed(api_database_url: str, keys: dict[str, str]) -> None:
    with psycopg.connect(api_database_url) as conn:
        stored = conn.execute("SELECT key_id, secret_sha256 FROM api_keys").fetchall()
    texts = " ".join(f"{key_id} {digest}" for key_id, digest in stored)
    for key in keys.values():
        secret = key.split("_", 2)[2]
        assert secret not in texts
        assert key.split("_")[1] in texts  # the public id is stored


def test_admin_creates_and_revokes_keys_over_http(
    secured: TestClient, keys: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "CACHE_SECONDS", 0.0)  # see revocation at once
    admin = _bearer(keys["admin"])
    created = secured.post("/api/v1/keys", json={"name": "ci", "scopes": ["write"]}, headers=admin)
    assert created.status_code == 201, created.text
    new_key = created.json()["key"]
    assert secured.get("/api/v1/tasks", headers=_bearer(new_key)).status_code == 200
    listed = secured.get("/api/v1/keys", headers=admin).json()["items"]
    assert "key" not in listed[0] and any(item["name"] == "ci" for item in listed)
    key_id = created.json()["key_id"]
    revoked = secured.post(f"/api/v1/keys/{key_id}/revoke", headers=admin)
    assert revoked.json()["revoked_at"] is not None
    assert secured.get("/api/v1/tasks", headers=_bearer(new_key)).status_code == 401
    unknown_scope = secured.post(
        "/api/v1/keys", json={"name": "x", "scopes": ["root"]}, headers=admin
    )
    assert unknown_scope.status_code == 422
