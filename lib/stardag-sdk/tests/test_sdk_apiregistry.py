"""APIRegistry against a real service (uvicorn on a loopback port, real PostgreSQL)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiregistry_helpers import (
    Api,
    LiveServer,
    assert_dag_recorded,
    chain,
    diamond,
    free_port,
    migrate,
    new_id,
    report_build,
)
from stardag.registry.api import APIRegistry, probe_registry_server, sync_all_spools, sync_spool
from stardag.registry.models import RunFinish, RunStart, RunStatus


@pytest.fixture(scope="module")
def migrated_url(postgres_url: str) -> str:
    migrate(postgres_url)
    return postgres_url


@pytest.fixture(scope="module")
def server(migrated_url: str) -> Iterator[LiveServer]:
    live = LiveServer(migrated_url).start()
    yield live
    live.stop()


def make_registry(url: str, tmp_path: Path, **options: float) -> APIRegistry:
    return APIRegistry(url, spool_root=tmp_path / "spool", **options)  # type: ignore[arg-type]


def test_probe_tells_a_registry_from_nothing(server: LiveServer) -> None:
    assert probe_registry_server(server.url, timeout=2.0)
    assert not probe_registry_server(f"http://127.0.0.1:{free_port()}", timeout=0.2)
    assert not probe_registry_server("not a url", timeout=0.2)
    assert not probe_registry_server("http://127.0.0.1:port/", timeout=0.2)
    assert not probe_registry_server(server.url + "/api/v1/tasks", timeout=2.0)  # not /health


def test_diamond_build_is_recorded_with_statuses_edges_runs_and_logs(
    server: LiveServer, tmp_path: Path
) -> None:
    registry = make_registry(server.url, tmp_path)
    dag = diamond()
    build_id = report_build(registry, dag)
    registry.close()

    api = Api(server.url)
    assert_dag_recorded(api, dag)
    builds = {build["build_id"]: build for build in api.get("/api/v1/builds")["items"]}
    assert builds[build_id]["status"] == "completed"
    assert not registry.spooling
    assert registry.stats["rejected"] == 0


def test_failing_task_run_holds_its_error_and_traceback(server: LiveServer, tmp_path: Path) -> None:
    registry = make_registry(server.url, tmp_path)
    dag = diamond()
    failing = [dag.tasks[1].task_id]
    build_id = report_build(registry, dag, failing=failing)
    registry.close()

    api = Api(server.url)
    assert_dag_recorded(api, dag, failing=failing)
    assert api.task(dag.root.task_id)["status"] == "pending"  # never ran
    builds = {build["build_id"]: build for build in api.get("/api/v1/builds")["items"]}
    assert builds[build_id]["status"] == "failed"


def test_status_changes_show_up_while_the_build_runs(server: LiveServer, tmp_path: Path) -> None:
    registry = make_registry(server.url, tmp_path)
    dag = chain(1)
    run_id = new_id()
    registry.register_tasks(dag.tasks)
    registry.start_run(RunStart(run_id=run_id, task_id=dag.root.task_id))

    api = Api(server.url)
    api.wait_for(lambda: api.task(dag.root.task_id)["status"] == "running", timeout=2.0)
    registry.finish_run(run_id, RunFinish(status=RunStatus.COMPLETED))
    api.wait_for(lambda: api.task(dag.root.task_id)["status"] == "completed", timeout=2.0)
    registry.close()


def test_rebuild_in_a_new_process_adds_no_duplicates(server: LiveServer, tmp_path: Path) -> None:
    dag = diamond()
    first = make_registry(server.url, tmp_path)
    first.register_tasks(dag.tasks)
    first.register_tasks(dag.tasks)
    first.close()
    second = make_registry(server.url, tmp_path)
    second.register_tasks(dag.tasks)
    second.close()

    api = Api(server.url)
    assert first.request_count == 1  # the repeated registration was not even sent
    for registration in dag.tasks:
        assert api.task(registration.task_id)["status"] == "pending"
        assert api.upstream_ids(registration.task_id) == set(registration.dependencies)
        assert api.runs(registration.task_id) == []
    found = api.get("/api/v1/tasks", namespace="tests", search=dag.root.task_id[:8])["items"]
    assert [item["task_id"] for item in found] == [dag.root.task_id]


def test_a_big_build_takes_few_requests(server: LiveServer, tmp_path: Path) -> None:
    registry = make_registry(server.url, tmp_path)
    dag = chain(1_000)
    report_build(registry, dag)
    registry.close()

    # 1,000 tasks x (register, start, logs, finish) = 4,000+ events.
    assert registry.stats["sent"] >= 4_000
    assert registry.request_count <= 20
    assert Api(server.url).task(dag.root.task_id)["status"] == "completed"


def test_rejected_events_are_set_aside_and_the_rest_still_arrives(
    server: LiveServer, tmp_path: Path
) -> None:
    registry = make_registry(server.url, tmp_path)
    dag = diamond()
    registry.register_tasks(dag.tasks[:1])
    # A run of a task nobody registered: the service answers 422 naming it.
    registry.start_run(RunStart(run_id=new_id(), task_id=new_id()))
    registry.register_tasks(dag.tasks[1:])
    registry.close()

    api = Api(server.url)
    for registration in dag.tasks:
        assert api.task(registration.task_id)["status"] == "pending"
    assert registry.stats["rejected"] == 1
    (rejected_file,) = (registry.spool_directory / "rejected").glob("*.jsonl")
    (entry,) = [json.loads(line) for line in rejected_file.read_text().splitlines()]
    assert entry["status_code"] == 422
    assert entry["event"]["type"] == "run_started"
    assert not registry.spooling


def test_server_down_for_the_whole_build_then_started_and_synced(
    migrated_url: str, tmp_path: Path
) -> None:
    offline = LiveServer(migrated_url)  # not started yet: nothing listens on its port
    registry = make_registry(offline.url, tmp_path)
    dag = diamond()
    failing = [dag.root.task_id]
    report_build(registry, dag, failing=failing)
    registry.close()
    assert registry.spooling
    assert registry.stats["spooled"] >= 4 * len(dag.tasks)

    offline.start()
    try:
        result = sync_spool(offline.url, spool_root=tmp_path / "spool")
        assert result.ok, result
        assert result.sent == registry.stats["spooled"]
        assert_dag_recorded(Api(offline.url), dag, failing=failing)
        again = sync_all_spools(tmp_path / "spool")
        assert [(r.sent, r.remaining, r.ok) for r in again] == [(0, 0, True)]
    finally:
        offline.stop()


def test_sync_reports_an_unreachable_server_without_raising(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    registry = make_registry(url, tmp_path)
    report_build(registry, chain(3))
    registry.close()

    result = sync_spool(url, spool_root=tmp_path / "spool")
    assert not result.ok
    assert result.sent == 0
    assert result.remaining == registry.stats["spooled"] > 0
    assert result.error


def test_new_events_queue_behind_older_spooled_ones(server: LiveServer, tmp_path: Path) -> None:
    # An offline process registered a task and started its run...
    dag = chain(1)
    run_id = new_id()
    port = server.port
    offline_url = f"http://127.0.0.1:{port}"
    server.stop()
    try:
        offline = make_registry(offline_url, tmp_path)
        offline.register_tasks(dag.tasks)
        offline.start_run(RunStart(run_id=run_id, task_id=dag.root.task_id))
        offline.close()
        assert offline.spooling
    finally:
        server.start()

    # ...and a later process, online, finishes that run: sent on its own it would
    # name an unknown run (422). Behind the spooled events it is fine.
    online = make_registry(server.url, tmp_path)
    assert online.spooling
    online.finish_run(run_id, RunFinish(status=RunStatus.COMPLETED))
    online.close()

    assert not online.spooling
    assert online.stats["rejected"] == 0
    assert Api(server.url).run(run_id)["status"] == "completed"
