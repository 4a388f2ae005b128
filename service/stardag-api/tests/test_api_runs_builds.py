"""The per-resource REST writes (runs, logs, builds) and their reads, as a client would use them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient


def test_run_lifecycle_through_rest(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    [task_id] = register(make_task())
    build_id, run_id = new_id(), new_id()
    build = client.post(
        "/api/v1/builds", json={"build_id": build_id, "root_task_ids": [task_id], "user": "ada"}
    )
    assert build.status_code == 201
    assert build.json()["status"] == "running"
    started = client.post(
        "/api/v1/runs",
        json={"run_id": run_id, "task_id": task_id, "build_id": build_id, "host": "box"},
    )
    assert started.status_code == 201
    assert started.json()["status"] == "running"
    assert started.json()["last_heartbeat_at"] is not None
    beat = client.post(f"/api/v1/runs/{run_id}/heartbeat", json={})
    assert beat.status_code == 200
    finished = client.post(
        f"/api/v1/runs/{run_id}/finish",
        json={"status": "failed", "error_message": "KeyError: 'x'", "traceback": "Traceback ..."},
    )
    assert finished.status_code == 200
    assert finished.json()["status"] == "failed"
    assert finished.json()["duration_seconds"] >= 0
    task = client.get(f"/api/v1/tasks/{task_id}").json()
    assert task["status"] == "failed"
    assert task["latest_run"]["error_message"] == "KeyError: 'x'"
    done = client.post(f"/api/v1/builds/{build_id}/finish", json={"status": "failed"})
    assert done.json()["status"] == "failed"
    assert done.json()["task_count"] == 1
    assert (
        client.post(f"/api/v1/builds/{build_id}/finish", json={"status": "completed"}).status_code
        == 409
    )
    recent = client.get("/api/v1/builds", params={"limit": 50}).json()["items"]
    assert build_id in [b["build_id"] for b in recent]


def test_logs_append_dedupe_filter_and_page(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    [task_id] = register(make_task())
    run_id = new_id()
    client.post("/api/v1/runs", json={"run_id": run_id, "task_id": task_id})
    records = [
        {
            "timestamp": f"2025-01-01T00:00:{i:02d}Z",
            "level": "ERROR" if i % 5 == 0 else "INFO",
            "logger": "train",
            "message": f"step {i}",
            "stream": "stdout" if i % 2 else "log",
            "seq": i,
        }
        for i in range(25)
    ]
    assert client.post(f"/api/v1/runs/{run_id}/logs", json={"records": records}).json() == {
        "appended": 25
    }
    # A replay (retry, offline spool) appends nothing: (run, seq) is stored once.
    assert client.post(f"/api/v1/runs/{run_id}/logs", json={"records": records}).json() == {
        "appended": 0
    }
    page = client.get(f"/api/v1/runs/{run_id}/logs", params={"limit": 10}).json()
    assert [r["message"] for r in page["items"]] == [f"step {i}" for i in range(10)]
    rest = client.get(
        f"/api/v1/runs/{run_id}/logs", params={"after_seq": page["next_after_seq"]}
    ).json()
    assert len(rest["items"]) == 15
    assert rest["next_after_seq"] is None
    errors = client.get(f"/api/v1/runs/{run_id}/logs", params={"level": "ERROR"}).json()
    assert [r["message"] for r in errors["items"]] == [f"step {i}" for i in range(0, 25, 5)]
    found = client.get(f"/api/v1/runs/{run_id}/logs", params={"search": "step 1"}).json()
    assert {r["message"] for r in found["items"]} == {"step 1"} | {
        f"step {i}" for i in range(10, 20)
    }


def test_run_for_unknown_task_or_build_is_422(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    [task_id] = register(make_task())
    unknown_task = client.post("/api/v1/runs", json={"run_id": new_id(), "task_id": new_id()})
    assert unknown_task.status_code == 422
    unknown_build = client.post(
        "/api/v1/runs", json={"run_id": new_id(), "task_id": task_id, "build_id": new_id()}
    )
    assert unknown_build.status_code == 422
    assert "build" in unknown_build.json()["detail"]


def test_serve_entry_point_migrates_and_serves(scratch_database_url: str, tmp_path: Path) -> None:
    """``python -m stardag_api.server`` on an empty database: prestart migrates, then serves."""
    port = 18000 + os.getpid() % 1000
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "stardag_api.server",
            "--port",
            str(port),
            "--database-url",
            scratch_database_url,
            "--log-level",
            "warning",
        ],
        stdout=open(tmp_path / "server.log", "wb"),  # noqa: SIM115
        stderr=subprocess.STDOUT,
        env={**os.environ, "STARDAG_UI_DIR": str(tmp_path)},
    )
    try:
        deadline = time.monotonic() + 60
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                if health.status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert health is not None and health.status_code == 200, (
            tmp_path / "server.log"
        ).read_text()
        assert health.json()["status"] == "ok"
    finally:
        process.terminate()
        process.wait(timeout=15)
