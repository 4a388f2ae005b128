"""Builds as users see them: per-build task states recorded by real builds.

A failed middle task leaves its downstream ``upstream_failed`` naming it (in the
build and on the task), complete tasks are ``skipped`` in the build that found them,
and each task's ``updated_at`` is the client's time of its own last event.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import apiregistry_helpers as helpers
import pytest
import stardag as sd
from apiregistry_helpers import Api, LiveServer, migrate
from stardag.registry.api import APIRegistry

NS = "build-states-tests"


@sd.task(namespace=NS)
def source(size: int) -> list[int]:
    return list(range(size))


@sd.task(namespace=NS)
def middle(values: sd.Depends[list[int]], explode: bool) -> list[int]:
    if explode:
        raise RuntimeError("middle exploded")
    return [value * 2 for value in values]


@sd.task(namespace=NS)
def downstream(values: sd.Depends[list[int]]) -> int:
    return sum(values)


@sd.task(namespace=NS)
def final(value: sd.Depends[int]) -> int:
    return value + 1


def chain(size: int, explode: bool) -> Any:
    return final(value=downstream(values=middle(values=source(size=size), explode=explode)))


@pytest.fixture(scope="module")
def server(postgres_admin_url: str) -> Iterator[Any]:
    url = helpers.create_database(postgres_admin_url, prefix="stardag_states")
    migrate(url)
    live = LiveServer(url).start()
    yield live
    live.stop()
    helpers.drop_database(postgres_admin_url, url)


def build_states(api: Api, build_id: str) -> dict[str, dict[str, Any]]:
    detail = api.get(f"/api/v1/builds/{build_id}")
    return {task["task_id"]: task for task in detail["tasks"]}


def test_failed_middle_task_leaves_downstream_upstream_failed(
    server: Any, stardag_home: Path
) -> None:
    registry = APIRegistry(server.url)
    root = chain(5, explode=True)
    first, mid, down = root.value.values.values, root.value.values, root.value
    summary = sd.build(root, registry=registry)
    assert summary.status == sd.BuildExitStatus.FAILURE
    build_id = str(summary.build_id)
    api = Api(server.url)

    states = build_states(api, build_id)
    assert {task_id: task["state"] for task_id, task in states.items()} == {
        first.task_id: "completed",
        mid.task_id: "failed",
        down.task_id: "upstream_failed",
        root.task_id: "upstream_failed",
    }
    assert states[down.task_id]["cause_task_id"] == mid.task_id
    assert states[root.task_id]["cause_task_id"] == mid.task_id  # named through the chain
    # The task itself no longer looks queued.
    assert api.task(down.task_id)["status"] == "upstream_failed"
    assert api.task(root.task_id)["status"] == "upstream_failed"

    detail = api.get(f"/api/v1/builds/{build_id}")
    assert detail["status"] == "failed"
    assert detail["state_counts"] == {"completed": 1, "failed": 1, "upstream_failed": 2}
    assert detail["failed_task_ids"] == [mid.task_id]
    failed_first = detail["first_failure"]
    assert failed_first["task_id"] == mid.task_id
    assert "RuntimeError: middle exploded" in failed_first["traceback"]
    assert set(failed_first["blocked_task_ids"]) == {down.task_id, root.task_id}
    counts = {f["family"]: f["counts"] for f in api.get("/api/v1/families")["items"]}
    assert counts["downstream"]["upstream_failed"] >= 1
    registry.close()


def test_complete_tasks_are_skipped_in_the_next_build(server: Any, stardag_home: Path) -> None:
    registry = APIRegistry(server.url)
    base = source(size=7)
    sd.build(base, registry=registry)
    root = downstream(values=middle(values=base, explode=False))
    summary = sd.build(root, registry=registry)
    states = build_states(Api(server.url), str(summary.build_id))
    assert states[base.task_id]["state"] == "skipped"
    assert states[base.task_id]["run_id"] is None
    assert states[root.task_id]["state"] == "completed"
    registry.close()


def test_each_task_is_updated_at_its_own_last_event(server: Any, stardag_home: Path) -> None:
    registry = APIRegistry(server.url)
    root = chain(9, explode=False)
    sd.build(root, registry=registry)
    api = Api(server.url)
    tasks = [root.value.values.values, root.value.values, root.value, root]
    updated = [datetime.fromisoformat(api.task(task.task_id)["updated_at"]) for task in tasks]
    finished = [datetime.fromisoformat(api.runs(task.task_id)[0]["finished_at"]) for task in tasks]
    assert updated == finished  # the client's finish time of each run
    assert updated == sorted(updated) and len(set(updated)) == len(updated)
    registry.close()


@sd.task(namespace=NS)
def flaky(attempt: int, fail: bool) -> int:
    if fail:
        raise ValueError(f"attempt {attempt} failed")
    return attempt


def test_statistics_per_family_and_task(server: Any, stardag_home: Path) -> None:
    registry = APIRegistry(server.url)
    for attempt in range(4):
        summary = sd.build(flaky(attempt=attempt, fail=True), registry=registry)
        assert summary.status == sd.BuildExitStatus.FAILURE
    for attempt in range(4, 10):
        sd.build(flaky(attempt=attempt, fail=False), registry=registry)
    api = Api(server.url)

    families = {item["family"]: item for item in api.get("/api/v1/stats/families")["items"]}
    stats = families["flaky"]
    assert (stats["runs"], stats["completed"], stats["failed"]) == (10, 6, 4)
    assert stats["success_rate"] == pytest.approx(0.6)
    assert 0 <= stats["p50_seconds"] <= stats["p95_seconds"]
    (today,) = stats["trend"]
    assert (today["runs"], today["failed"]) == (10, 4)

    tasks = api.get("/api/v1/stats/tasks", limit=100)
    failing = [t for t in tasks["most_failing"] if t["family"] == "flaky"]
    assert len(failing) == 4 and all(t["failed"] == 1 for t in failing)
    assert failing[0]["last_error"].startswith("ValueError: attempt")
    assert tasks["slowest"][0]["max_seconds"] >= tasks["slowest"][-1]["max_seconds"]
    assert api.client.get("/api/v1/stats/families", params={"days": 0}).status_code == 422
    registry.close()
