"""The run journal of the file-system registry: one append-only JSONL file per writer.

Runs, heartbeats and log lines are by far the most frequent registry calls (at
least two per executed task), so the file-system registry does not give each
run a file of its own: every registry instance appends one line per call to its
own journal, ``journal/<time_ns>-<pid>-<random>.jsonl``, through one open
handle, flushed to the operating system after each line. That is one
``write`` system call per call instead of opening, writing and renaming files,
and a killed process keeps every line it wrote (only a machine crash can lose
the last lines, as with the per-file layout before).

Lines (one JSON object each)::

    {"e":"start","run":RunStart}
    {"e":"beat","run_id":"...","at":"<iso time>"}
    {"e":"finish","run_id":"...","finish":RunFinish}
    {"e":"logs","run_id":"...","records":[LogRecord, ...]}

Readers (:class:`JournalIndex`) fold every journal into runs by id, reading each
file incrementally (only bytes added since the last read) and only up to its
last newline, so a line being written, or torn by a kill, is never half-read.
Log lines are not parsed while indexing, only located; they are read when asked.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from collections import defaultdict
from json.encoder import encode_basestring_ascii as _quote  # what json.dumps(str) does
from pathlib import Path
from typing import IO, Any

from stardag.registry.models import LogRecord, RunFinish, RunStart
from stardag.registry.records import RunRecord

logger = logging.getLogger(__name__)

JOURNAL_DIRECTORY = "journal"
_LOGS_PREFIX = '{"e":"logs","run_id":'
_decoder = json.JSONDecoder()


# Bound once (two lines per run): what ``model_dump_json()`` does, without its wrapper.
_run_start_json = RunStart.__pydantic_serializer__.to_json
_run_finish_json = RunFinish.__pydantic_serializer__.to_json


def run_started_line(run: RunStart) -> str:
    return '{"e":"start","run":' + _run_start_json(run).decode() + "}"


def heartbeat_line(run_id: str, at_iso: str) -> str:
    return '{"e":"beat","run_id":' + json.dumps(run_id) + ',"at":' + json.dumps(at_iso) + "}"


def run_finished_line(run_id: str, finish: RunFinish) -> str:
    finish_json = _run_finish_json(finish).decode()
    return '{"e":"finish","run_id":' + _quote(run_id) + ',"finish":' + finish_json + "}"


def logs_line(run_id: str, records: list[LogRecord]) -> str:
    body = ",".join(record.model_dump_json() for record in records)
    return _LOGS_PREFIX + json.dumps(run_id) + ',"records":[' + body + "]}"


class JournalWriter:
    """Appends lines to this process's journal; not thread-safe (the registry locks)."""

    def __init__(self, root: Path) -> None:
        self.directory = root / JOURNAL_DIRECTORY
        self._handle: IO[str] | None = None
        self._pid = 0

    def append(self, line: str) -> None:
        handle = self._handle
        if handle is None or self._pid != os.getpid():  # a forked child writes its own file
            handle = self._open()
        handle.write(line + "\n")
        handle.flush()

    def _open(self) -> IO[str]:
        self.directory.mkdir(parents=True, exist_ok=True)
        self._pid = os.getpid()
        name = f"{time.time_ns():020d}-{self._pid}-{secrets.token_hex(3)}.jsonl"
        # Kept open for the registry's life: one write per registry call.
        self._handle = open(self.directory / name, "a", encoding="utf-8")  # noqa: SIM115
        return self._handle

    def close(self) -> None:
        if self._handle is not None and self._pid == os.getpid():
            self._handle.close()
        self._handle = None


class JournalIndex:
    """Runs, runs per task and log locations folded from every journal under ``root``.

    Not thread-safe: the registry calls :meth:`refresh` and the lookups under its lock.
    """

    def __init__(self, root: Path) -> None:
        self.directory = root / JOURNAL_DIRECTORY
        self._consumed: dict[Path, int] = {}
        self._runs: dict[str, dict[str, Any]] = {}
        self._task_runs: dict[str, list[str]] = defaultdict(list)
        self._log_lines: dict[str, list[tuple[Path, int, int]]] = defaultdict(list)

    def refresh(self) -> None:
        """Read what was appended to any journal since the last refresh."""
        try:
            paths = sorted(self.directory.glob("*.jsonl"))
        except OSError:
            return
        for path in paths:
            try:
                size = path.stat().st_size
            except FileNotFoundError:
                continue
            start = self._consumed.get(path, 0)
            if size > start:
                self._read_from(path, start)

    def _read_from(self, path: Path, start: int) -> None:
        with open(path, "rb") as handle:
            handle.seek(start)
            data = handle.read()
        end = data.rfind(b"\n") + 1  # complete lines only
        offset = start
        for raw in data[:end].split(b"\n")[:-1]:
            self._index_line(path, offset, raw)
            offset += len(raw) + 1
        self._consumed[path] = start + end

    def _index_line(self, path: Path, offset: int, raw: bytes) -> None:
        text = raw.decode("utf-8", errors="replace")
        try:
            if text.startswith(_LOGS_PREFIX):
                run_id, _ = _decoder.raw_decode(text, len(_LOGS_PREFIX))
                self._log_lines[run_id].append((path, offset, len(raw)))
                return
            event = json.loads(text)
            kind = event["e"]
            if kind == "start":
                run = event["run"]
                state = self._runs.setdefault(run["run_id"], {})
                state.update(run)
                state.setdefault("status", "running")
                self._task_runs[run["task_id"]].append(run["run_id"])
            elif kind == "finish":
                self._runs.setdefault(event["run_id"], {}).update(event["finish"])
            elif kind == "beat":
                self._runs.setdefault(event["run_id"], {})["last_heartbeat_at"] = event["at"]
        except (ValueError, KeyError, TypeError):
            logger.warning("ignoring a damaged line in registry journal %s", path)

    def run(self, run_id: str) -> RunRecord | None:
        state = self._runs.get(run_id)
        if state is None or "task_id" not in state:  # finished or beaten, never started here
            return None
        return RunRecord.model_validate(state)

    def runs_of(self, task_id: str) -> list[RunRecord]:
        """Runs of ``task_id``, newest first."""
        runs = [self.run(run_id) for run_id in self._task_runs.get(task_id, ())]
        found = [run for run in runs if run is not None]
        return sorted(found, key=lambda run: run.started_at, reverse=True)

    def logs(self, run_id: str) -> list[LogRecord]:
        records: list[LogRecord] = []
        for path, offset, length in self._log_lines.get(run_id, ()):
            with open(path, "rb") as handle:
                handle.seek(offset)
                event = json.loads(handle.read(length))
            records.extend(LogRecord.model_validate(item) for item in event["records"])
        return records
