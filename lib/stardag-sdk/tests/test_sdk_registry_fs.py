"""What a build records in the file-system registry, read back through its interface."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
import stardag as sd
from stardag.registry import FileSystemRegistry, TaskStatus

log = logging.getLogger("sdk.tests.registry")


class Load(sd.AutoTask[list[int]]):
    __namespace__ = "registry"

    rows: int

    def run(self) -> None:
        log.info("loading %d rows", self.rows)
        print(f"printed by load {self.rows}")
        print("to stderr", file=sys.stderr)
        self.output().save(list(range(self.rows)))


class Total(sd.AutoTask[int]):
    __namespace__ = "registry"

    data: sd.TaskLoads[list[int]]

    def requires(self) -> sd.Task[Any]:
        return self.data

    def run(self) -> None:
        log.warning("about to sum")
        self.output().save(sum(self.data.output().load()))


class Broken(sd.AutoTask[int]):
    __namespace__ = "registry"

    data: sd.TaskLoads[list[int]]

    def requires(self) -> sd.Task[Any]:
        return self.data

    def run(self) -> None:
        print("before the failure")
        raise ZeroDivisionError("rows / 0")


def test_build_registers_tasks_runs_builds_and_logs(
    fs_registry: FileSystemRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARDAG_COMMIT_HASH", "abc123")
    upstream = Load(rows=3)
    root = Total(data=upstream)
    summary = sd.build(root)

    task = fs_registry.get_task(root.task_id)
    assert task is not None and task.status == TaskStatus.COMPLETED
    registration = task.registration
    assert registration.family == "Total" and registration.namespace == "registry"
    assert registration.version is None
    assert registration.dependencies == [upstream.task_id]
    assert registration.parameters == {
        "data": {"__task_id__": upstream.task_id, "family": "Load", "namespace": "registry"}
    }
    assert sd.load_task(registration.task_data) == root
    assert registration.output_uri == root.output().uri
    assert registration.commit_hash == "abc123"
    assert registration.user and registration.host
    assert registration.created_at.tzinfo is not None

    [run] = fs_registry.list_runs(upstream.task_id)
    assert run.status == "completed" and run.build_id == str(summary.build_id)
    assert run.duration_seconds is not None and run.commit_hash == "abc123"
    logs = fs_registry.get_logs(run.run_id)
    assert [(r.stream, r.level, r.message) for r in logs] == [
        ("log", "INFO", "loading 3 rows"),
        ("stdout", "INFO", "printed by load 3"),
        ("stderr", "WARNING", "to stderr"),
    ]
    assert logs[0].logger == "sdk.tests.registry"
    [root_run] = fs_registry.list_runs(root.task_id)
    assert [r.message for r in fs_registry.get_logs(root_run.run_id)] == ["about to sum"]

    [build] = fs_registry.list_builds()
    assert build.build_id == str(summary.build_id) and build.status == "completed"
    assert build.root_task_ids == [root.task_id] and build.finished_at is not None


def test_failed_build_is_kept_in_the_build_history(fs_registry: FileSystemRegistry) -> None:
    # The failed run itself (status, error, traceback, logs) is asserted for every
    # backend by tests/contract/test_registry_contract.py.
    broken = Broken(data=Load(rows=2))
    assert sd.build(broken).status == sd.BuildExitStatus.FAILURE
    assert fs_registry.list_builds()[0].status == "failed"
    sd.build(Load(rows=9))  # a later build adds to the history
    assert [b.status for b in fs_registry.list_builds()] == ["completed", "failed"]


def test_console_still_shows_what_tasks_print(
    fs_registry: FileSystemRegistry, capsys: pytest.CaptureFixture[str]
) -> None:
    sd.build(Load(rows=1))
    captured = capsys.readouterr()
    assert "printed by load 1" in captured.out
    assert "to stderr" in captured.err
    assert sys.stdout is not None and type(sys.stdout).__name__ != "_TeeStream"


def test_parallel_tasks_each_get_their_own_logs(fs_registry: FileSystemRegistry) -> None:
    barrier = threading.Barrier(4, timeout=10)

    class Chatty(sd.AutoTask[int]):
        __namespace__ = "registry"
        n: int

        def run(self) -> None:
            barrier.wait()
            for i in range(20):
                print(f"task {self.n} line {i}")
                log.info("task %d record %d", self.n, i)
                time.sleep(0.001)
            self.output().save(self.n)

    tasks = [Chatty(n=n) for n in range(4)]
    sd.build(tasks, max_workers=4)
    for task in tasks:
        [run] = fs_registry.list_runs(task.task_id)
        messages = [r.message for r in fs_registry.get_logs(run.run_id)]
        assert len(messages) == 40
        assert all(m.startswith(f"task {task.n} ") for m in messages)


def test_heartbeats_while_a_task_runs(
    fs_registry: FileSystemRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARDAG_HEARTBEAT_INTERVAL_SECONDS", "0.05")

    class Sleepy(sd.AutoTask[int]):
        __namespace__ = "registry"

        def run(self) -> None:
            time.sleep(0.4)
            self.output().save(1)

    sd.build(Sleepy())
    [run] = fs_registry.list_runs(Sleepy().task_id)
    assert run.last_heartbeat_at is not None
    assert run.started_at < run.last_heartbeat_at <= run.finished_at  # type: ignore[operator]


def test_registry_root_defaults_under_stardag_home(
    stardag_home: Path, fs_registry: FileSystemRegistry
) -> None:
    assert fs_registry.root == stardag_home / "registry"
    sd.build(Load(rows=4))
    assert list((stardag_home / "registry" / "tasks").glob("*/*.json"))
    reread = FileSystemRegistry(stardag_home / "registry")
    assert [t.registration.family for t in reread.list_tasks()] == ["Load"]
    assert reread.get_task("0" * 36) is None and reread.get_logs("nope") == []


def test_info_is_captured_while_the_console_keeps_its_level(
    fs_registry: FileSystemRegistry,
) -> None:
    import io

    root = logging.getLogger()
    console = io.StringIO()
    handler = logging.StreamHandler(console)
    previous_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    try:
        sd.build(Total(data=Load(rows=2)))
    finally:
        root.removeHandler(handler)
        root.setLevel(previous_level)
    assert console.getvalue() == "about to sum\n"  # INFO stayed off the console
    [run] = fs_registry.list_runs(Load(rows=2).task_id)
    assert "loading 2 rows" in [r.message for r in fs_registry.get_logs(run.run_id)]
    assert root.level == previous_level and not handler.filters


def test_a_torn_registry_file_is_ignored_and_repaired(fs_registry: FileSystemRegistry) -> None:
    task = Load(rows=5)
    path = fs_registry.root / "tasks" / task.task_id[:2] / f"{task.task_id}.json"
    path.parent.mkdir(parents=True)
    path.write_text('{"task_id": "trunc')  # what a crash mid-write leaves
    assert fs_registry.get_task(task.task_id) is None
    sd.build(task)
    record = fs_registry.get_task(task.task_id)
    assert record is not None and record.status == TaskStatus.COMPLETED


def test_a_task_found_complete_is_recorded_completed_without_a_run(
    fs_registry: FileSystemRegistry,
) -> None:
    from stardag.registry import NoOpRegistry
    from stardag.registry.identity import process_identity
    from stardag.registry.registration import task_registration

    done_elsewhere, pending_before = Load(rows=11), Load(rows=12)
    fs_registry.register_tasks([task_registration(pending_before, [], process_identity())])
    assert fs_registry.get_task(pending_before.task_id).status == TaskStatus.PENDING  # type: ignore[union-attr]
    sd.build([done_elsewhere, pending_before], registry=NoOpRegistry())  # outputs now exist

    summary = sd.build([done_elsewhere, pending_before])
    assert len(summary.skipped) == 2 and not summary.built
    for task in (done_elsewhere, pending_before):
        record = fs_registry.get_task(task.task_id)
        assert record is not None and record.status == TaskStatus.COMPLETED
        assert record.registration.complete and fs_registry.list_runs(task.task_id) == []
    reread = FileSystemRegistry(fs_registry.root)  # what another process reads
    assert reread.get_task(pending_before.task_id).status == TaskStatus.COMPLETED  # type: ignore[union-attr]


def test_a_running_task_s_logs_are_recorded_before_it_ends(
    fs_registry: FileSystemRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARDAG_HEARTBEAT_INTERVAL_SECONDS", "0.05")
    release = threading.Event()

    class Patient(sd.AutoTask[int]):
        __namespace__ = "registry"

        def run(self) -> None:
            log.info("step 1")
            print("step 1 printed")
            assert release.wait(20)
            log.info("step 2")
            self.output().save(1)

    task = Patient()
    builder = threading.Thread(target=sd.build, args=(task,))
    builder.start()
    try:
        messages = _wait_for_logs(fs_registry, task.task_id, count=2)
        assert messages == ["step 1", "step 1 printed"]
        assert fs_registry.get_task(task.task_id).status == TaskStatus.RUNNING  # type: ignore[union-attr]
    finally:
        release.set()
        builder.join(20)
    [run] = fs_registry.list_runs(task.task_id)
    assert [r.message for r in fs_registry.get_logs(run.run_id)] == [
        "step 1",
        "step 1 printed",
        "step 2",
    ]


def test_logs_shipped_in_many_pieces_arrive_in_order_once(
    fs_registry: FileSystemRegistry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARDAG_HEARTBEAT_INTERVAL_SECONDS", "0.005")

    class Chatty(sd.AutoTask[int]):
        __namespace__ = "registry"
        lines: int

        def run(self) -> None:
            for i in range(self.lines):
                log.info("record %d", i)
                print(f"line {i}", end="" if i % 3 else "\n")  # some lines end later
                time.sleep(0.0005)
            self.output().save(self.lines)

    tasks = [Chatty(lines=300), Chatty(lines=301)]
    sd.build(tasks, max_workers=2)
    for task in tasks:
        [run] = fs_registry.list_runs(task.task_id)
        records = fs_registry.get_logs(run.run_id)
        logged = [r.message for r in records if r.stream == "log"]
        assert logged == [f"record {i}" for i in range(task.lines)]
        printed = "".join(r.message for r in records if r.stream == "stdout")
        assert printed == "".join(f"line {i}" for i in range(task.lines))
    shipments = sum(
        '"e":"logs"' in line
        for path in (fs_registry.root / "journal").glob("*.jsonl")
        for line in path.read_text().splitlines()
    )
    assert shipments > len(tasks)  # shipped while running, not only at the end


def _wait_for_logs(registry: FileSystemRegistry, task_id: str, count: int) -> list[str]:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        runs = registry.list_runs(task_id)
        if runs:
            messages = [r.message for r in registry.get_logs(runs[0].run_id)]
            if len(messages) >= count:
                return messages
        time.sleep(0.02)
    raise AssertionError("the running task's logs did not arrive")


def test_a_killed_build_keeps_what_it_recorded_up_to_the_kill(tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("STARDAG_")}
    env.update(
        STARDAG_HOME=str(tmp_path / "home"),
        STARDAG_REGISTRY="fs",
        STARDAG_HEARTBEAT_INTERVAL_SECONDS="0.1",
    )
    import apiregistry_helpers

    apiregistry_helpers.kill_slow_chain_build(env, settle_seconds=0.5)  # a few log shipments

    import apiregistry_build_script as script

    upstream = script.load(n=1)
    slow = script.wait(after=upstream, seconds=300.0)
    registry = FileSystemRegistry(tmp_path / "home" / "registry")
    record = registry.get_task(upstream.task_id)
    assert record is not None and record.status == TaskStatus.COMPLETED
    [done] = registry.list_runs(upstream.task_id)
    assert [r.message for r in registry.get_logs(done.run_id)] == ["loaded 1"]
    record = registry.get_task(slow.task_id)
    assert record is not None and record.status == TaskStatus.RUNNING  # it never finished
    [killed] = registry.list_runs(slow.task_id)
    assert killed.last_heartbeat_at is not None
    assert [r.message for r in registry.get_logs(killed.run_id)] == ["waiting"]
    [build] = registry.list_builds()
    assert build.status == "running" and build.root_task_ids == [slow.task_id]
