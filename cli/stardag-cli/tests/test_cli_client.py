"""``stardag.client.StardagClient`` against the real service on a real database."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from cli_stack_helpers import create_scratch_database, drop_scratch_database, free_port
from stardag.client import (
    AmbiguousTaskId,
    ApiError,
    ServerUnreachable,
    StardagClient,
    TaskNotFound,
)

BULK_TASKS = 520  # more than one page of the service's maximum (500)


def _now() -> str:
    return datetime.now(UTC).isoformat()


@pytest.fixture(scope="module")
def server(postgres_admin_url: str) -> Iterator[str]:
    """The service's own serve entry point on a database of this module."""
    database = create_scratch_database(postgres_admin_url)
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "stardag_api.server",
            "--port",
            str(port),
            "--database-url",
            database,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        drop_scratch_database(postgres_admin_url, database)


@pytest.fixture(scope="module")
def dag(server: str) -> dict[str, str]:
    """A chain extract -> clean -> report plus many bulk tasks; report's run failed with logs."""
    ids = {name: str(uuid.uuid4()) for name in ("extract", "clean", "report")}
    tasks = [
        {"task_id": ids["extract"], "family": "extract", "parameters": {"day": "2024-01-01"}},
        {"task_id": ids["clean"], "family": "clean", "dependencies": [ids["extract"]]},
        {"task_id": ids["report"], "family": "report", "dependencies": [ids["clean"]]},
    ]
    bulk = [
        {"task_id": str(uuid.uuid4()), "family": "bulk", "parameters": {"n": n}}
        for n in range(BULK_TASKS)
    ]
    for batch in (tasks, bulk):
        response = httpx.post(f"{server}/api/v1/tasks/batch", json={"tasks": batch}, timeout=30)
        assert response.status_code == 200, response.text
    run_id = str(uuid.uuid4())
    events = [
        {"type": "run_started", "run": {"run_id": run_id, "task_id": ids["report"]}},
        {
            "type": "logs_appended",
            "run_id": run_id,
            "records": [
                {"timestamp": _now(), "level": "INFO", "message": "loading"},
                {"timestamp": _now(), "level": "ERROR", "message": "division by zero"},
            ],
        },
        {
            "type": "run_finished",
            "run_id": run_id,
            "finish": {
                "status": "failed",
                "error_message": "ZeroDivisionError: division by zero",
                "traceback": "Traceback ...\nZeroDivisionError: division by zero",
            },
        },
    ]
    response = httpx.post(f"{server}/api/v1/events", json={"events": events}, timeout=30)
    assert response.status_code == 200, response.text
    return {**ids, "run": run_id}


def test_health_and_stats(server: str, dag: dict[str, str]) -> None:
    with StardagClient(server) as client:
        assert client.health()["status"] == "ok"
        stats = client.stats()
    assert stats["tasks"] == BULK_TASKS + 3
    assert stats["by_status"]["failed"] == 1


def test_iter_tasks_follows_cursors_and_stops_at_limit(server: str, dag: dict[str, str]) -> None:
    with StardagClient(server) as client:
        everything = list(client.iter_tasks(family="bulk"))
        first = client.list_tasks(family="bulk", limit=10)
        some = list(client.iter_tasks(family="bulk", limit=505))
    assert len(everything) == BULK_TASKS
    assert len({task["task_id"] for task in everything}) == BULK_TASKS
    assert len(first["items"]) == 10 and first["next_cursor"]
    assert [task["task_id"] for task in some] == [task["task_id"] for task in everything[:505]]


def test_filters(server: str, dag: dict[str, str]) -> None:
    with StardagClient(server) as client:
        failed = client.list_tasks(status=["failed"])["items"]
        by_param = client.list_tasks(params={"n": "7"})["items"]
    assert [task["task_id"] for task in failed] == [dag["report"]]
    assert [task["parameters"] for task in by_param] == [{"n": 7}]


def test_get_task_by_prefix_with_latest_failed_run(server: str, dag: dict[str, str]) -> None:
    with StardagClient(server) as client:
        task = client.get_task(dag["report"][:10])
    assert task["task_id"] == dag["report"]
    assert task["status"] == "failed"
    assert task["upstream_count"] == 1 and task["downstream_count"] == 0
    assert task["latest_run"] is not None
    assert task["latest_run"]["error_message"] == "ZeroDivisionError: division by zero"


def test_unknown_and_ambiguous_ids(server: str, dag: dict[str, str]) -> None:
    prefix = "abcd"
    for n in (1, 2):
        task_id = str(uuid.UUID(prefix + str(n) + uuid.uuid4().hex[5:]))
        httpx.post(f"{server}/api/v1/tasks", json={"task_id": task_id, "family": "twin"})
    with StardagClient(server) as client:
        with pytest.raises(AmbiguousTaskId) as ambiguous:
            client.get_task(prefix)
        with pytest.raises(TaskNotFound):
            client.get_task(str(uuid.uuid4()))
        with pytest.raises(TaskNotFound):
            client.upstream(str(uuid.uuid4()))
    assert ambiguous.value.prefix == prefix
    assert len(ambiguous.value.candidates) >= 2
    assert all(candidate.startswith(prefix) for candidate in ambiguous.value.candidates)


def test_closures_and_graph(server: str, dag: dict[str, str]) -> None:
    with StardagClient(server) as client:
        upstream = client.upstream(dag["report"], depth=0)
        direct = client.upstream(dag["report"])
        downstream = client.downstream(dag["extract"], depth=0)
        graph = client.graph(dag["clean"], direction="both", depth=1)
    assert {(t["family"], t["depth"]) for t in upstream["items"]} == {("clean", 1), ("extract", 2)}
    assert [t["family"] for t in direct["items"]] == ["clean"]
    assert {t["family"] for t in downstream["items"]} == {"clean", "report"}
    assert graph["root_id"] == dag["clean"]
    assert {node["family"] for node in graph["nodes"]} == {"extract", "clean", "report"}
    assert {(e["upstream_id"], e["downstream_id"]) for e in graph["edges"]} == {
        (dag["extract"], dag["clean"]),
        (dag["clean"], dag["report"]),
    }


def test_runs_logs_families_builds(server: str, dag: dict[str, str]) -> None:
    with StardagClient(server) as client:
        runs = client.task_runs(dag["report"])
        run = client.run(dag["run"])
        logs = client.run_logs(dag["run"])
        errors_only = client.run_logs(dag["run"], level="ERROR")
        families = {f["family"]: f for f in client.families()}
        builds = client.builds()
    assert [r["run_id"] for r in runs] == [dag["run"]]
    assert run["status"] == "failed" and "ZeroDivisionError" in (run["traceback"] or "")
    assert [r["message"] for r in logs["items"]] == ["loading", "division by zero"]
    assert [r["message"] for r in errors_only["items"]] == ["division by zero"]
    assert families["bulk"]["total"] == BULK_TASKS
    assert families["report"]["counts"]["failed"] == 1
    assert builds == []


def test_errors_are_domain_errors(server: str) -> None:
    with StardagClient(server) as client, pytest.raises(ApiError) as bad_cursor:
        client.list_tasks(cursor="not-a-cursor")
    assert bad_cursor.value.status_code == 422
    offline = StardagClient(f"http://127.0.0.1:{free_port()}", timeout=1)
    with offline, pytest.raises(ServerUnreachable) as unreachable:
        offline.health()
    assert unreachable.value.reason == "connection refused"
    with pytest.raises(ServerUnreachable):
        StardagClient("ftp://example.org")
