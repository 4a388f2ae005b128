"""``stardag keys`` and a server with authentication on, as a team would run it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_stack_helpers import Cli, create_scratch_database, drop_scratch_database, free_port
from stardag_api.db.migrations import upgrade_database

QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart.py"


@pytest.fixture
def keys_database(postgres_admin_url: str) -> Iterator[str]:
    url = create_scratch_database(postgres_admin_url)
    upgrade_database(url)
    yield url
    drop_scratch_database(postgres_admin_url, url)


def test_keys_lifecycle_and_an_authenticated_server(cli: Cli, keys_database: str) -> None:
    db = ("--database-url", keys_database)
    admin = json.loads(
        cli.ok("keys", "create", "--name", "ops", "--scope", "admin", "--json", *db).stdout
    )
    writer = cli.ok("keys", "create", "--name", "builds", "--scope", "write", *db)
    write_key = writer.stdout.strip()
    assert write_key.startswith("stardag_") and "not shown again" in writer.stderr
    reader = cli.ok("keys", "create", "--name", "ui", "--scope", "read", *db).stdout.strip()
    listed = json.loads(cli.ok("keys", "ls", "--json", *db).stdout)
    assert {row["name"] for row in listed} == {"ops", "builds", "ui"}
    assert all("key" not in row for row in listed)
    assert admin["key"] not in cli.ok("keys", "ls", *db).stdout

    cli.env["STARDAG_AUTH"] = "true"
    port = free_port()
    cli.ok("server", "up", *db, "--port", str(port))
    refused = cli.run("tasks", "ls")
    assert refused.returncode == 1 and "API key" in refused.stderr

    cli.env["STARDAG_API_KEY"] = write_key  # the SDK's build sends it
    cli.env["STARDAG_REGISTRY"] = "api"
    cli.python(str(QUICKSTART), "--limit", "3")
    cli.env["STARDAG_API_KEY"] = reader  # and the CLI reads with a read key
    rows = json.loads(cli.ok("tasks", "ls", "--json", "--family", "get_range").stdout)
    assert [row["parameters"] for row in rows] == [{"limit": 3}]

    key_id = admin["key_id"]
    cli.ok("keys", "revoke", key_id, *db)
    revoked = json.loads(cli.ok("keys", "ls", "--all", "--json", *db).stdout)
    assert next(row for row in revoked if row["key_id"] == key_id)["revoked_at"]
    assert key_id not in cli.ok("keys", "ls", *db).stdout
    assert cli.run("keys", "revoke", "000000000000", *db).returncode == 1


def test_binding_beyond_loopback_needs_authentication(cli: Cli) -> None:
    result = cli.run("server", "up", "--host", "0.0.0.0", "--port", str(free_port()))
    assert result.returncode == 2
    assert "Refusing to listen on 0.0.0.0" in result.stderr
    assert not (cli.home / "server" / "state.json").exists()
