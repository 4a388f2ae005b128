"""``stardag server backup`` → changes → ``restore``: the registry is back as it was."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from cli_stack_helpers import Cli, create_scratch_database, drop_scratch_database
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.db.migrations import upgrade_database
from stardag_api.main import create_app
from stardag_testing import LOOPBACK

TABLES = ("tasks", "task_edges", "runs", "run_logs", "builds", "api_keys")


@pytest.fixture
def registry_database(postgres_admin_url: str) -> Iterator[str]:
    url = create_scratch_database(postgres_admin_url)
    upgrade_database(url)
    yield url
    drop_scratch_database(postgres_admin_url, url)


def _register(database_url: str, count: int) -> None:
    with TestClient(create_app(Settings(database_url=database_url)), base_url=LOOPBACK) as client:
        ids = [str(uuid.uuid4()) for _ in range(count)]
        tasks = [
            {"task_id": task_id, "family": "backed_up", "dependencies": ids[:i]}
            for i, task_id in enumerate(ids)
        ]
        assert client.post("/api/v1/tasks/batch", json={"tasks": tasks}).status_code == 200
        run_id = str(uuid.uuid4())
        client.post("/api/v1/runs", json={"run_id": run_id, "task_id": ids[0]})
        record = {"timestamp": "2026-01-01T00:00:00Z", "message": "hello"}
        client.post(f"/api/v1/runs/{run_id}/logs", json={"records": [record]})


def _counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        counts: dict[str, int] = {}
        for t in TABLES:
            row = conn.execute(f"SELECT count(*) FROM {t}").fetchone()
            assert row is not None
            counts[t] = row[0]
        return counts


def test_backup_then_restore_gives_identical_counts(
    cli: Cli, registry_database: str, tmp_path: Path
) -> None:
    db = ("--database-url", registry_database)
    _register(registry_database, 3)
    before = _counts(registry_database)
    assert before["tasks"] == 3 and before["task_edges"] == 3 and before["run_logs"] == 1
    backup_file = tmp_path / "backups" / "registry.dump"
    out = cli.ok("server", "backup", str(backup_file), *db)
    assert "Backed up" in out.stdout and backup_file.stat().st_size > 0

    _register(registry_database, 2)
    cli.ok("keys", "create", "--name", "later", "--scope", "read", *db)
    assert _counts(registry_database) != before

    cli.ok("server", "restore", str(backup_file), "--yes", *db)
    assert _counts(registry_database) == before
    assert (
        cli.run("server", "restore", str(tmp_path / "missing.dump"), "--yes", *db).returncode == 2
    )
