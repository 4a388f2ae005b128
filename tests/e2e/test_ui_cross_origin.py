"""A page on another origin (another loopback port) can neither write to nor read from
the registry, with authentication off (the local default) and on."""

from __future__ import annotations

import json
import subprocess
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.store.api_keys import create_key
from stardag_testing import LiveServer

ATTACK_FAMILY = "cross_origin_attack"


@pytest.fixture(scope="module")
def attacker_origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A plain page served from another loopback port: another origin."""
    root = tmp_path_factory.mktemp("attacker")
    (root / "index.html").write_text("<!doctype html><title>elsewhere</title><body></body>")
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def _attack(node: str, attacker: str, api: str, family: str = ATTACK_FAMILY) -> dict[str, str]:
    """Run e2e/cross-origin.mjs and return what the page observed."""
    result = subprocess.run(
        [node, "e2e/cross-origin.mjs", "--attacker", attacker, "--api", api, "--family", family],
        cwd=UI_ROOT_PATH,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    observed: dict[str, str] = json.loads(result.stdout.strip().splitlines()[-1])
    return observed


UI_ROOT_PATH = Path(__file__).resolve().parents[2] / "app" / "stardag-ui"


def _assert_nothing_leaked(observed: dict[str, Any]) -> None:
    # The page may fire requests, but it never sees an answer...
    for name in ("cors_json", "cors_json_with_bearer", "read_tasks", "read_tasks_with_credentials"):
        assert observed[name].startswith("blocked"), (name, observed[name])
    # A no-cors response is opaque at best; Cross-Origin-Resource-Policy makes it an error.
    assert observed["no_cors_text_plain"] in ("opaque: opaque", "blocked: TypeError")


@pytest.mark.parametrize("auth", [False, True], ids=["auth-off", "auth-on"])
def test_another_origin_can_neither_write_nor_read(
    auth: bool,
    node_binary: str,
    chromium_binary: str,
    ui_database: str,
    attacker_origin: str,
    tmp_path: Path,
) -> None:
    env = {"STARDAG_AUTH": "true"} if auth else {}
    server = LiveServer(ui_database, env=env).start(tmp_path / "api.log")
    try:
        observed = _attack(node_binary, attacker_origin, server.url)
        _assert_nothing_leaked(observed)
        headers = {}
        if auth:
            engine = create_engine(ui_database.replace("postgresql://", "postgresql+psycopg://"))
            with Session(engine) as session:
                headers["authorization"] = f"Bearer {create_key(session, 'check', ['read'])[1]}"
            engine.dispose()
        # ...and nothing it sent was written.
        response = httpx.get(
            f"{server.url}/api/v1/tasks", params={"family": ATTACK_FAMILY}, headers=headers
        )
        assert response.status_code == 200
        assert response.json()["items"] == []
    finally:
        server.stop()


def test_the_attack_page_does_write_where_its_origin_is_trusted(
    node_binary: str, chromium_binary: str, ui_database: str, attacker_origin: str, tmp_path: Path
) -> None:
    """Control: the same page, once its origin is configured as trusted, can write, so
    the refusals above come from the guards and not from a broken attack page."""
    env = {"STARDAG_CORS_ORIGINS": json.dumps([attacker_origin.rstrip("/")])}
    server = LiveServer(ui_database, env=env).start(tmp_path / "api.log")
    try:
        observed = _attack(node_binary, attacker_origin, server.url, family="trusted_control")
        assert observed["cors_json"] == "read: 200"
        response = httpx.get(f"{server.url}/api/v1/tasks", params={"family": "trusted_control"})
        assert len(response.json()["items"]) >= 1
    finally:
        server.stop()
