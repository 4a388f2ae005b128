"""Each log call is one record of the run's logs; prints are lines; every record has a seq."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import stardag as sd
from stardag.execution.log_capture import RunLogBuffer
from stardag.registry import FileSystemRegistry
from stardag.registry.models import LogRecord

log = logging.getLogger("sdk.tests.capture")


class Chatty(sd.AutoTask[int]):
    __namespace__ = "capture"

    n: int

    def run(self) -> None:
        # A console handler made while the build runs writes to the teed sys.stderr.
        handler = logging.StreamHandler(sys.stderr)
        log.addHandler(handler)
        try:
            log.warning("warned %d", self.n)
            log.info("info %d", self.n)
        finally:
            log.removeHandler(handler)
        print("printed")
        print("printed")  # the same line twice is two records
        print("to stderr", file=sys.stderr)
        self.output().save(self.n)


class Private(sd.AutoTask[int]):
    """Logs through a logger that does not reach the root (so no capture handler sees it)."""

    __namespace__ = "capture"

    n: int

    def run(self) -> None:
        private = logging.getLogger("sdk.tests.capture.private")
        private.propagate = False
        handler = logging.StreamHandler(sys.stderr)
        private.addHandler(handler)
        try:
            private.warning("only on the console %d", self.n)
        finally:
            private.removeHandler(handler)
            private.propagate = True
        self.output().save(self.n)


def _records(registry: FileSystemRegistry, task: sd.Task[Any]) -> list[LogRecord]:
    [run] = registry.list_runs(task.task_id)
    return registry.get_logs(run.run_id)


def test_a_log_call_printed_by_a_console_handler_is_one_record(
    fs_registry: FileSystemRegistry,
) -> None:
    task = Chatty(n=1)
    sd.build(task)
    records = _records(fs_registry, task)
    assert [(r.stream, r.level, r.message) for r in records] == [
        ("log", "WARNING", "warned 1"),
        ("log", "INFO", "info 1"),
        ("stdout", "INFO", "printed"),
        ("stdout", "INFO", "printed"),
        ("stderr", "WARNING", "to stderr"),
    ]
    assert [r.seq for r in records] == [0, 1, 2, 3, 4]


def test_a_log_call_no_capture_handler_sees_is_kept_as_printed_text(
    fs_registry: FileSystemRegistry,
) -> None:
    task = Private(n=2)
    sd.build(task)
    assert [(r.stream, r.message) for r in _records(fs_registry, task)] == [
        ("stderr", "only on the console 2")
    ]


def test_without_logging_configured_a_warning_is_one_record(tmp_path: Path) -> None:
    """Python's last-resort handler prints the warning to stderr; it is recorded once."""
    script = tmp_path / "build.py"
    script.write_text(
        textwrap.dedent(
            """
            import json, logging, sys
            import stardag as sd
            from stardag.registry import registry_provider

            log = logging.getLogger("plain")

            class Plain(sd.AutoTask[int]):
                def run(self):
                    log.warning("careful")
                    print("done")
                    self.output().save(1)

            task = Plain()
            sd.build(task)
            registry = registry_provider.get()
            [run] = registry.list_runs(task.task_id)
            records = [[r.stream, r.message, r.seq] for r in registry.get_logs(run.run_id)]
            sys.__stdout__.write("RECORDS " + json.dumps(records) + "\\n")
            """
        )
    )
    env = {
        **os.environ,
        "STARDAG_HOME": str(tmp_path / "home"),
        "STARDAG_REGISTRY": "fs",
        "STARDAG_TARGET_ROOT": str(tmp_path / "targets"),
    }
    result = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("RECORDS ")]
    records = json.loads(line.removeprefix("RECORDS "))
    assert records == [["log", "careful", 0], ["stdout", "done", 1]]
    assert "careful" in result.stderr  # the console still shows it


def test_seq_keeps_counting_across_shipments() -> None:
    buffer = RunLogBuffer()
    shipped: list[LogRecord] = []
    buffer.add_text("stdout", "one\ntwo\n")
    buffer.ship_new(shipped.extend)
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "three", None, None)
    buffer.add_log(record, "three")
    buffer.add_text("stderr", "four")
    buffer.ship_new(shipped.extend)
    buffer.close()  # the unterminated line
    buffer.ship_new(shipped.extend)
    assert [(r.seq, r.message) for r in shipped] == [
        (0, "one"),
        (1, "two"),
        (2, "three"),
        (3, "four"),
    ]
    assert all(r.timestamp <= datetime.now(UTC) for r in shipped)
