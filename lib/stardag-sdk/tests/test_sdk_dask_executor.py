"""``sd.build`` on a real ``distributed.LocalCluster`` (2 worker processes) reporting to a
real service: runs happen in the workers and every one is in the registry."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import apiregistry_helpers as helpers
import dask_tasks as t
import psycopg
import pytest
import stardag as sd
from apiregistry_helpers import Api, LiveServer, migrate
from stardag.registry.api import APIRegistry

distributed = pytest.importorskip("distributed")
from stardag.execution.dask import DaskExecutor  # noqa: E402

HEARTBEAT = 0.5


@pytest.fixture(scope="module")
def server(postgres_admin_url: str) -> Iterator[Any]:
    url = helpers.create_database(postgres_admin_url, prefix="stardag_dask")
    migrate(url)
    env = {
        "STARDAG_RUN_HEARTBEAT_TIMEOUT_SECONDS": "3",
        "STARDAG_STALE_SWEEP_INTERVAL_SECONDS": "0.5",
    }
    live = LiveServer(url, env=env).start()
    live.database_url = url
    yield live
    live.stop()
    helpers.drop_database(postgres_admin_url, url)


@pytest.fixture(scope="module")
def executor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DaskExecutor]:
    """Two worker processes; a task whose worker dies is not resubmitted (retries=0).

    The workers inherit this environment when they start: a private Stardag home."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STARDAG_HOME", str(tmp_path_factory.mktemp("worker-home")))
        with DaskExecutor(n_workers=2, threads_per_worker=1) as dask_executor:
            yield dask_executor


@pytest.fixture
def registry(server: Any, tmp_path: Path, stardag_home: Path) -> Iterator[APIRegistry]:
    os.environ["STARDAG_TARGET_ROOT"] = str(tmp_path / "targets")
    api_registry = APIRegistry(server.url, spool_root=tmp_path / "spool")
    yield api_registry
    api_registry.close()
    os.environ.pop("STARDAG_TARGET_ROOT", None)


def worker_pids(executor: DaskExecutor) -> set[int]:
    return set(executor.client.run(os.getpid).values())


def runs_of_build(database_url: str, build_id: str) -> list[tuple[str, str, str | None]]:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT task_id, status, host FROM runs WHERE build_id = %s", (build_id,)
        ).fetchall()
    return [(str(task_id), str(status), host) for task_id, status, host in rows]


def pid_of(host: str | None) -> int:
    assert host is not None and "(pid " in host, host
    return int(host.rsplit("(pid ", 1)[1].rstrip(")"))


def test_diamond_with_dynamic_dependencies_runs_on_workers_and_is_recorded(
    server: Any, executor: DaskExecutor, registry: APIRegistry
) -> None:
    top_value = time.time_ns() % 1_000_000  # parameters of this test only
    base = t.Add(value=top_value)
    left = t.Add(value=1, upstream=(base,))
    right = t.Add(value=2, upstream=(base,))
    top = t.Add(value=3, upstream=(left, right))
    dynamic = t.Dynamic(count=3 + top_value % 5)

    summary = sd.build(
        [top, dynamic], executor=executor, registry=registry, heartbeat_interval_seconds=HEARTBEAT
    )

    assert summary.succeeded, summary.error
    assert top.output().load() == 2 * top_value + 6
    assert dynamic.output().load() == sum(range(dynamic.count))
    runs = runs_of_build(server.database_url, str(summary.build_id))
    expected = {task.task_id for task in (base, left, right, top, dynamic)}
    expected |= {t.Add(value=i).task_id for i in range(dynamic.count)}
    assert {task_id for task_id, _status, _host in runs} >= expected
    pids = worker_pids(executor)
    for task_id, status, host in runs:
        assert status == "completed", task_id
        assert pid_of(host) in pids and pid_of(host) != os.getpid()
    api = Api(server.url)
    top_run = api.runs(top.task_id)[0]
    messages = [record["message"] for record in api.logs(top_run["run_id"])]
    assert f"Add(3) on pid {pid_of(top_run['host'])}" in messages


