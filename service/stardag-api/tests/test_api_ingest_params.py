"""How the ingest writes pass their rows to PostgreSQL: uuid lists as array literals written
by msgspec (``uuid_array``), edges deduplicated and ordered by PostgreSQL, run finishes as
one JSON document. Each must store exactly what the Python-adapted parameters stored."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from stardag_api.store.rows import uuid_array


def test_uuid_array_reads_back_as_the_list_psycopg_adapts(api_database_url: str) -> None:
    ids = [uuid.uuid4() for _ in range(500)] + [uuid.UUID(int=0), uuid.UUID(int=2**128 - 1)]
    with psycopg.connect(api_database_url) as conn:
        for given in (ids, ids[:1], []):
            [(literal, adapted)] = conn.execute(
                "SELECT CAST(%s AS uuid[]), CAST(%s AS uuid[])", (uuid_array(given), given)
            ).fetchall()
            assert literal == adapted == given


def test_a_dependency_listed_twice_is_one_edge(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
) -> None:
    upstream = make_task("load")
    twice = make_task("twice", dependencies=[upstream["task_id"], upstream["task_id"]])
    register(upstream, twice)
    register(twice)  # replayed: the edge exists, nothing new

    response = client.get(f"/api/v1/tasks/{twice['task_id']}/upstream")
    assert response.status_code == 200, response.text
    assert [task["task_id"] for task in response.json()["items"]] == [upstream["task_id"]]


def test_runs_of_one_task_and_an_unknown_one_name_only_the_unknown(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    [known] = register(make_task())
    unknown = new_id()
    events = [
        {"type": "run_started", "run": {"run_id": new_id(), "task_id": task_id}}
        for task_id in (known, known, unknown)
    ]
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 422, response.text
    assert unknown in response.text
    assert known not in response.text


def test_finishes_in_a_later_batch_store_their_text_exactly(
    client: TestClient,
    api_database_url: str,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    task_ids = register(make_task(), make_task())
    run_ids = [new_id() for _ in task_ids]
    started = [
        {
            "type": "run_started",
            "run": {"run_id": run_id, "task_id": task_id, "started_at": "2026-12-01T10:00:00Z"},
        }
        for run_id, task_id in zip(run_ids, task_ids, strict=True)
    ]
    response = client.post("/api/v1/events", json={"events": started})
    assert response.status_code == 200, response.text
    error = "quotes \" and ' , braces {a,b}, a backslash \\ and ünïcödé ✓"
    finished = [
        {
            "type": "run_finished",
            "run_id": run_ids[0],
            "finish": {
                "status": "failed",
                "finished_at": "2026-12-01T10:00:02.5+01:00",
                "error_message": error,
                "traceback": "Traceback:\n\t" + error,
            },
        },
        {"type": "run_finished", "run_id": run_ids[1], "finish": {"status": "completed"}},
    ]
    response = client.post("/api/v1/events", json={"events": finished})
    assert response.status_code == 200, response.text

    failed = client.get(f"/api/v1/runs/{run_ids[0]}").json()
    assert failed["status"] == "failed"
    assert failed["error_message"] == error
    assert failed["traceback"] == "Traceback:\n\t" + error
    assert failed["finished_at"].startswith("2026-12-01T09:00:02.5")
    assert failed["duration_seconds"] == 0  # finished before it started (other time zone)
    assert client.get(f"/api/v1/runs/{run_ids[1]}").json()["status"] == "completed"
    with psycopg.connect(api_database_url) as conn:
        states = conn.execute(
            "SELECT t.status, t.finished_at = r.finished_at, t.latest_run_id = r.run_id"
            " FROM task_states t JOIN runs r ON r.task_id = t.task_id"
            " WHERE r.run_id = ANY(%s) ORDER BY r.status",
            ([uuid.UUID(run_id) for run_id in run_ids],),
        ).fetchall()
    assert states == [("completed", True, True), ("failed", True, True)]


def test_parameter_sizes_are_checked_per_task(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    """The batch's parameters are measured together first; over the limit together is
    fine as long as each task's are under it (256 KiB of JSON)."""
    under = [make_task(parameters={"blob": "x" * 150_000}) for _ in range(2)]
    response = client.post("/api/v1/tasks/batch", json={"tasks": under})
    assert response.status_code == 200, response.text
    assert response.json()["created"] == 2

    over = make_task(parameters={"blob": "x" * 300_000})
    response = client.post("/api/v1/tasks/batch", json={"tasks": [make_task(), over]})
    assert response.status_code == 413, response.text
    assert over["task_id"] in response.json()["detail"]
