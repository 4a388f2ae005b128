"""Task leases between builder processes: overlapping DAGs never run a task twice, and a
lease whose holder was killed is taken over once it expires."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import apiregistry_helpers as helpers
import lease_build_script
import pytest
from apiregistry_helpers import Api, LiveServer, migrate
from stardag.registry.filesystem import FileSystemRegistry

SCRIPT = Path(__file__).with_name("lease_build_script.py")
TESTS_DIR = str(Path(__file__).parent)


@pytest.fixture(scope="module")
def server(postgres_admin_url: str) -> Iterator[Any]:
    url = helpers.create_database(postgres_admin_url, prefix="stardag_leases")
    migrate(url)
    env = {
        "STARDAG_RUN_HEARTBEAT_TIMEOUT_SECONDS": "3",
        "STARDAG_STALE_SWEEP_INTERVAL_SECONDS": "0",
    }
    live = LiveServer(url, env=env).start()
    yield live
    live.stop()
    helpers.drop_database(postgres_admin_url, url)


def builder_env(home: Path, registry: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("STARDAG_") or key == "STARDAG_TEST_DATABASE_URL"
    }
    env.update(
        STARDAG_HOME=str(home),
        STARDAG_TARGET_ROOT=str(home / "targets"),
        STARDAG_HEARTBEAT_INTERVAL_SECONDS="0.5",
        PYTHONPATH=os.pathsep.join([TESTS_DIR, env.get("PYTHONPATH", "")]),
        **registry,
    )
    return env


def start_builder(env: dict[str, str], *args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), *(str(arg) for arg in args)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> str:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err[-3000:]
    return out


def salt() -> int:
    return time.time_ns() % 1_000_000


def test_two_api_builders_on_overlapping_dags_run_each_task_once(
    server: Any, tmp_path: Path
) -> None:
    env = builder_env(tmp_path, {"STARDAG_REGISTRY": "api", "STARDAG_REGISTRY_URL": server.url})
    shared_salt, count = salt(), 6
    builders = [start_builder(env, root, shared_salt, count, 0.4) for root in (1, 2)]
    outputs = [finish(builder) for builder in builders]
    assert all("status=success" in output for output in outputs), outputs

    api = Api(server.url)
    shared = lease_build_script.shared_tasks(shared_salt, count, 0.4)
    for task in shared:
        runs = api.runs(task.task_id)
        assert len(runs) == 1, (task.describe(), runs)
        assert runs[0]["status"] == "completed"
    # Between them the two builders ran every shared task once: built here or there.
    built = sum(int(output.split("built=")[1].split()[0]) for output in outputs)
    assert built == count + 2


def test_two_file_system_builders_on_overlapping_dags_run_each_task_once(
    tmp_path: Path,
) -> None:
    env = builder_env(tmp_path, {"STARDAG_REGISTRY": "fs"})
    shared_salt, count = salt(), 6
    builders = [start_builder(env, root, shared_salt, count, 0.4) for root in (1, 2)]
    outputs = [finish(builder) for builder in builders]
    assert all("status=success" in output for output in outputs), outputs

    registry = FileSystemRegistry(tmp_path / "registry")
    for task in lease_build_script.shared_tasks(shared_salt, count, 0.4):
        runs = registry.list_runs(task.task_id)
        assert len(runs) == 1, (task.describe(), runs)


def test_lease_of_a_killed_holder_is_taken_over_after_its_ttl(server: Any, tmp_path: Path) -> None:
    env = builder_env(tmp_path, {"STARDAG_REGISTRY": "api", "STARDAG_REGISTRY_URL": server.url})
    env["STARDAG_TASK_LEASE_TTL_SECONDS"] = "3"
    shared_salt = salt()
    (slow,) = lease_build_script.shared_tasks(shared_salt, 1, 30)
    api = Api(server.url)
    holder = start_builder(env, 1, shared_salt, 1, 30, 1)
    api.wait_for(lambda: bool(api.runs(slow.task_id)), timeout=60)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    killed_at = time.monotonic()

    # The second builder finds the lease held, waits until it expires (the killed holder
    # stopped renewing), then runs the task itself: its run is the task's second.
    taker = start_builder(env, 2, shared_salt, 1, 30, 1)
    api.wait_for(lambda: len(api.runs(slow.task_id)) == 2, timeout=60)
    waited = time.monotonic() - killed_at
    taker.kill()
    taker.wait()
    runs = api.runs(slow.task_id)
    assert len(runs) == 2
    assert waited >= 1.5  # it waited for the lease (TTL 3 s, last renewed <= 1 s before the kill)
    # The killed holder's run (the oldest) is failed by the heartbeat sweep.
    api.wait_for(lambda: api.runs(slow.task_id)[-1]["status"] == "failed", timeout=30)
