"""Closures and graphs larger than one streamed chunk come out whole, ordered and cut right."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.main import create_app
from stardag_api.store.closure import CHUNK_ROWS
from stardag_testing import LOOPBACK

WIDE = 2 * CHUNK_ROWS + 500  # three chunks
PARTS = -(-WIDE // 1000)


def _fan_in(
    register: Callable[..., list[str]], make_task: Callable[..., dict[str, Any]]
) -> tuple[list[str], str]:
    """``WIDE`` sources under ``PARTS`` middle tasks (1,000 sources each) under one sink."""
    sources = [make_task("source", parameters={"i": i}) for i in range(WIDE)]
    for k in range(0, WIDE, 1000):
        register(*sources[k : k + 1000])
    ids = [s["task_id"] for s in sources]
    parts = [make_task("sink_part", dependencies=ids[k : k + 1000]) for k in range(0, WIDE, 1000)]
    register(*parts)
    sink = make_task("sink", dependencies=[p["task_id"] for p in parts])
    register(sink)
    return ids, sink["task_id"]


def test_upstream_closure_streams_every_chunk_in_order(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
) -> None:
    sources, sink = _fan_in(register, make_task)
    body = client.get(f"/api/v1/tasks/{sink}/upstream", params={"depth": 0, "limit": 100_000})
    assert body.status_code == 200
    items = body.json()["items"]
    assert len(items) == WIDE + PARTS and body.json()["truncated"] is False
    keys = [(item["depth"], item["task_id"]) for item in items]
    assert keys == sorted(keys)
    assert {item["task_id"] for item in items} >= set(sources)
    assert items[0]["family"] == "sink_part" and items[0]["status"] == "pending"

    cut = client.get(f"/api/v1/tasks/{sink}/upstream", params={"depth": 0, "limit": CHUNK_ROWS + 1})
    assert cut.json()["truncated"] is True
    assert [(i["depth"], i["task_id"]) for i in cut.json()["items"]] == keys[: CHUNK_ROWS + 1]


def test_graph_of_more_than_a_chunk_keeps_the_edges_among_its_nodes(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
) -> None:
    _, sink = _fan_in(register, make_task)
    graph = client.get(
        f"/api/v1/tasks/{sink}/graph",
        params={"direction": "upstream", "depth": 0, "max_nodes": 100_001},
    ).json()
    assert len(graph["nodes"]) == WIDE + PARTS + 1
    assert graph["nodes"][0]["task_id"] == sink and graph["nodes"][0]["depth"] == 0
    assert graph["truncated"] is False
    assert len(graph["edges"]) == WIDE + PARTS

    small = client.get(
        f"/api/v1/tasks/{sink}/graph",
        params={"direction": "upstream", "depth": 0, "max_nodes": 1500},
    ).json()
    node_ids = {node["task_id"] for node in small["nodes"]}
    assert len(node_ids) == 1500 and small["truncated"] is True
    assert all(
        e["upstream_id"] in node_ids and e["downstream_id"] in node_ids for e in small["edges"]
    )
    assert (
        client.get(f"/api/v1/tasks/{sink}/graph", params={"max_nodes": 100_002}).status_code == 422
    )


def test_a_closure_query_that_fails_gets_an_error_status_not_a_cut_body(
    client: TestClient,
    api_database_url: str,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
) -> None:
    """The walk runs before the response starts: a statement timeout is a 503, not a 200
    whose JSON stops after ``"items":[``."""
    upstream = make_task("source")
    sink = make_task("sink", dependencies=[upstream["task_id"]])
    register(upstream, sink)
    settings = Settings(
        database_url=api_database_url, stale_sweep_interval_seconds=0, db_statement_timeout_ms=300
    )
    with (
        TestClient(create_app(settings), base_url=LOOPBACK, raise_server_exceptions=False) as api,
        psycopg.connect(api_database_url) as blocker,
    ):
        blocker.execute("LOCK TABLE task_edges IN ACCESS EXCLUSIVE MODE")  # the walk must wait
        for path in ("upstream", "graph", "graph/compact"):
            response = api.get(f"/api/v1/tasks/{sink['task_id']}/{path}", params={"depth": 0})
            assert response.status_code == 503, (path, response.text[:200])
            assert response.json()["code"]
        blocker.rollback()
    ok = client.get(f"/api/v1/tasks/{sink['task_id']}/upstream").json()["items"]
    assert [item["task_id"] for item in ok] == [upstream["task_id"]]
