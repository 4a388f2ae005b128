"""The write path and basic reads: register, run, log, build — as the SDK drives them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient


def test_health_reports_ok_and_schema_revision(client: TestClient) -> None:
    from stardag_api.db.migrations import head_revision

    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert body["schema_revision"] == head_revision()


def test_register_single_task_is_created_then_found(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    body = make_task("get_range", parameters={"limit": 10}, output_uri="/tmp/out.json")
    first = client.post("/api/v1/tasks", json=body)
    assert first.status_code == 201
    assert first.json()["status"] == "pending"
    again = client.post("/api/v1/tasks", json=body)
    assert again.status_code == 200
    detail = client.get(f"/api/v1/tasks/{body['task_id']}").json()
    assert detail["parameters"] == {"limit": 10}
    assert detail["output_uri"] == "/tmp/out.json"
    assert detail["latest_run"] is None


def test_batch_registration_is_idempotent(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    up = make_task("get_range")
    down = make_task("get_sum", dependencies=[up["task_id"]])
    payload = {"tasks": [up, down]}
    assert client.post("/api/v1/tasks/batch", json=payload).json() == {
        "registered": 2,
        "created": 2,
    }
    assert client.post("/api/v1/tasks/batch", json=payload).json() == {
        "registered": 2,
        "created": 0,
    }
    upstream = client.get(f"/api/v1/tasks/{down['task_id']}/upstream").json()
    assert [item["task_id"] for item in upstream["items"]] == [up["task_id"]]


def test_events_drive_a_build_to_completion(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> None:
    task = make_task("train")
    build_id, run_id = new_id(), new_id()
    events = [
        {
            "type": "build_started",
            "build": {"build_id": build_id, "root_task_ids": [task["task_id"]]},
        },
        {"type": "task_registered", "task": task},
        {
            "type": "run_started",
            "run": {"run_id": run_id, "task_id": task["task_id"], "build_id": build_id},
        },
        {"type": "run_heartbeat", "run_id": run_id},
        {
            "type": "logs_appended",
            "run_id": run_id,
            "records": [
                {"timestamp": "2025-01-01T00:00:00Z", "message": "epoch 1", "seq": 0},
                {
                    "timestamp": "2025-01-01T00:00:01Z",
                    "level": "WARNING",
                    "message": "slow",
                    "seq": 1,
                },
            ],
        },
        {"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}},
        {"type": "build_finished", "build_id": build_id, "status": "completed"},
    ]
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 200, response.text
    assert response.json() == {"accepted": len(events)}
    # Replaying the same batch changes nothing.
    assert client.post("/api/v1/events", json={"events": events}).status_code == 200

    detail = client.get(f"/api/v1/tasks/{task['task_id']}").json()
    assert detail["status"] == "completed"
    assert detail["latest_run"]["run_id"] == run_id
    logs = client.get(f"/api/v1/runs/{run_id}/logs").json()
    assert [record["message"] for record in logs["items"]] == ["epoch 1", "slow"]
    warnings = client.get(f"/api/v1/runs/{run_id}/logs", params={"level": "WARNING"}).json()
    assert [record["message"] for record in warnings["items"]] == ["slow"]
    build = client.get(f"/api/v1/builds/{build_id}").json()
    assert build["status"] == "completed"
    assert build["task_count"] == 1


def test_run_started_earlier_and_finished_in_a_later_batch(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> None:
    task = make_task()
    run_id = new_id()
    start = {"type": "run_started", "run": {"run_id": run_id, "task_id": task["task_id"]}}
    finish = {
        "type": "run_finished",
        "run_id": run_id,
        "finish": {
            "status": "failed",
            "error_message": "ValueError: bad",
            "traceback": "Traceback...",
        },
    }
    first = [{"type": "task_registered", "task": task}, start]
    assert client.post("/api/v1/events", json={"events": first}).status_code == 200
    assert client.get(f"/api/v1/tasks/{task['task_id']}").json()["status"] == "running"
    # The spool may resend the start together with the finish.
    assert client.post("/api/v1/events", json={"events": [start, finish]}).status_code == 200
    run = client.get(f"/api/v1/runs/{run_id}").json()
    assert run["status"] == "failed"
    assert run["traceback"] == "Traceback..."
    assert client.get(f"/api/v1/tasks/{task['task_id']}").json()["status"] == "failed"


def test_retry_after_failure_makes_the_task_follow_the_newer_run(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> None:
    task = make_task()
    failed, retried = new_id(), new_id()
    events = [
        {"type": "task_registered", "task": task},
        {
            "type": "run_started",
            "run": {
                "run_id": failed,
                "task_id": task["task_id"],
                "started_at": "2025-01-01T00:00:00Z",
            },
        },
        {"type": "run_finished", "run_id": failed, "finish": {"status": "failed"}},
        {
            "type": "run_started",
            "run": {
                "run_id": retried,
                "task_id": task["task_id"],
                "started_at": "2025-01-01T00:01:00Z",
            },
        },
        {"type": "run_finished", "run_id": retried, "finish": {"status": "completed"}},
    ]
    assert client.post("/api/v1/events", json={"events": events}).status_code == 200
    detail = client.get(f"/api/v1/tasks/{task['task_id']}").json()
    assert detail["status"] == "completed"
    assert detail["latest_run"]["run_id"] == retried


def test_conflicting_finishes_in_one_batch_are_409(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> None:
    task = make_task()
    run_id = new_id()
    events = [
        {"type": "task_registered", "task": task},
        {"type": "run_started", "run": {"run_id": run_id, "task_id": task["task_id"]}},
        {"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}},
        {"type": "run_finished", "run_id": run_id, "finish": {"status": "failed"}},
    ]
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"


def test_tasks_found_complete_are_registered_completed(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> None:
    fresh = make_task(complete=True)
    pending = make_task()
    running = make_task()
    client.post("/api/v1/tasks/batch", json={"tasks": [pending, running]})
    run_id = new_id()
    client.post("/api/v1/runs", json={"run_id": run_id, "task_id": running["task_id"]})
    again = [fresh, {**pending, "complete": True}, {**running, "complete": True}]
    assert client.post("/api/v1/tasks/batch", json={"tasks": again}).status_code == 200
    status = {
        name: client.get(f"/api/v1/tasks/{task['task_id']}").json()["status"]
        for name, task in (("fresh", fresh), ("pending", pending), ("running", running))
    }
    assert status == {"fresh": "completed", "pending": "completed", "running": "running"}
