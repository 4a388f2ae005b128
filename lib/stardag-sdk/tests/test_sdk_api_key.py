"""The SDK's transports send the configured API key; a refused key loses no events."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag.client import ApiError, StardagClient
from stardag.registry.transport import EventsTransport, ServerUnavailable
from stardag_api.store.api_keys import create_key
from stardag_testing import LiveServer, create_database, drop_database, migrate


@pytest.fixture(scope="module")
def secured_server(postgres_admin_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    url = create_database(postgres_admin_url, prefix="stardag_sdk_keys")
    migrate(url)
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with Session(engine) as session:
        keys = {scope: create_key(session, scope, [scope])[1] for scope in ("read", "write")}
    engine.dispose()
    server = LiveServer(url, env={"STARDAG_AUTH": "true"}).start()
    try:
        yield server.url, keys
    finally:
        server.stop()
        drop_database(postgres_admin_url, url)


def _event() -> str:
    task = {"task_id": str(uuid.uuid4()), "family": "keyed"}
    return json.dumps({"type": "task_registered", "task": task})


def test_events_are_sent_with_the_key_from_the_environment(
    secured_server: tuple[str, dict[str, str]],
    stardag_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, keys = secured_server
    monkeypatch.setenv("STARDAG_API_KEY", keys["write"])
    transport = EventsTransport(url)
    assert transport.post([_event()]) == 1
    transport.close()


def test_the_key_can_come_from_config_toml(
    secured_server: tuple[str, dict[str, str]], stardag_home: Path
) -> None:
    url, keys = secured_server
    stardag_home.mkdir(parents=True, exist_ok=True)
    (stardag_home / "config.toml").write_text(f'[registry]\napi_key = "{keys["read"]}"\n')
    with StardagClient(url) as client:
        assert client.list_tasks(family="keyed") is not None


def test_a_refused_key_keeps_the_events_for_later(
    secured_server: tuple[str, dict[str, str]], stardag_home: Path
) -> None:
    url, keys = secured_server
    for key in (None, keys["read"]):  # no key at all; a key without the write scope
        transport = EventsTransport(url, api_key=key)
        with pytest.raises(ServerUnavailable, match="STARDAG_API_KEY"):
            transport.post([_event()])
        transport.close()
    with StardagClient(url) as client, pytest.raises(ApiError) as refused:
        client.list_tasks()
    assert refused.value.status_code == 401
