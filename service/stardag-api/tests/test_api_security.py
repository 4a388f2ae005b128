"""Other web pages cannot use the registry: Host allow-list, no cross-site writes,
security headers everywhere, self-hosted docs, no spoofed client addresses."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.main import create_app
from stardag_api.server import UnsafeBind, check_bind_is_safe, uvicorn_safety_options
from stardag_testing import LOOPBACK, free_port, wait_for_http

SECURITY_HEADERS = (
    "content-security-policy",
    "x-content-type-options",
    "x-frame-options",
    "referrer-policy",
)


def _task_count(client: TestClient, family: str) -> int:
    return len(client.get("/api/v1/tasks", params={"family": family}).json()["items"])


def test_unknown_host_is_refused(client: TestClient) -> None:
    response = client.get("/api/v1/tasks", headers={"host": "rebind.attacker.example"})
    assert response.status_code == 400
    assert response.json()["code"] == "host_not_allowed"
    for host in ("localhost:8420", "127.0.0.1:8420", "[::1]:8420", "LOCALHOST"):
        assert client.get("/health", headers={"host": host}).status_code == 200, host


def test_allowed_hosts_are_configurable(api_database_url: str) -> None:
    settings = Settings(database_url=api_database_url, allowed_hosts=["registry.example.com"])
    with TestClient(create_app(settings), base_url="http://registry.example.com") as named:
        assert named.get("/health").status_code == 200
        assert named.get("/health", headers={"host": "127.0.0.1"}).status_code == 400
    settings = Settings(database_url=api_database_url, allowed_hosts=["*"])
    with TestClient(create_app(settings), base_url="http://anything.example") as anyhost:
        assert anyhost.get("/health").status_code == 200


@pytest.mark.parametrize("content_type", ["text/plain", None, "application/x-www-form-urlencoded"])
def test_writes_need_a_json_content_type(
    client: TestClient, make_task: Callable[..., dict[str, Any]], content_type: str | None
) -> None:
    """What ``fetch(..., {mode: "no-cors"})`` and ``sendBeacon`` can send cross-site."""
    family = f"nojson_{content_type}"
    body = f'{{"tasks": [{httpx.Request("GET", "/", json=make_task(family)).content.decode()}]}}'
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/api/v1/tasks/batch", content=body.encode(), headers=headers)
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert _task_count(client, family) == 0
    events = {"events": [{"type": "task_registered", "task": make_task(family)}]}
    response = client.post(
        "/api/v1/events",
        content=httpx.Request("GET", "/", json=events).content,
        headers=headers,
    )
    assert response.status_code == 415
    assert _task_count(client, family) == 0


def test_writes_from_another_origin_are_refused(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    other = "http://127.0.0.1:9999"  # another loopback port is another origin
    body = {"tasks": [make_task("cross_origin")]}
    response = client.post("/api/v1/tasks/batch", json=body, headers={"origin": other})
    assert response.status_code == 403
    assert response.json()["code"] == "cross_origin"
    response = client.post("/api/v1/tasks/batch", json=body, headers={"origin": "null"})
    assert response.status_code == 403
    assert _task_count(client, "cross_origin") == 0
    same = client.post("/api/v1/tasks/batch", json=body, headers={"origin": LOOPBACK})
    assert same.status_code == 200, same.text


def test_configured_cors_origins_may_write(
    api_database_url: str, make_task: Callable[..., dict[str, Any]]
) -> None:
    settings = Settings(database_url=api_database_url, cors_origins=["http://localhost:5173"])
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        body = {"tasks": [make_task("trusted_origin")]}
        headers = {"origin": "http://localhost:5173"}
        assert client.post("/api/v1/tasks/batch", json=body, headers=headers).status_code == 200


def test_every_response_carries_security_headers(client: TestClient) -> None:
    responses = [
        client.get("/health"),
        client.get("/api/v1/tasks"),
        client.get("/api/v1/tasks/ffffffff-ffff-4fff-8fff-ffffffffffff"),
        client.get("/"),
        client.get("/docs"),
        client.get("/health", headers={"host": "evil.example"}),
        client.post("/api/v1/events", content=b"x", headers={"content-type": "text/plain"}),
    ]
    for response in responses:
        for header in SECURITY_HEADERS:
            assert header in response.headers, (response.url, header)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_docs_load_nothing_from_other_hosts(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "http://" not in page.text and "https://" not in page.text and "//" not in page.text
    assert "<script>" not in page.text  # no inline script: the CSP forbids it
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css", "docs-init.js"):
        response = client.get(f"/docs/assets/{asset}")
        assert response.status_code == 200, asset
        assert len(response.content) > 100
    assert client.get("/docs/assets/..%2F..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert client.get("/docs/assets/index.html").status_code == 404


def test_non_loopback_bind_needs_authentication() -> None:
    check_bind_is_safe("127.0.0.1", Settings())
    check_bind_is_safe("localhost", Settings())
    check_bind_is_safe("::1", Settings())
    for host in ("0.0.0.0", "192.168.1.10", "::"):
        with pytest.raises(UnsafeBind, match="STARDAG_AUTH"):
            check_bind_is_safe(host, Settings())
    check_bind_is_safe("0.0.0.0", Settings(auth=True))
    check_bind_is_safe("0.0.0.0", Settings(allow_unauthenticated_network=True))
    result = subprocess.run(
        [sys.executable, "-m", "stardag_api.server", "--host", "0.0.0.0", "--no-migrate"],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "STARDAG_AUTH": "false"},
    )
    assert result.returncode == 2
    assert "Refusing to listen on 0.0.0.0" in result.stderr


def test_forwarded_headers_are_ignored_unless_the_proxy_is_trusted(api_database_url: str) -> None:
    assert uvicorn_safety_options(Settings())["proxy_headers"] is False
    trusted = uvicorn_safety_options(Settings(trusted_proxies=["10.0.0.5"]))
    assert trusted["proxy_headers"] is True
    assert trusted["forwarded_allow_ips"] == "10.0.0.5"

    # The real server, as `stardag server up` runs it: the access log names the peer.
    port = free_port()
    log_path = Path(tempfile.mkdtemp()) / "api.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "stardag_api.server", "--port", str(port), "--no-migrate"],
            env={"PATH": "/usr/bin:/bin", "STARDAG_DATABASE_URL": api_database_url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/health")
        httpx.get(f"http://127.0.0.1:{port}/health?spoof=1", headers={"x-forwarded-for": "6.6.6.6"})
        time.sleep(0.5)
        logged = [line for line in log_path.read_text().splitlines() if "spoof=1" in line]
        assert logged and "127.0.0.1" in logged[0] and "6.6.6.6" not in logged[0]
    finally:
        process.terminate()
        process.wait(timeout=10)
