"""Regression tests for inputs that used to end in a 500 or in stored values the
service cannot live with (issue 12's findings), one test per finding."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient


def _assert_invalid(response: Any, status: int = 422) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["detail"] and body["code"]
    return body


OVERFLOWING_TIMES = ["0001-01-01T00:00:00+12:00", "9999-12-31T23:59:59-12:00"]


@pytest.mark.parametrize("when", OVERFLOWING_TIMES)
def test_datetimes_that_overflow_utc_are_422(
    client: TestClient,
    start_run: Callable[[], str],
    make_task: Callable[..., dict[str, Any]],
    when: str,
) -> None:
    body = _assert_invalid(client.post("/api/v1/tasks", json=make_task(created_at=when)))
    assert "created_at" in body["detail"]
    run_id = start_run()
    finish = {"status": "completed", "finished_at": when}
    _assert_invalid(client.post(f"/api/v1/runs/{run_id}/finish", json=finish))
    events = [{"type": "run_finished", "run_id": run_id, "finish": finish}]
    _assert_invalid(client.post("/api/v1/events", json={"events": events}))
    record = {"timestamp": when, "message": "m"}
    _assert_invalid(client.post(f"/api/v1/runs/{run_id}/logs", json={"records": [record]}))
    _assert_invalid(client.get("/api/v1/tasks", params={"created_after": when}))
    assert client.get(f"/api/v1/runs/{run_id}").json()["status"] == "running"


def test_numbers_are_not_taken_as_times(
    client: TestClient,
    start_run: Callable[[], str],
) -> None:
    run_id = start_run()
    finish = {"status": "completed", "finished_at": 0}
    body = _assert_invalid(client.post(f"/api/v1/runs/{run_id}/finish", json=finish))
    assert "finished_at" in body["detail"]


@pytest.mark.parametrize("complete", [0, 1, "true", "yes"])
def test_flags_must_be_json_booleans(
    client: TestClient, make_task: Callable[..., dict[str, Any]], complete: Any
) -> None:
    task = make_task(complete=complete)
    body = _assert_invalid(client.post("/api/v1/tasks", json=task))
    assert "complete" in body["detail"]
    assert client.get(f"/api/v1/tasks/{task['task_id']}").status_code == 404


@pytest.mark.parametrize("seq", ["3", 3.0, True])
def test_log_seq_must_be_a_json_integer(
    client: TestClient, start_run: Callable[[], str], seq: Any
) -> None:
    run_id = start_run()
    record = {"timestamp": "2026-01-01T00:00:00Z", "message": "m", "seq": seq}
    body = _assert_invalid(client.post(f"/api/v1/runs/{run_id}/logs", json={"records": [record]}))
    assert "seq" in body["detail"]
    assert client.get(f"/api/v1/runs/{run_id}/logs").json()["items"] == []


@pytest.mark.parametrize("ttl", ["30", True])
def test_lease_ttl_must_be_a_json_number(
    client: TestClient, new_id: Callable[[], str], ttl: Any
) -> None:
    task_id = new_id()
    lease = {"holder": "builder", "ttl_seconds": ttl}
    body = _assert_invalid(client.post(f"/api/v1/tasks/{task_id}/lease", json=lease))
    assert "ttl_seconds" in body["detail"]
    other = {"holder": "other", "ttl_seconds": 30}  # the refused request took no lease
    assert client.post(f"/api/v1/tasks/{task_id}/lease", json=other).json()["granted"]


def test_log_seq_cannot_exhaust_the_runs_numbering(
    client: TestClient,
    start_run: Callable[[], str],
) -> None:
    run_id = start_run()
    at = "2025-03-01T12:00:00Z"
    too_high = {"timestamp": at, "message": "m", "seq": 2**31 - 1}
    _assert_invalid(client.post(f"/api/v1/runs/{run_id}/logs", json={"records": [too_high]}))
    highest = {"timestamp": at, "message": "last numbered", "seq": 2**30 - 1}
    response = client.post(f"/api/v1/runs/{run_id}/logs", json={"records": [highest]})
    assert response.status_code == 200, response.text
    for _ in range(2):  # unnumbered appends after it keep working
        unnumbered = {"timestamp": at, "message": "after"}
        response = client.post(f"/api/v1/runs/{run_id}/logs", json={"records": [unnumbered]})
        assert response.status_code == 200, response.text
    items = client.get(f"/api/v1/runs/{run_id}/logs").json()["items"]
    assert [item["seq"] for item in items] == [2**30 - 1, 2**30, 2**30 + 1]


@pytest.mark.parametrize(
    "value",
    ['"\\u0000"', '"\\ud800"', '{"a": "\\u0000"}', "[" * 5000 + "]" * 5000, "1e999"],
)
def test_param_filters_postgresql_cannot_hold_are_handled(client: TestClient, value: str) -> None:
    response = client.get("/api/v1/tasks", params={"param.x": value})
    # Either refused as input or matched as a plain string; never a database error.
    assert response.status_code in (200, 422), response.text
    assert "DETAIL" not in response.text


def test_param_filter_text_postgresql_cannot_hold_is_422(client: TestClient) -> None:
    for key, value in (("param.x", "a\x00b"), ("param.x\x00", "1")):
        _assert_invalid(client.get("/api/v1/tasks", params={key: value}))


def test_deeply_nested_param_filter_paths_are_422(client: TestClient) -> None:
    path = ".".join(["a"] * 5000)
    body = _assert_invalid(client.get("/api/v1/tasks", params={f"param.{path}": "1"}))
    assert "deep" in body["detail"]
    assert client.get("/api/v1/tasks", params={"param." + ".".join("a" * 10): "1"}).is_success


@pytest.mark.parametrize("path", ["/a%00b", "/" + "x" * 300, "/assets/" + "y" * 256 + ".js"])
def test_ui_paths_the_os_refuses_are_not_500(client: TestClient, path: str) -> None:
    assert client.get(path).status_code in (200, 404)


def test_log_record_caps_are_the_same_on_both_endpoints(
    client: TestClient,
    start_run: Callable[[], str],
) -> None:
    run_id = start_run()
    records = [{"timestamp": "2025-03-01T12:00:00Z", "message": "m"}] * 5_001
    _assert_invalid(client.post(f"/api/v1/runs/{run_id}/logs", json={"records": records}), 413)
    events = [{"type": "logs_appended", "run_id": run_id, "records": records}]
    _assert_invalid(client.post("/api/v1/events", json={"events": events}), 413)
    assert client.get(f"/api/v1/runs/{run_id}/logs").json()["items"] == []


def test_error_message_and_traceback_are_capped(
    client: TestClient,
    start_run: Callable[[], str],
) -> None:
    run_id = start_run()
    huge = {"status": "failed", "error_message": "x" * (64 * 1024 + 1)}
    _assert_invalid(client.post(f"/api/v1/runs/{run_id}/finish", json=huge))
    events = [{"type": "run_finished", "run_id": run_id, "finish": huge}]
    _assert_invalid(client.post("/api/v1/events", json={"events": events}))
    schema = client.get("/openapi.json").json()["components"]["schemas"]["RunFinish"]
    assert schema["properties"]["error_message"]["anyOf"][0]["maxLength"] == 64 * 1024
    assert client.get(f"/api/v1/runs/{run_id}").json()["status"] == "running"


def test_wrong_methods_are_405_with_allow(client: TestClient) -> None:
    for method, path, allowed in (
        ("DELETE", "/api/v1/tasks", "GET"),
        ("PUT", "/health", "GET"),
        ("OPTIONS", "/api/v1/families", "GET"),
        ("POST", "/api/v1/tasks/abcd1234", "GET"),
    ):
        response = client.request(method, path, headers={"content-type": "application/json"})
        assert response.status_code == 405, (method, path, response.text)
        assert allowed in response.headers["allow"]
        assert response.json()["code"] == "method_not_allowed"


def test_head_is_served_wherever_get_is(client: TestClient) -> None:
    for path in ("/", "/health", "/api/v1/tasks", "/docs"):
        head = client.head(path)
        assert head.status_code == 200, path
        assert head.content == b""
    assert client.head("/api/v1/tasks/ffffffff-ffff-4fff-8fff-ffffffffffff").status_code == 404
    assert "head" not in client.get("/openapi.json").json()["paths"]["/api/v1/tasks"]
