"""Retention prunes old finished runs and their logs, and nothing outside the policy."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.core.config import Settings
from stardag_api.db.migrations import upgrade_database
from stardag_api.main import create_app
from stardag_api.store.retention import prune_runs
from stardag_testing import LOOPBACK

NOW = datetime.now(UTC)


def _ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


@pytest.fixture
def history(scratch_database_url: str) -> Iterator[tuple[str, dict[str, str]]]:
    """A registry whose runs span 100 days; returns the database and named run ids."""
    upgrade_database(scratch_database_url)
    settings = Settings(database_url=scratch_database_url, run_heartbeat_timeout_seconds=1e9)
    runs: dict[str, str] = {}
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:

        def run(name: str, task_id: str, days: float, finish: bool = True) -> None:
            runs[name] = str(uuid.uuid4())
            body = {"run_id": runs[name], "task_id": task_id, "started_at": _ago(days)}
            assert client.post("/api/v1/runs", json=body).status_code == 201
            if finish:
                finish_body = {"status": "completed", "finished_at": _ago(days - 0.01)}
                response = client.post(f"/api/v1/runs/{runs[name]}/finish", json=finish_body)
                assert response.status_code == 200, response.text

        tasks = {name: str(uuid.uuid4()) for name in "abcd"}
        body = {"tasks": [{"task_id": tid, "family": f"f_{n}"} for n, tid in tasks.items()]}
        assert client.post("/api/v1/tasks/batch", json=body).status_code == 200
        run("a_old", tasks["a"], 100)
        records = [{"timestamp": _ago(100), "message": f"line {i}"} for i in range(3)]
        client.post(f"/api/v1/runs/{runs['a_old']}/logs", json={"records": records})
        run("a_mid", tasks["a"], 50)
        run("a_latest_old", tasks["a"], 40)  # latest: kept although old
        run("b_only_old", tasks["b"], 60)  # latest of b
        run("c_running_old", tasks["c"], 60, finish=False)  # still running: kept
        run("c_latest", tasks["c"], 45)
        run("d_recent_1", tasks["d"], 2)
        run("d_recent_2", tasks["d"], 1)
    yield scratch_database_url, runs


def _remaining(database_url: str) -> set[str]:
    with psycopg.connect(database_url) as conn:
        return {str(row[0]) for row in conn.execute("SELECT run_id FROM runs")}


def test_prune_keeps_latest_running_and_recent_runs(history: tuple[str, dict[str, str]]) -> None:
    database_url, runs = history
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    cutoff = NOW - timedelta(days=30)
    with Session(engine) as session:
        dry = prune_runs(session, cutoff, dry_run=True)
        assert (dry.runs, dry.logs) == (2, 3)
        assert _remaining(database_url) == set(runs.values())  # a dry run removes nothing
        done = prune_runs(session, cutoff)
        assert (done.runs, done.logs) == (2, 3)
        assert prune_runs(session, cutoff).runs == 0
    engine.dispose()
    expected = set(runs.values()) - {runs["a_old"], runs["a_mid"]}
    assert _remaining(database_url) == expected
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM tasks").fetchone() == (4,)
        assert conn.execute("SELECT count(*) FROM run_logs").fetchone() == (0,)


def test_pruning_in_small_batches_removes_exactly_the_same_runs(
    history: tuple[str, dict[str, str]],
) -> None:
    database_url, runs = history
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with Session(engine) as session:
        done = prune_runs(session, NOW - timedelta(days=30), batch_runs=1)  # a batch per run
        assert (done.runs, done.logs) == (2, 3)
        assert prune_runs(session, NOW - timedelta(days=30), batch_runs=1).runs == 0
    engine.dispose()
    assert _remaining(database_url) == set(runs.values()) - {runs["a_old"], runs["a_mid"]}


def test_the_server_applies_the_policy(history: tuple[str, dict[str, str]]) -> None:
    database_url, runs = history
    settings = Settings(
        database_url=database_url, retention_days=30, stale_sweep_interval_seconds=0
    )
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while runs["a_old"] in _remaining(database_url) and datetime.now(UTC) < deadline:
            client.get("/health")
    assert runs["a_old"] not in _remaining(database_url)
    assert runs["a_latest_old"] in _remaining(database_url)