def test_thousand_task_dag_every_run_recorded_once_from_a_worker(
    server: Any, executor: DaskExecutor, registry: APIRegistry
) -> None:
    salt = time.time_ns() % 1_000_000
    layer: list[sd.Task[Any]] = [t.Add(value=salt * 1000 + i) for i in range(100)]
    for depth in range(1, 10):  # 10 layers of 100: each task needs two of the layer above
        layer = [t.Add(value=depth, upstream=(layer[i], layer[(i + 1) % 100])) for i in range(100)]
    summary = sd.build(layer, executor=executor, registry=registry)

    assert summary.succeeded, summary.error
    assert summary.task_count.succeeded == 1000
    runs = runs_of_build(server.database_url, str(summary.build_id))
    assert len(runs) == 1000
    assert len({task_id for task_id, _s, _h in runs}) == 1000
    pids = worker_pids(executor)
    assert {pid_of(host) for _t, _s, host in runs} <= pids
    assert all(status == "completed" for _t, status, _h in runs)


def test_failing_task_is_retried_then_reported_failed(
    tmp_path: Path, stardag_home: Path, fs_registry: Any
) -> None:
    os.environ["STARDAG_TARGET_ROOT"] = str(tmp_path / "targets")
    try:
        task = t.Fails(value=time.time_ns() % 1_000_000)
        with DaskExecutor(n_workers=1, retries=2) as retrying:
            summary = sd.build(task, executor=retrying, registry=fs_registry)
    finally:
        os.environ.pop("STARDAG_TARGET_ROOT", None)
    assert not summary.succeeded
    assert isinstance(summary.error, sd.TaskFailedError)
    assert isinstance(summary.error.__cause__, ValueError)
    runs = fs_registry.list_runs(task.task_id)
    assert [run.status for run in runs] == ["failed"] * 3
    assert all(run.traceback and "boom" in run.traceback for run in runs)


def test_worker_killed_mid_task_fails_the_task_and_the_sweep_fails_its_run(
    server: Any, executor: DaskExecutor, registry: APIRegistry, tmp_path: Path
) -> None:
    pid_file = tmp_path / "pid"
    task = t.Sleeps(seconds=60, pid_file=str(pid_file))
    result: dict[str, Any] = {}
    builder = threading.Thread(
        target=lambda: result.update(
            summary=sd.build(
                task, executor=executor, registry=registry, heartbeat_interval_seconds=HEARTBEAT
            )
        )
    )
    builder.start()
    deadline = time.monotonic() + 30
    while not pid_file.exists() or not pid_file.read_text():
        assert time.monotonic() < deadline, "the task never started"
        time.sleep(0.05)
    Api(server.url).wait_for(lambda: bool(Api(server.url).runs(task.task_id)))
    os.kill(int(pid_file.read_text()), signal.SIGKILL)
    builder.join(timeout=60)

    summary = result["summary"]
    assert not summary.succeeded
    assert [failed.task_id for failed in summary.failed] == [task.task_id]
    api = Api(server.url)
    api.wait_for(lambda: api.runs(task.task_id)[0]["status"] == "failed", timeout=30)
    run = api.runs(task.task_id)[0]
    assert "No heartbeat" in (run["error_message"] or "")
    assert len(api.runs(task.task_id)) == 1


def test_driver_killed_mid_task_leaves_no_run_running(server: Any, tmp_path: Path) -> None:
    """The driver's LocalCluster goes with it: the worker's run stops heartbeating and the
    sweep fails it (the build record is the stale-build sweep's, issue 11)."""
    import subprocess
    import sys

    pid_file = tmp_path / "pid"
    env = {**os.environ, "STARDAG_HOME": str(tmp_path / "home")}
    env["STARDAG_TARGET_ROOT"] = str(tmp_path / "targets")
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), env.get("PYTHONPATH", "")])
    script = Path(__file__).with_name("dask_driver_script.py")
    driver = subprocess.Popen(
        [sys.executable, str(script), server.url, str(pid_file)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while not pid_file.exists() or not pid_file.read_text():
            assert time.monotonic() < deadline and driver.poll() is None, "the task never started"
            time.sleep(0.1)
        worker_pid = int(pid_file.read_text())
        task = t.Sleeps(seconds=120, pid_file=str(pid_file))
        api = Api(server.url)
        api.wait_for(lambda: bool(api.runs(task.task_id)), timeout=30)
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait()
        api.wait_for(lambda: api.runs(task.task_id)[0]["status"] == "failed", timeout=60)
        assert "No heartbeat" in (api.runs(task.task_id)[0]["error_message"] or "")
        with pytest.raises(ProcessLookupError):  # the worker went with its driver
            os.kill(worker_pid, 0)
    finally:
        with contextlib.suppress(ProcessLookupError):  # whatever of the session is left
            os.killpg(driver.pid, signal.SIGKILL)
