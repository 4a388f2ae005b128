"""A build whose process died is failed by the stale sweep, like its runs."""

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


def post_events(client: TestClient, *events: dict[str, Any]) -> None:
    response = client.post("/api/v1/events", json={"events": list(events)})
    assert response.status_code == 200, response.text


def start_build_with_a_run(
    client: TestClient, make_task: Any, new_id: Any
) -> tuple[str, str, str, str]:
    """A build that started one task's run and has another task pending, then went silent."""
    ran, waiting = make_task(), make_task()
    build_id, run_id = new_id(), new_id()
    post_events(
        client,
        {"type": "task_registered", "task": ran},
        {"type": "task_registered", "task": waiting},
        {"type": "build_started", "build": {"build_id": build_id}},
        {
            "type": "task_states",
            "build_id": build_id,
            "states": [
                {"task_id": ran["task_id"], "state": "pending"},
                {"task_id": waiting["task_id"], "state": "pending"},
            ],
        },
        {
            "type": "run_started",
            "run": {"run_id": run_id, "task_id": ran["task_id"], "build_id": build_id},
        },
    )
    return build_id, run_id, ran["task_id"], waiting["task_id"]


def test_silent_build_is_failed_with_its_runs(
    impatient_client: TestClient,
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    build_id, _run_id, ran, waiting = start_build_with_a_run(impatient_client, make_task, new_id)
    # (No "still running" check here: on a loaded machine the timeout may pass before it.)
    # Runs are swept after TIMEOUT, the build once nothing of it happened for TIMEOUT more.
    deadline = time.monotonic() + 4 * TIMEOUT + 2
    build = impatient_client.get(f"/api/v1/builds/{build_id}").json()
    while build["status"] == "running" and time.monotonic() < deadline:
        time.sleep(0.3)
        build = impatient_client.get(f"/api/v1/builds/{build_id}").json()
    assert build["status"] == "failed"
    assert build["failed_by_sweep"] is True
    states = {task["task_id"]: task["state"] for task in build["tasks"]}
    assert states == {ran: "failed", waiting: "cancelled"}
    assert build["state_counts"] == {"failed": 1, "cancelled": 1} and build["task_count"] == 1
    assert build["first_failure"]["error_message"].startswith("No heartbeat for 1 s")
    [listed] = [
        item
        for item in impatient_client.get("/api/v1/builds", params={"limit": 500}).json()["items"]
        if item["build_id"] == build_id
    ]
    assert (listed["state_counts"], listed["failed_task_ids"]) == (
        {"failed": 1, "cancelled": 1},
        [ran],
    )


def test_late_real_build_finish_overrides_the_sweep(
    impatient_client: TestClient,
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    build_id, run_id, _ran, _waiting = start_build_with_a_run(impatient_client, make_task, new_id)
    time.sleep(2 * TIMEOUT + 0.5)
    impatient_client.get("/api/v1/builds")  # sweeps (runs first, then the build)
    time.sleep(TIMEOUT + 0.2)
    assert impatient_client.get(f"/api/v1/builds/{build_id}").json()["status"] == "failed"
    post_events(
        impatient_client,
        {"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}},
        {"type": "build_finished", "build_id": build_id, "status": "completed"},
    )
    build = impatient_client.get(f"/api/v1/builds/{build_id}").json()
    assert (build["status"], build["failed_by_sweep"]) == ("completed", False)


def test_task_states_for_an_unknown_build_are_rejected(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> None:
    task = make_task()
    response = client.post(
        "/api/v1/events",
        json={
            "events": [
                {"type": "task_registered", "task": task},
                {
                    "type": "task_states",
                    "build_id": new_id(),
                    "states": [{"task_id": task["task_id"], "state": "skipped"}],
                },
            ]
        },
    )
    assert response.status_code == 422
    assert "build" in response.json()["detail"]
    # Nothing of the batch was written.
    assert client.get(f"/api/v1/tasks/{task['task_id']}").status_code == 404
