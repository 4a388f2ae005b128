"""The task list: filters, search, parameter equality, sorting and cursor pagination."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["task_id"] for item in response.json()["items"]]


@pytest.fixture
def catalogue(
    empty_registry: None,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
) -> dict[str, dict[str, Any]]:
    tasks = {
        "range10": make_task("get_range", namespace="demo", parameters={"limit": 10}),
        "range_str": make_task("get_range", namespace="demo", parameters={"limit": "10"}),
        "range20": make_task("get_range", namespace="demo", parameters={"limit": 20}),
        "train": make_task(
            "TrainModel", namespace="ml", parameters={"dataset": "penguins", "lr": 0.1}
        ),
        "nested": make_task("Evaluate", namespace="ml", parameters={"cfg": {"split": "test"}}),
    }
    register(*tasks.values())
    return tasks


def test_filters_by_family_namespace_and_status(
    client: TestClient, catalogue: dict[str, dict[str, Any]], new_id: Callable[[], str]
) -> None:
    ranges = ids(client.get("/api/v1/tasks", params={"family": "get_range"}))
    assert sorted(ranges) == sorted(
        catalogue[k]["task_id"] for k in ("range10", "range_str", "range20")
    )
    assert len(ids(client.get("/api/v1/tasks", params={"namespace": "ml"}))) == 2

    run_id = new_id()
    train_id = catalogue["train"]["task_id"]
    client.post("/api/v1/runs", json={"run_id": run_id, "task_id": train_id})
    assert ids(client.get("/api/v1/tasks", params={"status": "running"})) == [train_id]
    both = client.get("/api/v1/tasks", params=[("status", "running"), ("status", "pending")])
    assert len(ids(both)) == 5


def test_param_filter_matches_json_and_string_forms(
    client: TestClient, catalogue: dict[str, dict[str, Any]]
) -> None:
    found = ids(client.get("/api/v1/tasks", params={"param.limit": "10"}))
    assert sorted(found) == sorted(
        [catalogue["range10"]["task_id"], catalogue["range_str"]["task_id"]]
    )
    nested = ids(client.get("/api/v1/tasks", params={"param.cfg.split": "test"}))
    assert nested == [catalogue["nested"]["task_id"]]
    two = client.get("/api/v1/tasks", params={"param.dataset": "penguins", "param.lr": "0.1"})
    assert ids(two) == [catalogue["train"]["task_id"]]


def test_search_matches_id_prefix_family_prefix_and_parameter_values(
    client: TestClient, catalogue: dict[str, dict[str, Any]]
) -> None:
    train_id = catalogue["train"]["task_id"]
    assert train_id in ids(client.get("/api/v1/tasks", params={"search": train_id[:6]}))
    assert ids(client.get("/api/v1/tasks", params={"search": "trainm"})) == [train_id]
    assert ids(client.get("/api/v1/tasks", params={"search": "penguins"})) == [train_id]


def test_cursor_pagination_walks_every_task_once(
    client: TestClient, catalogue: dict[str, dict[str, Any]]
) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(10):
        params: dict[str, Any] = {"limit": 2, "sort": "created_asc"}
        if cursor:
            params["cursor"] = cursor
        page = client.get("/api/v1/tasks", params=params).json()
        seen += [item["task_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(task["task_id"] for task in catalogue.values())
    assert len(seen) == len(set(seen))


def test_sort_orders_are_reverses_of_each_other(
    client: TestClient, catalogue: dict[str, dict[str, Any]]
) -> None:
    newest_first = ids(client.get("/api/v1/tasks", params={"sort": "updated_desc"}))
    oldest_first = ids(client.get("/api/v1/tasks", params={"sort": "updated_asc"}))
    assert newest_first == list(reversed(oldest_first))


def test_time_range_filters(client: TestClient, catalogue: dict[str, dict[str, Any]]) -> None:
    assert ids(client.get("/api/v1/tasks", params={"created_after": "2999-01-01T00:00:00Z"})) == []
    assert (
        len(ids(client.get("/api/v1/tasks", params={"updated_before": "2999-01-01T00:00:00Z"})))
        == 5
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"param.": "1"}, "param."),
        ({"param.a..b": "1"}, "param.a..b"),
        ({"limit": "0"}, "limit"),
        ({"sort": "sideways"}, "sort"),
    ],
)
def test_bad_list_input_is_a_422_naming_the_field(
    client: TestClient, params: dict[str, str], field: str
) -> None:
    response = client.get("/api/v1/tasks", params=params)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == "invalid_input"
    assert field in body["detail"] or field in str(body["errors"])


def test_cursor_of_another_sort_is_rejected(
    client: TestClient, catalogue: dict[str, dict[str, Any]]
) -> None:
    page = client.get("/api/v1/tasks", params={"limit": 1}).json()
    response = client.get(
        "/api/v1/tasks", params={"cursor": page["next_cursor"], "sort": "created_asc"}
    )
    assert response.status_code == 422
    assert "sort" in response.json()["detail"]


def test_families_count_tasks_per_status(
    client: TestClient, catalogue: dict[str, dict[str, Any]]
) -> None:
    families = client.get("/api/v1/families").json()["items"]
    get_range = next(f for f in families if f["family"] == "get_range")
    assert get_range == {
        "namespace": "demo",
        "family": "get_range",
        "total": 3,
        "counts": {
            "pending": 3,
            "running": 0,
            "completed": 0,
            "failed": 0,
            "upstream_failed": 0,
        },
    }
    only_ml = client.get("/api/v1/families", params={"namespace": "ml"}).json()["items"]
    assert {f["family"] for f in only_ml} == {"TrainModel", "Evaluate"}


def test_stats_count_everything(client: TestClient, catalogue: dict[str, dict[str, Any]]) -> None:
    stats = client.get("/api/v1/stats").json()
    assert stats["tasks"] == 5
    assert stats["by_status"]["pending"] == 5
    assert stats["runs"] == 0


def test_searches_are_ordered_by_registration_time_whatever_the_sort(
    client: TestClient,
    empty_registry: None,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    tasks = [make_task("Sweep", parameters={"tag": "blue", "i": i}) for i in range(5)]
    for task in tasks:  # one at a time: created_at increases
        register(task)
    registered = [task["task_id"] for task in tasks]
    # The oldest task is updated last: first in updated_desc, still last in a search.
    client.post("/api/v1/runs", json={"run_id": new_id(), "task_id": registered[0]})
    assert ids(client.get("/api/v1/tasks", params={"family": "Sweep"}))[0] == registered[0]
    for query in ({"search": "blue"}, {"param.tag": "blue"}):
        for sort, expected in (
            ("updated_desc", registered[::-1]),
            ("created_desc", registered[::-1]),
            ("updated_asc", registered),
            ("created_asc", registered),
        ):
            seen: list[str] = []
            cursor = None
            while True:
                params = {
                    **query,
                    "sort": sort,
                    "limit": 2,
                    **({"cursor": cursor} if cursor else {}),
                }
                page = client.get("/api/v1/tasks", params=params)
                seen += ids(page)
                cursor = page.json()["next_cursor"]
                if cursor is None:
                    break
            assert seen == expected, (query, sort)
