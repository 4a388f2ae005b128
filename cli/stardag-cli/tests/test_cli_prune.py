"""``stardag registry prune --older-than``: dry run first, then the same runs removed."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from cli_stack_helpers import Cli, create_scratch_database, drop_scratch_database
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.db.migrations import upgrade_database
from stardag_api.main import create_app
from stardag_testing import LOOPBACK


@pytest.fixture
def old_history(postgres_admin_url: str) -> Iterator[str]:
    """One task with two runs 90 and 60 days old (the second is its latest)."""
    url = create_scratch_database(postgres_admin_url)
    upgrade_database(url)
    settings = Settings(database_url=url, run_heartbeat_timeout_seconds=1e9)
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        task_id = str(uuid.uuid4())
        client.post("/api/v1/tasks", json={"task_id": task_id, "family": "old"})
        for days in (90, 60):
            run_id = str(uuid.uuid4())
            started = (datetime.now(UTC) - timedelta(days=days)).isoformat()
            body = {"run_id": run_id, "task_id": task_id, "started_at": started}
            assert client.post("/api/v1/runs", json=body).status_code == 201
            client.post(f"/api/v1/runs/{run_id}/finish", json={"status": "completed"})
    yield url
    drop_scratch_database(postgres_admin_url, url)


def test_prune_dry_run_then_prune(cli: Cli, old_history: str) -> None:
    db = ("--database-url", old_history)
    dry = cli.ok("registry", "prune", "--older-than", "30d", "--dry-run", "--json", *db)
    assert json.loads(dry.stdout) == {"runs": 1, "logs": 0, "dry_run": True}
    done = cli.ok("registry", "prune", "--older-than", "30d", *db)
    assert "Removed 1 runs" in done.stdout
    again = cli.ok("registry", "prune", "--older-than", "30d", "--json", *db)
    assert json.loads(again.stdout)["runs"] == 0
    bad = cli.run("registry", "prune", "--older-than", "soon", *db)
    assert bad.returncode == 2
