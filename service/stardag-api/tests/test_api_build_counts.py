"""A build's maintained counts (runs, tasks per state) stay exact: replayed and concurrent
batches of one build, retries, rollups racing the writers, retention, deleted builds;
compared with COUNT(*) over build_tasks and runs. The builds list names at most 20
failed tasks per build, the build's own page all of them."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.core.config import sqlalchemy_url
from stardag_api.store.build_counts import roll_up_build_counts
from stardag_api.store.retention import prune_runs
from stardag_testing import LiveServer

Counts = tuple[int, dict[str, int]]


def true_counts(database_url: str, build_id: str) -> Counts:
    """(runs, tasks per state) of the build, counted from the rows themselves."""
    with psycopg.connect(database_url) as conn:
        runs = conn.execute("SELECT count(*) FROM runs WHERE build_id = %s", [build_id]).fetchone()
        states = conn.execute(
            "SELECT state, count(*) FROM build_tasks WHERE build_id = %s GROUP BY state",
            [build_id],
        ).fetchall()
    assert runs is not None
    return runs[0], dict(states)


def served_counts(build: dict[str, Any]) -> Counts:
    return build["task_count"], build["state_counts"]


def listed(client: httpx.Client | TestClient, build_id: str) -> Any:
    items = client.get("/api/v1/builds", params={"limit": 500}).json()["items"]
    [build] = [item for item in items if item["build_id"] == build_id]
    return build


def roll_up(database_url: str) -> None:
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with Session(engine) as session, session.begin():
            roll_up_build_counts(session)
    finally:
        engine.dispose()


def post(client: httpx.Client | TestClient, events: list[dict[str, Any]]) -> None:
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 200, response.text


def task(family: str) -> dict[str, Any]:
    return {"task_id": str(uuid.uuid4()), "namespace": "build_counts", "family": family}


def started(build_id: str) -> dict[str, Any]:
    return {"type": "build_started", "build": {"build_id": build_id}}


def states(build_id: str, task_ids: list[str], state: str) -> dict[str, Any]:
    return {
        "type": "task_states",
        "build_id": build_id,
        "states": [{"task_id": task_id, "state": state} for task_id in task_ids],
    }


def run_events(build_id: str, task_id: str, outcome: str | None) -> list[dict[str, Any]]:
    run_id = str(uuid.uuid4())
    events: list[dict[str, Any]] = [
        {"type": "run_started", "run": {"run_id": run_id, "task_id": task_id, "build_id": build_id}}
    ]
    if outcome is not None:
        events.append({"type": "run_finished", "run_id": run_id, "finish": {"status": outcome}})
    return events


def writer_batches(build_id: str, task_ids: list[str], seed: int) -> list[list[dict[str, Any]]]:
    """Batches one writer of the build sends: its tasks pending, then run (most finish;
    a failed one is retried once, as a build with retries does), in chunks of 10."""
    rng = random.Random(seed)
    batches: list[list[dict[str, Any]]] = []
    for start in range(0, len(task_ids), 10):
        chunk = task_ids[start : start + 10]
        batch = [states(build_id, chunk, "pending")]
        for task_id in chunk:
            outcome = rng.choice(["completed", "failed", None])
            batch += run_events(build_id, task_id, outcome)
            if outcome == "failed" and rng.random() < 0.5:
                batch += run_events(build_id, task_id, "completed")
        batch.append(states(build_id, chunk[:2], "skipped"))  # ran: a report changes nothing
        batches.append(batch)
    return batches


def test_concurrent_replayed_batches_of_one_build_count_exactly(
    live_server: LiveServer, api_database_url: str
) -> None:
    """Two writers (two connections) send one build's batches at once, then replay them all,
    while another thread keeps folding the deltas."""
    build_id = str(uuid.uuid4())
    tasks = [task("counted_build") for _ in range(160)]
    task_ids = [t["task_id"] for t in tasks]
    with httpx.Client(base_url=live_server.url, timeout=120) as client:
        post(client, [{"type": "task_registered", "task": t} for t in tasks] + [started(build_id)])
    writers = [writer_batches(build_id, task_ids[i::2], seed=i) for i in range(2)]
    # Both writers also report every task cancelled at first: the same rows from both.
    shared = [states(build_id, task_ids, "cancelled")]
    stop = threading.Event()

    def keep_rolling_up() -> None:
        while not stop.is_set():
            roll_up(api_database_url)

    def send(batches: list[list[dict[str, Any]]]) -> None:
        with httpx.Client(base_url=live_server.url, timeout=120) as client:
            for batch in [shared, *batches, shared, *batches]:
                post(client, batch)

    roller = threading.Thread(target=keep_rolling_up)
    roller.start()
    try:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for future in [pool.submit(send, batches) for batches in writers]:
                future.result()
    finally:
        stop.set()
        roller.join()
    expected = true_counts(api_database_url, build_id)
    assert expected[0] > len(tasks) // 2  # runs, retries among them
    assert sum(expected[1].values()) == len(tasks)
    assert {"completed", "failed", "running"} <= set(expected[1])
    with httpx.Client(base_url=live_server.url, timeout=120) as client:
        assert served_counts(client.get(f"/api/v1/builds/{build_id}").json()) == expected
        assert served_counts(listed(client, build_id)) == expected
        roll_up(api_database_url)
        assert served_counts(client.get(f"/api/v1/builds/{build_id}").json()) == expected


def test_the_list_names_the_first_20_failed_tasks_and_the_page_all(
    client: TestClient, new_id: Callable[[], str]
) -> None:
    build_id = new_id()
    tasks = [task("fails_often") for _ in range(25)]
    begin = datetime(2026, 1, 1, tzinfo=UTC)
    events: list[dict[str, Any]] = [{"type": "task_registered", "task": t} for t in tasks]
    events.append(started(build_id))
    # Finished in reverse order of registration: the lists follow the finish.
    for i, t in enumerate(reversed(tasks)):
        run_id = new_id()
        at = (begin + timedelta(seconds=i)).isoformat()
        events.append(
            {
                "type": "run_started",
                "run": {"run_id": run_id, "task_id": t["task_id"], "build_id": build_id},
            }
        )
        events.append(
            {
                "type": "run_finished",
                "run_id": run_id,
                "finish": {"status": "failed", "finished_at": at, "error_message": "no"},
            }
        )
    post(client, events)
    in_finish_order = [t["task_id"] for t in reversed(tasks)]
    page = client.get(f"/api/v1/builds/{build_id}").json()
    assert page["failed_task_ids"] == in_finish_order
    assert page["state_counts"] == {"failed": 25} and page["task_count"] == 25
    assert page["first_failure"]["task_id"] == in_finish_order[0]
    listing = listed(client, build_id)
    assert listing["failed_task_ids"] == in_finish_order[:20]
    assert listing["state_counts"] == {"failed": 25} and listing["task_count"] == 25


def test_retention_and_deleted_builds_leave_no_counts_behind(
    client: TestClient, api_database_url: str, new_id: Callable[[], str]
) -> None:
    """Pruned runs leave the build's run count; a deleted build leaves no count rows (its
    build tasks go with it, its runs stay without a build)."""
    build_id = new_id()
    [old, new, skipped] = [task("retained") for _ in range(3)]
    long_ago = (datetime.now(UTC) - timedelta(days=400)).isoformat()
    events: list[dict[str, Any]] = [
        {"type": "task_registered", "task": old},
        {"type": "task_registered", "task": new},
        started(build_id),
        states(build_id, [old["task_id"], new["task_id"]], "pending"),
    ]
    for task_id, at in ((old["task_id"], long_ago), (old["task_id"], None), (new["task_id"], None)):
        run_id = new_id()
        run = {"run_id": run_id, "task_id": task_id, "build_id": build_id, "started_at": at}
        events.append({"type": "run_started", "run": run})
        events.append({"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}})
    post(client, events)
    assert served_counts(client.get(f"/api/v1/builds/{build_id}").json()) == (
        3,
        {"completed": 2},
    )
    engine = create_engine(sqlalchemy_url(api_database_url))
    try:
        with Session(engine) as session:
            prune_runs(session, datetime.now(UTC) - timedelta(days=300))
    finally:
        engine.dispose()
    after_prune = true_counts(api_database_url, build_id)
    assert after_prune == (2, {"completed": 2})
    assert served_counts(client.get(f"/api/v1/builds/{build_id}").json()) == after_prune

    # Folded counts and a delta not yet folded (one more skipped task): both must go.
    roll_up(api_database_url)
    post(
        client,
        [
            {"type": "task_registered", "task": skipped},
            states(build_id, [skipped["task_id"]], "skipped"),
        ],
    )
    with psycopg.connect(api_database_url) as conn:
        conn.execute("DELETE FROM builds WHERE build_id = %s", [build_id])
    roll_up(api_database_url)
    with psycopg.connect(api_database_url) as conn:
        left = conn.execute(
            "SELECT (SELECT count(*) FROM build_counts WHERE build_id = %(b)s),"
            " (SELECT count(*) FROM build_count_deltas WHERE build_id = %(b)s),"
            " (SELECT count(*) FROM build_tasks WHERE build_id = %(b)s),"
            " (SELECT count(*) FROM runs WHERE task_id IN (%(old)s, %(new)s)"
            "  AND build_id IS NULL)",
            {"b": build_id, "old": old["task_id"], "new": new["task_id"]},
        ).fetchone()
    assert left == (0, 0, 0, 2)
    assert client.get(f"/api/v1/builds/{build_id}").status_code == 404


def test_counts_that_fall_to_zero_are_dropped_by_the_rollup(
    client: TestClient, api_database_url: str, new_id: Callable[[], str]
) -> None:
    """A finished build keeps count rows only for the states its tasks ended in."""
    build_id = new_id()
    tasks = [task("ends_well") for _ in range(3)]
    task_ids = [t["task_id"] for t in tasks]
    post(
        client,
        [{"type": "task_registered", "task": t} for t in tasks]
        + [started(build_id), states(build_id, task_ids, "pending")],
    )
    roll_up(api_database_url)
    post(client, [e for t in task_ids for e in run_events(build_id, t, "completed")])
    roll_up(api_database_url)
    with psycopg.connect(api_database_url) as conn:
        rows = conn.execute(
            "SELECT key, n FROM build_counts WHERE build_id = %s ORDER BY key", [build_id]
        ).fetchall()
    assert rows == [("completed", 3), ("runs", 3)]
    assert served_counts(client.get(f"/api/v1/builds/{build_id}").json()) == (
        3,
        {"completed": 3},
    )
