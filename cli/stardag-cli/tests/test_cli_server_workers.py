"""``server up --workers N``: N API processes serve one port over one PostgreSQL."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cli_stack_helpers import Cli, create_scratch_database, drop_scratch_database, free_port


@pytest.fixture
def scratch_database(postgres_admin_url: str) -> Iterator[str]:
    url = create_scratch_database(postgres_admin_url)
    yield url
    drop_scratch_database(postgres_admin_url, url)


def children_of(pid: int) -> list[int]:
    """Live processes whose parent is ``pid`` (from /proc)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            children.append(int(stat.parent.name))
    return children


def test_two_api_processes_serve_one_port_and_stop_together(
    cli: Cli, scratch_database: str
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cli.ok(
        "server", "up", "--database-url", scratch_database, "--port", str(port), "--workers", "2"
    )
    status = json.loads(cli.ok("server", "status", "--json").stdout)
    supervisor = status["pids"]["API"]
    deadline = time.monotonic() + 60
    while len(workers := children_of(supervisor)) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    # uvicorn's supervisor runs the app in N worker processes (spawn may add a tracker).
    assert len(workers) >= 2, workers
    task_id = "5c3f8a57-1b0e-4b7e-8d8e-0a0a0a0a0a0a"
    for attempt in range(20):  # requests land on either process; all see one database
        body = {"holder": f"h{attempt}", "ttl_seconds": 30}
        granted = httpx.post(f"{url}/api/v1/tasks/{task_id}/lease", json=body, timeout=10)
        assert granted.status_code == 200
        assert granted.json()["holder"] == "h0"
    cli.ok("server", "down")
    deadline = time.monotonic() + 30
    while children_of(supervisor) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not children_of(supervisor)
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"{url}/health", timeout=1)
