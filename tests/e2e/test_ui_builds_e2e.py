"""Builds in the UI, live, in headless Chromium: real server, real SDK builds.

A running build's page turns completed from the event stream without a reload; a
killed builder's build turns failed after the heartbeat timeout; a parallel build's
timeline overlaps; a failed middle task leaves its downstream upstream_failed; the
Stats view charts the runs.
The browser side is app/stardag-ui/e2e/builds.mjs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from stardag_testing import LiveServer

BUILD_SCRIPT = Path(__file__).with_name("ui_builds_dag.py")
HEARTBEAT_TIMEOUT_SECONDS = 3


@pytest.fixture(scope="module")
def impatient_server(ui_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The API with a short heartbeat timeout, so a killed build is failed within seconds."""
    log = tmp_path_factory.mktemp("ui-builds-server") / "api.log"
    server = LiveServer(
        ui_database,
        env={
            "STARDAG_RUN_HEARTBEAT_TIMEOUT_SECONDS": str(HEARTBEAT_TIMEOUT_SECONDS),
            "STARDAG_STALE_SWEEP_INTERVAL_SECONDS": "1",
        },
    ).start(log_path=log)
    try:
        yield server
    finally:
        server.stop()


def builder_env(server: Any, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "STARDAG_HOME": str(home),
        "STARDAG_REGISTRY": "api",
        "STARDAG_REGISTRY_URL": server.url,
        "STARDAG_HEARTBEAT_INTERVAL_SECONDS": "0.5",
    }


def build_of(server: Any, task_id: str, status: str | None = None, timeout: float = 60) -> str:
    """The id of the newest build that has ``task_id`` running (or finished with ``status``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for build in httpx.get(f"{server.url}/api/v1/builds", params={"limit": 50}).json()["items"]:
            if status is not None and build["status"] != status:
                continue
            detail = httpx.get(f"{server.url}/api/v1/builds/{build['build_id']}").json()
            states = {task["task_id"]: task["state"] for task in detail["tasks"]}
            if task_id in states and (status is not None or "running" in states.values()):
                return str(build["build_id"])
        time.sleep(0.2)
    raise AssertionError(f"no build of {task_id} ({status or 'running'}) appeared")


def test_builds_live_in_chromium(
    node_binary: str,
    chromium_binary: str,
    impatient_server: Any,
    ui_paths: dict[str, Path],
    tmp_path: Path,
) -> None:
    env = builder_env(impatient_server, tmp_path / "home")
    run = [sys.executable, str(BUILD_SCRIPT)]
    parallel = subprocess.run(
        [*run, "parallel"], env=env, capture_output=True, text=True, check=True
    )
    failing = subprocess.run([*run, "failing"], env=env, capture_output=True, text=True, check=True)
    gate = Path(tempfile.mkdtemp()) / "gate"
    gated = subprocess.Popen([*run, "gated", str(gate)], env=env, stdout=subprocess.PIPE, text=True)
    never = str(Path(tempfile.mkdtemp()) / "never-opened")
    killed = subprocess.Popen([*run, "gated", never], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert gated.stdout is not None and killed.stdout is not None
        gated_root, killed_root = gated.stdout.readline().strip(), killed.stdout.readline().strip()
        failing_root = failing.stdout.split()[0]
        scenario: dict[str, dict[str, Any]] = {
            "parallel": {
                "build_id": build_of(impatient_server, parallel.stdout.split()[0], "completed")
            },
            "failed": {
                "build_id": build_of(impatient_server, failing_root, "failed"),
                "blocked_id": failing_root,
            },
            "gated": {"build_id": build_of(impatient_server, gated_root), "gate": str(gate)},
            "killed": {"build_id": build_of(impatient_server, killed_root), "pid": killed.pid},
        }
        scenario_file = tmp_path / "scenario.json"
        scenario_file.write_text(json.dumps(scenario))
        result = subprocess.run(
            [
                node_binary,
                "e2e/builds.mjs",
                "--base-url",
                impatient_server.url,
                "--scenario",
                str(scenario_file),
                "--screenshots",
                str(ui_paths["screenshots"]),
            ],
            cwd=ui_paths["ui_root"],
            env={**os.environ, "STARDAG_CHROMIUM": chromium_binary},
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
        assert gated.wait(timeout=60) == 0
    finally:
        for process in (gated, killed):
            if process.poll() is None:
                process.kill()
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"browser checks failed:\n{output}"
    assert "5 passed, 0 failed" in output, output
    killed_build = httpx.get(
        f"{impatient_server.url}/api/v1/builds/{scenario['killed']['build_id']}"
    ).json()
    assert (killed_build["status"], killed_build["failed_by_sweep"]) == ("failed", True)
