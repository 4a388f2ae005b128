"""Bad input gets a designed JSON error with the right status — never a 500."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.main import create_app
from stardag_testing import LOOPBACK


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code
    assert body["detail"]
    return body


def test_unknown_dependency_names_the_missing_task(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> None:
    missing = new_id()
    response = client.post("/api/v1/tasks", json=make_task(dependencies=[missing]))
    body = assert_error(response, 422, "invalid_input")
    assert missing in body["detail"]


def test_event_naming_unknown_run_rejects_the_whole_batch(
    client: TestClient, make_task: Callable[..., dict[str, Any]], new_id: Callable[[], str]
) -> None:
    task = make_task()
    unknown_run = new_id()
    events = [
        {"type": "task_registered", "task": task},
        {"type": "run_finished", "run_id": unknown_run, "finish": {"status": "completed"}},
    ]
    body = assert_error(
        client.post("/api/v1/events", json={"events": events}), 422, "invalid_input"
    )
    assert unknown_run in body["detail"]
    # One transaction: the task of the rejected batch was not registered either.
    assert client.get(f"/api/v1/tasks/{task['task_id']}").status_code == 404


def test_finishing_twice_with_another_status_is_a_conflict(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    [task_id] = register(make_task())
    run_id = new_id()
    client.post("/api/v1/runs", json={"run_id": run_id, "task_id": task_id})
    done = client.post(f"/api/v1/runs/{run_id}/finish", json={"status": "completed"})
    assert done.status_code == 200
    same = client.post(f"/api/v1/runs/{run_id}/finish", json={"status": "completed"})
    assert same.status_code == 200
    assert_error(
        client.post(f"/api/v1/runs/{run_id}/finish", json={"status": "failed"}), 409, "conflict"
    )


def test_unknown_run_and_build_are_404(client: TestClient, new_id: Callable[[], str]) -> None:
    run_id = new_id()
    assert_error(client.get(f"/api/v1/runs/{run_id}"), 404, "not_found")
    assert_error(client.get(f"/api/v1/runs/{run_id}/logs"), 404, "not_found")
    assert_error(client.post(f"/api/v1/runs/{run_id}/heartbeat", json={}), 404, "not_found")
    assert_error(
        client.post(f"/api/v1/builds/{new_id()}/finish", json={"status": "completed"}),
        404,
        "not_found",
    )
    assert_error(client.get("/api/v1/runs/not-a-uuid"), 422, "invalid_input")


@pytest.mark.parametrize(
    "parameters",
    [
        {"name": "a\u0000b"},
        {"bad\u0000key": 1},
    ],
)
def test_nul_characters_are_rejected_with_422(
    client: TestClient, make_task: Callable[..., dict[str, Any]], parameters: dict[str, Any]
) -> None:
    body = assert_error(
        client.post("/api/v1/tasks", json=make_task(parameters=parameters)), 422, "invalid_input"
    )
    assert "parameters" in body["detail"]


def test_nul_in_family_is_rejected(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    body = assert_error(
        client.post("/api/v1/tasks", json=make_task("fam\u0000ily")), 422, "invalid_input"
    )
    assert "family" in body["detail"]


def test_huge_and_non_finite_numbers_never_500(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    big = client.post("/api/v1/tasks", json=make_task(parameters={"n": 10**400}))
    assert big.status_code == 201
    assert big.json()["parameters"]["n"] == 10**400
    task_id = make_task()["task_id"]
    raw = '{"task_id": "' + task_id + '", "family": "f", "parameters": {"x": NaN}}'
    nan = client.post("/api/v1/tasks", content=raw, headers={"content-type": "application/json"})
    assert nan.status_code in (400, 422)
    assert "detail" in nan.json()
    too_many_digits = raw.replace("NaN", "9" * 5000)
    response = client.post(
        "/api/v1/tasks", content=too_many_digits, headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)


def test_non_uuid_task_id_is_422(client: TestClient) -> None:
    body = assert_error(
        client.post("/api/v1/tasks", json={"task_id": "nope", "family": "f"}), 422, "invalid_input"
    )
    assert "task_id" in body["detail"]


def test_batch_over_limit_is_413(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    tasks = [make_task() for _ in range(1001)]
    assert_error(client.post("/api/v1/tasks/batch", json={"tasks": tasks}), 413, "too_large")


def test_log_message_over_limit_is_413(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    [task_id] = register(make_task())
    run_id = new_id()
    client.post("/api/v1/runs", json={"run_id": run_id, "task_id": task_id})
    record = {"timestamp": "2025-01-01T00:00:00Z", "message": "x" * (64 * 1024 + 1)}
    assert_error(
        client.post(f"/api/v1/runs/{run_id}/logs", json={"records": [record]}), 413, "too_large"
    )


def test_body_over_limit_is_413(api_database_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=api_database_url, max_body_bytes=1000, ui_dir=tmp_path)
    with TestClient(create_app(settings), base_url=LOOPBACK) as small:
        response = small.post(
            "/api/v1/tasks/batch",
            content=b"{" + b" " * 2000 + b"}",
            headers={"content-type": "application/json"},
        )
        assert_error(response, 413, "too_large")


def test_malformed_json_is_a_client_error(client: TestClient) -> None:
    response = client.post(
        "/api/v1/events", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert response.json()["code"] == "invalid_input"


def test_unknown_event_type_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/events", json={"events": [{"type": "task_exploded"}]})
    assert_error(response, 422, "invalid_input")


def test_a_cycle_stored_before_cycles_were_refused_does_not_hang_closures(
    client: TestClient,
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
    api_database_url: str,
) -> None:
    a, b = new_id(), new_id()
    tasks = [make_task(task_id=a), make_task(task_id=b)]
    assert client.post("/api/v1/tasks/batch", json={"tasks": tasks}).status_code == 200
    with psycopg.connect(api_database_url, autocommit=True) as conn:  # as an old server did
        conn.execute(
            "INSERT INTO task_edges (upstream_id, downstream_id) VALUES (%s, %s), (%s, %s)",
            (a, b, b, a),
        )
    result = client.get(f"/api/v1/tasks/{a}/upstream", params={"depth": 0})
    assert result.status_code == 200
    assert {item["task_id"] for item in result.json()["items"]} == {a, b}


def test_self_dependency_is_422(
    client: TestClient, new_id: Callable[[], str], make_task: Callable[..., dict[str, Any]]
) -> None:
    task_id = new_id()
    assert_error(
        client.post("/api/v1/tasks", json=make_task(task_id=task_id, dependencies=[task_id])),
        422,
        "invalid_input",
    )


def test_nul_and_surrogates_in_queries_and_bodies_never_500(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    for params in ({"family": "a\x00b"}, {"search": "x\x00"}, {"namespace": "\x00"}):
        assert client.get("/api/v1/tasks", params=params).status_code == 422
    assert client.get("/api/v1/families", params={"namespace": "\x00"}).status_code == 422
    task_id = make_task()["task_id"]
    raw = '{"task_id": "' + task_id + '", "family": "f", "parameters": {"s": "\\ud800"}}'
    response = client.post(
        "/api/v1/tasks", content=raw, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert "surrogate" in response.json()["detail"]
