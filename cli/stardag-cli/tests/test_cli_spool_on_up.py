"""``server up`` sends the builds spooled on this machine while no server answered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_stack_helpers import Cli, create_scratch_database, drop_scratch_database, free_port

QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart.py"


@pytest.fixture
def scratch_database(postgres_admin_url: str) -> Iterator[str]:
    url = create_scratch_database(postgres_admin_url)
    yield url
    drop_scratch_database(postgres_admin_url, url)


def test_up_sends_builds_spooled_while_the_server_was_down(cli: Cli, scratch_database: str) -> None:
    port = free_port()
    cli.env["STARDAG_REGISTRY"] = "api"
    cli.env["STARDAG_REGISTRY_URL"] = f"http://localhost:{port}"  # nothing listens yet
    cli.python(str(QUICKSTART), "--limit", "6")
    assert any((cli.home / "spool").iterdir())
    built_before = datetime.now(UTC)

    up = cli.ok("server", "up", "--database-url", scratch_database, "--port", str(port))
    sent = [line for line in up.stdout.splitlines() if line.startswith("Sent ")]
    assert len(sent) == 1 and int(sent[0].split()[1]) > 0, up.stdout

    rows = json.loads(cli.ok("tasks", "ls", "--json", "--family", "get_range").stdout)
    assert [row["parameters"] for row in rows] == [{"limit": 6}]
    # Updated when the build ran (client time), not when the spool reached the server.
    assert datetime.fromisoformat(rows[0]["updated_at"]) < built_before
    (build,) = json.loads(cli.ok("builds", "ls", "--json").stdout)
    assert build["status"] == "completed"
    again = cli.ok("registry", "sync")
    assert "sent 0" in again.stdout or "Nothing spooled" in again.stdout
    cli.ok("server", "down")
