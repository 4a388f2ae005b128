"""``stardag builds ls|show|watch`` and ``stardag tasks logs [--follow]`` against real builds."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cli_stack_helpers import Cli, create_scratch_database, drop_scratch_database, stardag_home
from stardag_testing import LiveServer, migrate

SCRIPT = Path(__file__).with_name("cli_builds_script.py")


@pytest.fixture(scope="module")
def server(postgres_admin_url: str) -> Iterator[LiveServer]:
    database = create_scratch_database(postgres_admin_url)
    migrate(database)
    live = LiveServer(database).start()
    yield live
    live.stop()
    drop_scratch_database(postgres_admin_url, database)


@pytest.fixture
def cli(server: LiveServer) -> Cli:
    runner = Cli(stardag_home())
    runner.env["STARDAG_REGISTRY_URL"] = server.url
    return runner


def run_script(cli: Cli, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        env=cli.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_failed_middle_task_shows_its_downstream_upstream_failed(cli: Cli) -> None:
    result = run_script(cli, "fail")
    assert result.returncode == 3, result.stderr
    middle_id = result.stdout.split()[0]

    builds = json.loads(cli.ok("builds", "ls", "--json").stdout)
    build = builds[0]
    assert build["status"] == "failed"
    assert build["state_counts"] == {"completed": 1, "failed": 1, "upstream_failed": 1}
    table = cli.ok("builds", "ls").stdout
    assert build["build_id"][:8] in table and "1 upstream_failed" in table

    shown = cli.ok("builds", "show", build["build_id"][:10]).stdout
    assert "Failed first: middle" in shown
    assert "ValueError: middle cannot go on" in shown
    assert "Not run because of it: total" in shown
    assert f"upstream {middle_id[:8]} failed" in shown

    listed = cli.ok("tasks", "ls", "--status", "upstream_failed", "--json").stdout
    assert [task["family"] for task in json.loads(listed)] == ["total"]

    logs = cli.run("tasks", "logs", middle_id[:12])
    assert logs.returncode == 1  # the run failed
    assert "middle started" in logs.stdout and "printed before the gate" in logs.stdout
    warnings = cli.run("tasks", "logs", middle_id[:12], "--level", "WARNING").stdout
    assert "middle started" in warnings and "printed before the gate" not in warnings


def wait_for_running_build(url: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        items = httpx.get(url + "/api/v1/builds", params={"status": "running"}).json()["items"]
        if items and items[0]["state_counts"].get("running"):
            return str(items[0]["build_id"])
        time.sleep(0.1)
    raise AssertionError("no running build appeared")


def test_watch_and_follow_a_running_build(cli: Cli, server: LiveServer) -> None:
    gate = Path(tempfile.mkdtemp()) / "gate"
    build = subprocess.Popen(
        [sys.executable, str(SCRIPT), "slow", str(gate)],
        env=cli.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert build.stdout is not None
    middle_id = build.stdout.readline().strip()
    watch = follow = None
    try:
        build_id = wait_for_running_build(server.url)
        command = [sys.executable, "-m", "stardag_cli"]
        watch = subprocess.Popen(
            [*command, "builds", "watch", build_id], env=cli.env, stdout=subprocess.PIPE, text=True
        )
        follow = subprocess.Popen(
            [*command, "tasks", "logs", middle_id, "--follow"],
            env=cli.env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert watch.stdout is not None and follow.stdout is not None
        assert "Watching build" in watch.stdout.readline()
        assert "middle started" in follow.stdout.readline()  # the lines so far, then it waits
        time.sleep(1.0)  # both are subscribed; nothing new happened yet
        assert watch.poll() is None and follow.poll() is None
        gate.touch()
        watched, _ = watch.communicate(timeout=60)
        followed, _ = follow.communicate(timeout=60)
        build_exit = build.wait(timeout=60)
    finally:
        for process in (build, watch, follow):
            if process is not None and process.poll() is None:
                process.kill()
    assert build_exit == 0
    assert watch.returncode == 0 and follow.returncode == 0
    assert "completed  middle(" in watched and "completed  total(" in watched
    assert "build completed" in watched
    assert "after the gate" in followed
