"""Runs whose process went silent are failed by the sweep; live ones are left alone."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.main import create_app
from stardag_testing import LOOPBACK

TIMEOUT = 1.0


@pytest.fixture
def impatient_client(api_database_url: str, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        database_url=api_database_url,
        run_heartbeat_timeout_seconds=TIMEOUT,
        stale_sweep_interval_seconds=0,
        ui_dir=tmp_path,
    )
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        yield client


def start(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> tuple[str, str]:
    task = make_task()
    run_id = new_id()
    assert client.post("/api/v1/tasks", json=task).status_code == 201
    assert (
        client.post("/api/v1/runs", json={"run_id": run_id, "task_id": task["task_id"]}).status_code
        == 201
    )
    return task["task_id"], run_id


def test_silent_run_is_failed_and_its_task_follows(
    impatient_client: TestClient,
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    task_id, run_id = start(impatient_client, make_task, new_id)
    assert impatient_client.get(f"/api/v1/runs/{run_id}").json()["status"] == "running"
    time.sleep(TIMEOUT + 0.5)
    run = impatient_client.get(f"/api/v1/runs/{run_id}").json()
    assert run["status"] == "failed"
    assert run["error_message"].startswith("No heartbeat for 1 s: the process running this task")
    assert impatient_client.get(f"/api/v1/tasks/{task_id}").json()["status"] == "failed"


def test_heartbeats_keep_a_run_alive(
    impatient_client: TestClient,
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    task_id, run_id = start(impatient_client, make_task, new_id)
    for _ in range(4):
        time.sleep(TIMEOUT / 3)
        beat = impatient_client.post(f"/api/v1/runs/{run_id}/heartbeat", json={})
        assert beat.json()["status"] == "running"
    assert impatient_client.get(f"/api/v1/tasks/{task_id}").json()["status"] == "running"


def test_late_real_finish_overrides_the_sweep(
    impatient_client: TestClient,
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    task_id, run_id = start(impatient_client, make_task, new_id)
    time.sleep(TIMEOUT + 0.5)
    assert impatient_client.get(f"/api/v1/runs/{run_id}").json()["status"] == "failed"
    finish = impatient_client.post(f"/api/v1/runs/{run_id}/finish", json={"status": "completed"})
    assert finish.status_code == 200
    assert finish.json()["error_message"] is None
    assert impatient_client.get(f"/api/v1/tasks/{task_id}").json()["status"] == "completed"
