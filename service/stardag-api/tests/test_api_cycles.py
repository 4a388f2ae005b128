"""The dependency graph stays acyclic: a write closing a cycle is a 422 naming it."""

from __future__ import annotations

import itertools
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.main import create_app
from stardag_api.store.cycles import CYCLE_CHECK_LOCK, find_cycle
from stardag_testing import LOOPBACK


def test_re_registration_closing_a_cycle_is_422(
    client: TestClient, register: Callable[..., list[str]], make_task: Callable[..., dict[str, Any]]
) -> None:
    a = make_task("a")
    b = make_task("b", dependencies=[a["task_id"]])
    register(a, b)
    again = {**a, "dependencies": [b["task_id"]]}  # A -> B -> A
    response = client.post("/api/v1/tasks", json=again)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "invalid_input"
    assert "cycle" in body["detail"]
    assert set(body["cycle"]) == {a["task_id"], b["task_id"]}
    assert a["task_id"] in body["detail"] and b["task_id"] in body["detail"]
    upstream = client.get(f"/api/v1/tasks/{a['task_id']}/upstream", params={"depth": 0})
    assert upstream.json()["items"] == []  # the edge was not stored


def test_a_batch_with_all_pairs_edges_is_refused_whole(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    tasks = [make_task("pairs") for _ in range(60)]
    ids = [task["task_id"] for task in tasks]
    for task in tasks:
        task["dependencies"] = [other for other in ids if other != task["task_id"]]
    response = client.post("/api/v1/tasks/batch", json={"tasks": tasks})
    assert response.status_code == 422, response.text
    cycle = response.json()["cycle"]
    assert len(cycle) >= 2 and set(cycle) <= set(ids)
    assert client.get(f"/api/v1/tasks/{ids[0]}").status_code == 404  # nothing written


def test_the_same_cycle_through_events_is_refused(
    client: TestClient, make_task: Callable[..., dict[str, Any]]
) -> None:
    a, b = make_task("ev_a"), make_task("ev_b")
    a["dependencies"], b["dependencies"] = [b["task_id"]], [a["task_id"]]
    events = [{"type": "task_registered", "task": task} for task in (a, b)]
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 422
    assert "cycle" in response.json()["detail"]


def test_dags_with_shared_ancestors_are_accepted(
    client: TestClient, register: Callable[..., list[str]], diamond: dict[str, dict[str, Any]]
) -> None:
    # A diamond re-registered, and a deep chain on top: no false cycles.
    register(*diamond.values())
    chain = [diamond["bottom"]]
    for _ in range(50):
        chain.append({**chain[-1], "task_id": str(uuid.uuid4()), "dependencies": []})
        chain[-1]["dependencies"] = [chain[-2]["task_id"]]
    register(*chain[1:])


def test_find_cycle() -> None:
    a, b, c, d = (uuid.uuid4() for _ in range(4))
    assert find_cycle([(a, b), (b, c), (a, c), (c, d)]) is None
    cycle = find_cycle([(a, b), (b, c), (c, d), (d, b)])
    assert cycle is not None and set(cycle) == {b, c, d}
    edges = list(itertools.permutations([a, b, c], 2))
    assert find_cycle(edges) is not None


def test_a_cycle_through_stored_and_new_edges_is_refused(
    client: TestClient, register: Callable[..., list[str]], make_task: Callable[..., dict[str, Any]]
) -> None:
    a = make_task("mix_a")
    b = make_task("mix_b", dependencies=[a["task_id"]])
    register(a, b)  # stored: A -> B
    c = make_task("mix_c", dependencies=[b["task_id"]])  # new: B -> C
    again = {**a, "dependencies": [c["task_id"]]}  # new: C -> A
    response = client.post("/api/v1/tasks/batch", json={"tasks": [c, again]})
    assert response.status_code == 422, response.text
    assert set(response.json()["cycle"]) == {a["task_id"], b["task_id"], c["task_id"]}
    assert client.get(f"/api/v1/tasks/{c['task_id']}").status_code == 404


def test_two_concurrent_writes_each_adding_half_a_cycle_cannot_both_commit(
    api_database_url: str,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
) -> None:
    """A -> B in one request and B -> A in another, both past their inserts before either
    checks: the second checker sees the first's committed edge and is refused."""
    a, b = make_task("half_a"), make_task("half_b")
    register(a, b)
    halves = [{**a, "dependencies": [b["task_id"]]}, {**b, "dependencies": [a["task_id"]]}]
    settings = Settings(database_url=api_database_url, stale_sweep_interval_seconds=0)
    statuses: list[int] = []
    with psycopg.connect(api_database_url, autocommit=True) as blocker:
        # Both requests insert their edge, then queue on the check's lock held here.
        blocker.execute("SELECT pg_advisory_lock(%s)", (CYCLE_CHECK_LOCK,))
        with ExitStack() as started, ThreadPoolExecutor(2) as pool:
            apis = [
                started.enter_context(TestClient(create_app(settings), base_url=LOOPBACK))
                for _ in halves
            ]
            futures = [
                pool.submit(api.post, "/api/v1/tasks", json=body)
                for api, body in zip(apis, halves, strict=True)
            ]
            deadline = time.monotonic() + 30
            while _lock_waiters(blocker) < 2:
                assert time.monotonic() < deadline, "both writes should reach the cycle check"
                time.sleep(0.05)
            blocker.execute("SELECT pg_advisory_unlock(%s)", (CYCLE_CHECK_LOCK,))
            statuses = sorted(future.result().status_code for future in futures)
        edges = blocker.execute(
            "SELECT count(*) FROM task_edges WHERE upstream_id = ANY(%s)",
            ([uuid.UUID(a["task_id"]), uuid.UUID(b["task_id"])],),
        ).fetchone()
    assert statuses == [200, 422]
    assert edges == (1,)


def _lock_waiters(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = %s",
        (CYCLE_CHECK_LOCK & 0xFFFFFFFF,),
    ).fetchone()
    return int(row[0]) if row else 0
