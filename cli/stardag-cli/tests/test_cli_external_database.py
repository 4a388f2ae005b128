"""``server up --database-url``: an existing PostgreSQL, background and foreground."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
import pytest
from cli_stack_helpers import Cli, create_scratch_database, drop_scratch_database, free_port

QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart.py"


def _wait_for_health(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise TimeoutError(url)


@pytest.fixture
def scratch_database(postgres_admin_url: str) -> Iterator[str]:
    """An empty database of its own (for tests that count rows or break its schema)."""
    url = create_scratch_database(postgres_admin_url)
    yield url
    drop_scratch_database(postgres_admin_url, url)


def test_background_stack_on_an_existing_database(cli: Cli, scratch_database: str) -> None:
    # A database of its own: the session database holds other tests' get_range tasks.
    port = free_port()
    up = cli.ok("server", "up", "--database-url", scratch_database, "--port", str(port))
    assert "external" in up.stdout
    cli.python(str(QUICKSTART), "--limit", "3")
    rows = json.loads(cli.ok("tasks", "ls", "--json", "--family", "get_range").stdout)
    assert [row["parameters"] for row in rows] == [{"limit": 3}]
    status = json.loads(cli.ok("server", "status", "--json").stdout)
    assert status["mode"] == "external"
    assert set(status["pids"]) == {"API"}
    assert urlsplit(scratch_database).path in status["database"]
    assert not (cli.home / "server" / "pgdata").exists()  # no embedded database
    cli.ok("server", "down")
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)


def test_foreground_server_is_the_container_entry_point(cli: Cli, postgres_url: str) -> None:
    cli.env["STARDAG_ALLOW_UNAUTHENTICATED_NETWORK"] = "true"  # as docker-compose.yml sets
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "stardag_cli", "server", "up", "--foreground",
            "--host", "0.0.0.0", "--port", str(port), "--database-url", postgres_url,
        ],
        env=cli.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )  # fmt: skip
    try:
        _wait_for_health(url)
        again = cli.ok("server", "up", "--port", str(port))
        assert "already running" in again.stdout
        cli.python(str(QUICKSTART), "--limit", "4")  # finds it through config.toml
        assert json.loads(cli.ok("tasks", "ls", "--json", "--search", "get_range").stdout)
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert not (cli.home / "server" / "state.json").exists()


def test_failed_migration_is_reported_and_nothing_keeps_running(
    cli: Cli, scratch_database: str
) -> None:
    with psycopg.connect(scratch_database, autocommit=True) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)")
        conn.execute("INSERT INTO alembic_version VALUES ('from_the_future')")
    port = free_port()
    result = cli.run("server", "up", "--database-url", scratch_database, "--port", str(port))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Migrating the database" in result.stderr and "failed" in result.stderr
    assert not (cli.home / "server" / "state.json").exists()
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)


def test_unreachable_database_is_one_line(cli: Cli) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/nowhere"
    result = cli.run("server", "up", "--database-url", url, "--port", str(free_port()))
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Error: Cannot connect to the database")
    assert "Traceback" not in result.stderr
