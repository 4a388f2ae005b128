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
from stardag_testing import LOOPBACK, LiveServer


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


def test_prune_logs_older_than_drops_old_months(cli: Cli, old_history: str) -> None:
    import psycopg

    db = ("--database-url", old_history)
    with psycopg.connect(old_history) as conn:
        run_id = conn.execute("SELECT run_id FROM runs ORDER BY started_at LIMIT 1").fetchone()
        assert run_id is not None
        for seq, days in enumerate((120, 100, 1)):
            conn.execute(
                'INSERT INTO run_logs (run_id, seq, "timestamp", level_no, message) '
                "VALUES (%s, %s, now() - make_interval(days => %s), 20, 'x')",
                (run_id[0], seq, days),
            )
    dry = cli.ok("registry", "prune", "--logs-older-than", "60d", "--dry-run", "--json", *db)
    report = json.loads(dry.stdout)
    assert report["dry_run"] is True and report["log_retention"]["records"] == 2
    assert "runs" not in report  # the run retention was not asked for
    done = cli.ok("registry", "prune", "--logs-older-than", "60d", *db)
    assert "Removed 2 log records" in done.stdout
    with psycopg.connect(old_history) as conn:
        assert conn.execute("SELECT count(*) FROM run_logs").fetchone() == (1,)
    neither = cli.run("registry", "prune", *db)
    assert neither.returncode == 2

    # The run's remaining record is shown under a note, not as if nothing was logged.
    server = LiveServer(old_history).start()
    try:
        cli.env["STARDAG_REGISTRY_URL"] = server.url
        with psycopg.connect(old_history) as conn:
            task = conn.execute("SELECT task_id FROM runs WHERE run_id = %s", run_id).fetchone()
            assert task is not None
        shown = cli.ok("tasks", "logs", str(task[0]), "--run", str(run_id[0]))
    finally:
        server.stop()
    assert "Logs removed by retention" in shown.stdout
