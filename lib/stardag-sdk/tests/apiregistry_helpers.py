"""Shared helpers of the APIRegistry tests: a registry lifecycle like a build's, and reads.

The registry-level tests drive ``APIRegistry`` through exactly the calls
``sd.build`` makes (``stardag.registry.base`` documents the order), so faults can
be injected between any two of them; reads go through the service's public API.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from stardag.registry.base import RegistryABC
from stardag.registry.models import (
    BuildStart,
    BuildStatus,
    LogRecord,
    RunFinish,
    RunStart,
    RunStatus,
    TaskRegistration,
    utc_now,
)

# Re-exported for the APIRegistry tests.
from stardag_testing import LiveServer as LiveServer
from stardag_testing import create_database as create_database
from stardag_testing import drop_database as drop_database
from stardag_testing import free_port as free_port
from stardag_testing import migrate as migrate


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class FakeDag:
    """Task registrations in dependency order (upstream first)."""

    tasks: list[TaskRegistration]
    run_ids: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> TaskRegistration:
        return self.tasks[-1]

    def edges(self) -> set[tuple[str, str]]:
        return {(up, task.task_id) for task in self.tasks for up in task.dependencies}


def task(family: str, *upstream: TaskRegistration, **parameters: Any) -> TaskRegistration:
    return TaskRegistration(
        task_id=new_id(),
        family=family,
        namespace="tests",
        parameters=parameters,
        dependencies=[up.task_id for up in upstream],
        user="tester",
        host="localhost",
    )


def diamond() -> FakeDag:
    top = task("Load", limit=10)
    left = task("Left", top)
    right = task("Right", top)
    return FakeDag([top, left, right, task("Join", left, right)])


def chain(length: int, family: str = "Step") -> FakeDag:
    tasks: list[TaskRegistration] = []
    for n in range(length):
        tasks.append(task(family, *tasks[-1:], n=n))
    return FakeDag(tasks)


TRACEBACK = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: boom\n'


def report_build(
    registry: RegistryABC,
    dag: FakeDag,
    failing: Sequence[str] = (),
    between_tasks: Callable[[int], None] | None = None,
) -> str:
    """Report a build of ``dag`` the way ``sd.build`` does; returns the build id."""
    build_id = new_id()
    registry.start_build(BuildStart(build_id=build_id, root_task_ids=[dag.root.task_id]))
    registry.register_tasks(dag.tasks)
    status = BuildStatus.COMPLETED
    for index, registration in enumerate(dag.tasks):
        if between_tasks is not None:
            between_tasks(index)
        run_id = new_id()
        dag.run_ids[registration.task_id] = run_id
        registry.start_run(RunStart(run_id=run_id, task_id=registration.task_id, build_id=build_id))
        registry.append_logs(
            run_id,
            [
                LogRecord(timestamp=utc_now(), message=f"running {registration.family}"),
                LogRecord(timestamp=utc_now(), message="printed", stream="stdout"),
            ],
        )
        if registration.task_id in failing:
            finish = RunFinish(
                status=RunStatus.FAILED, error_message="ValueError: boom", traceback=TRACEBACK
            )
            status = BuildStatus.FAILED
        else:
            finish = RunFinish(status=RunStatus.COMPLETED)
        registry.finish_run(run_id, finish)
        if status is BuildStatus.FAILED:
            break
    registry.finish_build(build_id, status)
    return build_id


class Api:
    """Reads from the service the way the UI and CLI do."""

    def __init__(self, url: str):
        self.client = httpx.Client(base_url=url, timeout=10)

    def get(self, path: str, **params: Any) -> Any:
        response = self.client.get(path, params=params)
        response.raise_for_status()
        return response.json()

    def task(self, task_id: str) -> dict[str, Any]:
        return self.get(f"/api/v1/tasks/{task_id}")  # type: ignore[no-any-return]

    def runs(self, task_id: str) -> list[dict[str, Any]]:
        return self.get(f"/api/v1/tasks/{task_id}/runs")["items"]  # type: ignore[no-any-return]

    def run(self, run_id: str) -> dict[str, Any]:
        return self.get(f"/api/v1/runs/{run_id}")  # type: ignore[no-any-return]

    def logs(self, run_id: str) -> list[dict[str, Any]]:
        return self.get(f"/api/v1/runs/{run_id}/logs")["items"]  # type: ignore[no-any-return]

    def upstream_ids(self, task_id: str) -> set[str]:
        items = self.get(f"/api/v1/tasks/{task_id}/upstream")["items"]
        return {item["task_id"] for item in items}

    @staticmethod
    def _holds(check: Callable[[], bool]) -> bool:
        try:
            return check()
        except httpx.HTTPStatusError as error:
            if error.response.status_code == 404:  # not arrived yet
                return False
            raise

    def wait_for(self, check: Callable[[], bool], timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not self._holds(check):
            if time.monotonic() > deadline:
                raise AssertionError(f"condition not met within {timeout}s")
            time.sleep(0.1)


def assert_dag_recorded(api: Api, dag: FakeDag, failing: Sequence[str] = ()) -> None:
    """Every task, edge, run and log of a finished build is in the service, exactly once."""
    for registration in dag.tasks:
        if registration.task_id not in dag.run_ids:
            continue
        expected = "failed" if registration.task_id in failing else "completed"
        recorded = api.task(registration.task_id)
        assert recorded["status"] == expected, registration.family
        assert api.upstream_ids(registration.task_id) == set(registration.dependencies)
        runs = api.runs(registration.task_id)
        assert [run["run_id"] for run in runs] == [dag.run_ids[registration.task_id]]
        assert runs[0]["status"] == expected
        logs = api.logs(runs[0]["run_id"])
        assert [(log["message"], log["stream"]) for log in logs] == [
            (f"running {registration.family}", "log"),
            ("printed", "stdout"),
        ]
        if expected == "failed":
            assert runs[0]["error_message"] == "ValueError: boom"
            assert runs[0]["traceback"] == TRACEBACK


BUILD_SCRIPT = Path(__file__).with_name("apiregistry_build_script.py")


def kill_slow_chain_build(env: dict[str, str], settle_seconds: float) -> list[str]:
    """Run the build script's ``slow-chain`` in a child process and SIGKILL it
    ``settle_seconds`` after its slow task starts (prints "waiting"); returns its output."""
    child = subprocess.Popen(
        [sys.executable, str(BUILD_SCRIPT), "slow-chain", "300"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        assert child.stdout is not None
        lines: list[str] = []
        while not lines or lines[-1].strip() != "waiting":  # until the slow task runs
            lines.append(child.stdout.readline().decode())
            assert lines[-1], f"the build ended early: {lines}"
        time.sleep(settle_seconds)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
    return lines
