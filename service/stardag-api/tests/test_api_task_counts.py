"""Family/status counts kept by triggers + rollup stay exact: concurrent writers, replays,
rollups racing the writers; compared with COUNT(*) over the task states."""

from __future__ import annotations

import random
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psycopg
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.core.config import sqlalchemy_url
from stardag_api.schemas.common import TaskStatus
from stardag_api.schemas.tasks import FamiliesPublic
from stardag_api.store.task_counts import roll_up_task_counts
from stardag_testing import LiveServer

STATUSES = ("pending", "running", "completed", "failed", "upstream_failed")


def dag_of_families(families: list[str], n_tasks: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    tasks: list[dict[str, Any]] = []
    for i in range(n_tasks):
        deps = [tasks[j]["task_id"] for j in rng.sample(range(i), min(i, 2))]
        tasks.append(
            {
                "task_id": str(uuid.uuid4()),
                "namespace": "counts",
                "family": families[i % len(families)],
                "parameters": {"i": i},
                "dependencies": deps,
                "complete": i % 11 == 0,
            }
        )
    return tasks


def writer_events(dag: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Register the DAG, then start runs of a random sample and finish most of them."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = [{"type": "task_registered", "task": t} for t in dag]
    for task in rng.sample(dag, len(dag) // 2):
        run_id = str(uuid.uuid4())
        events.append(
            {"type": "run_started", "run": {"run_id": run_id, "task_id": task["task_id"]}}
        )
        outcome = rng.choice(["completed", "failed", None])
        if outcome is not None:
            events.append({"type": "run_finished", "run_id": run_id, "finish": {"status": outcome}})
    return events


def post(url: str, events: list[dict[str, Any]]) -> None:
    response = httpx.post(url + "/api/v1/events", json={"events": events}, timeout=120)
    assert response.status_code == 200, response.text


def served_counts(url: str, families: list[str]) -> dict[tuple[str, str], int]:
    items = httpx.get(url + "/api/v1/families", params={"namespace": "counts"}).json()["items"]
    return {
        (item["family"], status): n
        for item in items
        if item["family"] in families
        for status, n in item["counts"].items()
        if n
    }


def true_counts(database_url: str, families: list[str]) -> dict[tuple[str, str], int]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT family, status, count(*) FROM task_states"
            " WHERE namespace = 'counts' AND family = ANY(%s) GROUP BY family, status",
            [families],
        ).fetchall()
    return {(family, status): n for family, status, n in rows}


def roll_up(database_url: str) -> None:
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with Session(engine) as session, session.begin():
            roll_up_task_counts(session)
    finally:
        engine.dispose()


def test_concurrent_writers_keep_counts_exact(
    live_server: LiveServer, api_database_url: str
) -> None:
    """Six writers post overlapping DAGs and runs while another thread keeps rolling up."""
    families = [f"counted_{uuid.uuid4().hex[:8]}" for _ in range(3)]
    dag = dag_of_families(families, 120, seed=1)
    stop = threading.Event()

    def keep_rolling_up() -> None:
        while not stop.is_set():
            roll_up(api_database_url)

    roller = threading.Thread(target=keep_rolling_up)
    roller.start()
    try:
        with ThreadPoolExecutor(max_workers=6) as pool:
            batches = [writer_events(dag, seed) for seed in range(6)]
            for future in [pool.submit(post, live_server.url, batch) for batch in batches]:
                future.result()
    finally:
        stop.set()
        roller.join()
    expected = true_counts(api_database_url, families)
    assert sum(expected.values()) == len(dag)
    assert len({status for _, status in expected}) >= 3  # runs moved tasks on
    assert served_counts(live_server.url, families) == expected
    roll_up(api_database_url)
    assert served_counts(live_server.url, families) == expected


def test_replayed_batches_count_once(live_server: LiveServer, api_database_url: str) -> None:
    families = [f"replayed_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    dag = dag_of_families(families, 40, seed=2)
    events = writer_events(dag, seed=3)
    post(live_server.url, events)
    after_first = served_counts(live_server.url, families)
    for _ in range(3):
        post(live_server.url, events)
    assert served_counts(live_server.url, families) == after_first
    assert after_first == true_counts(api_database_url, families)
    assert sum(after_first.values()) == len(dag)


def test_counts_follow_every_kind_of_status_write(
    live_server: LiveServer, api_database_url: str
) -> None:
    """Found complete, upstream_failed, the per-run REST writes: each moves the counts."""
    family = f"kinds_{uuid.uuid4().hex[:8]}"
    dag = dag_of_families([family], 6, seed=4)
    for task in dag:
        task["complete"] = False
    with httpx.Client(base_url=live_server.url, timeout=60) as client:
        assert client.post("/api/v1/tasks/batch", json={"tasks": dag}).status_code == 200
        assert served_counts(live_server.url, [family]) == {(family, "pending"): 6}
        again = [{**dag[0], "complete": True}]
        assert client.post("/api/v1/tasks/batch", json={"tasks": again}).status_code == 200
        build_id = str(uuid.uuid4())
        started = {"type": "build_started", "build": {"build_id": build_id, "root_task_ids": []}}
        blocked = {
            "type": "task_states",
            "build_id": build_id,
            "states": [
                {
                    "task_id": dag[1]["task_id"],
                    "state": "upstream_failed",
                    "cause_task_id": dag[2]["task_id"],
                }
            ],
        }
        response = client.post("/api/v1/events", json={"events": [started, blocked]})
        assert response.status_code == 200, response.text
        run = client.post(
            "/api/v1/runs", json={"run_id": str(uuid.uuid4()), "task_id": dag[2]["task_id"]}
        )
        assert run.status_code == 201, run.text
    assert served_counts(live_server.url, [family]) == {
        (family, "pending"): 3,
        (family, "completed"): 1,
        (family, "upstream_failed"): 1,
        (family, "running"): 1,
    }
    assert served_counts(live_server.url, [family]) == true_counts(api_database_url, [family])


def test_families_document_lists_every_status_in_code_point_order(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
) -> None:
    """The document PostgreSQL renders is a valid ``FamiliesPublic``: families sorted as
    Python sorts text (not by the database's collation), every status with a count."""
    namespace = f"order_{uuid.uuid4().hex[:6]}"
    names = ["beta", "Zeta", "alpha", "Ärger", "a-b", "a_b", "B"]
    bodies = [make_task(name, namespace=namespace) for name in names for _ in range(2)]
    register(*bodies)
    register(make_task("beta", namespace=namespace, complete=True))
    response = client.get("/api/v1/families", params={"namespace": namespace})
    assert response.status_code == 200
    document = FamiliesPublic.model_validate(response.json())
    assert [item.family for item in document.items] == sorted(names)
    beta = next(item for item in document.items if item.family == "beta")
    assert tuple(beta.counts) == STATUSES and sum(beta.counts.values()) == beta.total == 3
    assert beta.counts[TaskStatus.COMPLETED] == 1 and beta.counts[TaskStatus.PENDING] == 2
    empty = client.get("/api/v1/families", params={"namespace": f"none_{uuid.uuid4().hex}"})
    assert empty.json() == {"items": []}
