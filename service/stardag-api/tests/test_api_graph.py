"""Single tasks by id/prefix, closures (diamond, deep chain) and the graph view."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from stardag_api.schemas.tasks import TaskPublic


def test_upstream_of_diamond_lists_shared_ancestor_once(
    client: TestClient, diamond: dict[str, dict[str, Any]]
) -> None:
    bottom = diamond["bottom"]["task_id"]
    direct = client.get(f"/api/v1/tasks/{bottom}/upstream").json()
    assert sorted(i["task_id"] for i in direct["items"]) == sorted(
        [diamond["left"]["task_id"], diamond["right"]["task_id"]]
    )
    everything = client.get(f"/api/v1/tasks/{bottom}/upstream", params={"depth": 0}).json()
    depths = {item["task_id"]: item["depth"] for item in everything["items"]}
    assert depths == {
        diamond["left"]["task_id"]: 1,
        diamond["right"]["task_id"]: 1,
        diamond["top"]["task_id"]: 2,
    }
    assert everything["truncated"] is False


def test_downstream_of_diamond(client: TestClient, diamond: dict[str, dict[str, Any]]) -> None:
    top = diamond["top"]["task_id"]
    result = client.get(f"/api/v1/tasks/{top}/downstream", params={"depth": 0}).json()
    assert {i["task_id"]: i["depth"] for i in result["items"]}[diamond["bottom"]["task_id"]] == 2
    assert len(result["items"]) == 3


def test_deep_chain_closure_respects_depth_and_limit(
    client: TestClient, register: Callable[..., list[str]], make_task: Callable[..., dict[str, Any]]
) -> None:
    chain: list[dict[str, Any]] = [make_task("step", parameters={"i": 0})]
    for i in range(1, 300):
        chain.append(make_task("step", parameters={"i": i}, dependencies=[chain[-1]["task_id"]]))
    register(*chain)
    tip = chain[-1]["task_id"]
    full = client.get(f"/api/v1/tasks/{tip}/upstream", params={"depth": 0}).json()
    assert len(full["items"]) == 299
    assert full["items"][-1] == {**full["items"][-1], "task_id": chain[0]["task_id"], "depth": 299}
    three = client.get(f"/api/v1/tasks/{tip}/upstream", params={"depth": 3}).json()
    assert [i["depth"] for i in three["items"]] == [1, 2, 3]
    capped = client.get(f"/api/v1/tasks/{tip}/upstream", params={"depth": 0, "limit": 10}).json()
    assert len(capped["items"]) == 10
    assert capped["truncated"] is True
    root_down = client.get(f"/api/v1/tasks/{chain[0]['task_id']}/downstream", params={"depth": 0})
    assert len(root_down.json()["items"]) == 299


def test_graph_has_root_nodes_and_edges(
    client: TestClient, diamond: dict[str, dict[str, Any]]
) -> None:
    left = diamond["left"]["task_id"]
    graph = client.get(f"/api/v1/tasks/{left}/graph").json()
    assert graph["root_id"] == left
    nodes = {node["task_id"]: node["depth"] for node in graph["nodes"]}
    assert nodes == {left: 0, diamond["top"]["task_id"]: 1, diamond["bottom"]["task_id"]: 1}
    edges = {(e["upstream_id"], e["downstream_id"]) for e in graph["edges"]}
    assert edges == {
        (diamond["top"]["task_id"], left),
        (left, diamond["bottom"]["task_id"]),
    }
    assert graph["truncated"] is False
    small = client.get(
        f"/api/v1/tasks/{diamond['bottom']['task_id']}/graph", params={"max_nodes": 2}
    )
    assert len(small.json()["nodes"]) == 2
    assert small.json()["truncated"] is True
    up_only = client.get(f"/api/v1/tasks/{left}/graph", params={"direction": "upstream"}).json()
    assert {n["task_id"] for n in up_only["nodes"]} == {left, diamond["top"]["task_id"]}


def test_graph_nodes_are_the_tasks_as_listed(
    client: TestClient, diamond: dict[str, dict[str, Any]], new_id: Callable[[], str]
) -> None:
    """The graph's nodes (rendered by PostgreSQL) carry every task field, equal to the
    task's own answer, plus their depth; a run's times come through too."""
    run_id = new_id()
    started = client.post(
        "/api/v1/runs", json={"run_id": run_id, "task_id": diamond["left"]["task_id"]}
    )
    assert started.status_code == 201, started.text
    client.post(f"/api/v1/runs/{run_id}/finish", json={"status": "completed"})
    bottom = diamond["bottom"]["task_id"]
    graph = client.get(f"/api/v1/tasks/{bottom}/graph", params={"depth": 0}).json()
    assert [node["depth"] for node in graph["nodes"]] == [0, 1, 1, 2]
    for node in graph["nodes"]:
        task = TaskPublic.model_validate(client.get(f"/api/v1/tasks/{node['task_id']}").json())
        assert TaskPublic.model_validate(node) == task
    assert len(graph["edges"]) == 4


def test_compact_graph_is_the_graph_with_index_edges(
    client: TestClient, diamond: dict[str, dict[str, Any]]
) -> None:
    """``/graph/compact`` has the same nodes in the same order, with only the drawn
    fields, and the same edges as index pairs; the same 404 and 422 as ``/graph``."""
    left = diamond["left"]["task_id"]
    for params in ({}, {"depth": 0}, {"direction": "upstream"}, {"max_nodes": 2}):
        full = client.get(f"/api/v1/tasks/{left}/graph", params=params).json()
        compact = client.get(f"/api/v1/tasks/{left}/graph/compact", params=params).json()
        assert (compact["root_id"], compact["truncated"]) == (full["root_id"], full["truncated"])
        fields = ["task_id", "namespace", "family", "status", "parameters", "depth"]
        assert compact["nodes"] == [{f: node[f] for f in fields} for node in full["nodes"]]
        ids = [node["task_id"] for node in compact["nodes"]]
        pairs = sorted((ids[a], ids[b]) for a, b in compact["edges"])
        assert pairs == sorted((e["upstream_id"], e["downstream_id"]) for e in full["edges"])
    unknown = client.get("/api/v1/tasks/00000000-0000-4000-8000-00000000dead/graph/compact")
    assert unknown.status_code == 404
    too_deep = client.get(f"/api/v1/tasks/{left}/graph/compact", params={"depth": -1})
    assert too_deep.status_code == 422


def test_graph_node_cap_bounds(client: TestClient, diamond: dict[str, dict[str, Any]]) -> None:
    top = diamond["top"]["task_id"]
    assert (
        client.get(f"/api/v1/tasks/{top}/graph", params={"max_nodes": 100_001}).status_code == 200
    )
    too_many = client.get(f"/api/v1/tasks/{top}/graph", params={"max_nodes": 100_002})
    assert too_many.status_code == 422
    assert too_many.json()["code"] == "invalid_input"


def test_task_by_unique_prefix_and_counts(
    client: TestClient, diamond: dict[str, dict[str, Any]]
) -> None:
    left = diamond["left"]["task_id"]
    detail = client.get(f"/api/v1/tasks/{left[:13]}")
    assert detail.status_code == 200
    assert detail.json()["task_id"] == left
    assert detail.json()["upstream_count"] == 1
    assert detail.json()["downstream_count"] == 1


def test_ambiguous_prefix_is_409_with_candidates(
    client: TestClient, register: Callable[..., list[str]], make_task: Callable[..., dict[str, Any]]
) -> None:
    first = make_task(task_id="abcd1234-0000-4000-8000-000000000001")
    second = make_task(task_id="abcd1234-0000-4000-8000-000000000002")
    register(first, second)
    response = client.get("/api/v1/tasks/abcd1234-0000")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "ambiguous_prefix"
    assert {first["task_id"], second["task_id"]} <= set(body["candidates"])


def test_unknown_and_malformed_task_ids(client: TestClient) -> None:
    missing = client.get("/api/v1/tasks/00000000-0000-4000-8000-00000000dead")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert client.get("/api/v1/tasks/not-an-id").status_code == 422
    assert client.get("/api/v1/tasks/abc").status_code == 422  # too short a prefix
    assert (
        client.get("/api/v1/tasks/00000000-0000-4000-8000-00000000dead/upstream").status_code == 404
    )


def test_task_runs_newest_first(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    [task_id] = register(make_task())
    first, second = new_id(), new_id()
    client.post(
        "/api/v1/runs",
        json={"run_id": first, "task_id": task_id, "started_at": "2025-01-01T00:00:00Z"},
    )
    client.post(f"/api/v1/runs/{first}/finish", json={"status": "failed", "error_message": "boom"})
    client.post(
        "/api/v1/runs",
        json={"run_id": second, "task_id": task_id, "started_at": "2025-01-02T00:00:00Z"},
    )
    runs = client.get(f"/api/v1/tasks/{task_id}/runs").json()["items"]
    assert [r["run_id"] for r in runs] == [second, first]
    assert runs[1]["error_message"] == "boom"
    assert client.get(f"/api/v1/tasks/{task_id}").json()["status"] == "running"
