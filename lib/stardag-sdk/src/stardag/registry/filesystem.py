"""A registry in plain JSON files, readable back through the same object.

Layout under the root (default ``$STARDAG_HOME/registry``)::

    tasks/<id[:2]>/<task_id>.json        TaskRegistration (edges merged on re-registration)
    builds/<build_id>.json               BuildRecord (written at start and at finish)
    journal/<time>-<pid>-<rand>.jsonl    run starts, heartbeats, finishes and log lines
                                         of one registry instance (see ``fs_journal``)

A task file is written once, when the task is first seen (exclusive create), and
rewritten (atomically) only to add edges or to mark it complete. Everything a
run reports is one appended journal line, flushed to the operating system at
once, so a killed build keeps what it recorded up to the kill. A task's status
is its latest run's status; before any run it is ``completed`` when a build
found it complete, else ``pending``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ParamSpec, TypeVar

from pydantic import BaseModel

from stardag.registry import fs_journal
from stardag.registry.base import RegistryABC
from stardag.registry.models import (
    BuildStart,
    BuildStatus,
    LogRecord,
    RunFinish,
    RunStart,
    TaskRegistration,
    TaskStatus,
    utc_now,
)
from stardag.registry.records import BuildRecord, RunRecord, TaskRecord

logger = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


def _never_raises(method: Callable[P, None]) -> Callable[P, None]:
    """A write that fails is logged, never raised into the build (see RegistryABC)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            method(*args, **kwargs)
        except (OSError, ValueError) as error:
            logger.warning("FileSystemRegistry could not record %s: %s", method.__name__, error)

    return wrapper


class _Files:
    """Atomic file writes that create each parent folder once per registry."""

    def __init__(self) -> None:
        self._folders: set[str] = set()

    def _ensure_parent(self, path: str) -> None:
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)

    def write_atomic(self, path: str | Path, text: str) -> None:
        target = str(path)
        self._ensure_parent(target)
        temporary = f"{target}.tmp-{uuid.uuid4().hex[:12]}"
        try:
            with open(temporary, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def create(self, path: str | Path, text: str) -> bool:
        """Write a new file; False (nothing written) when it already exists.

        Cheaper than :meth:`write_atomic` (no rename). A crash mid-write can leave a
        torn file; readers treat an unreadable file as absent and the next
        registration rewrites it atomically.
        """
        target = str(path)
        self._ensure_parent(target)
        try:  # os-level calls: a third cheaper than a buffered text file for one write
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            return False
        try:
            os.write(fd, text.encode())
        finally:
            os.close(fd)
        return True

    def append_lines(self, path: Path, lines: Sequence[str]) -> None:
        target = str(path)
        self._ensure_parent(target)
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("".join(f"{line}\n" for line in lines))


@dataclass(frozen=True)
class _OnDisk:
    """What this registry knows a task file holds, so re-registration costs nothing."""

    dependencies: frozenset[str]
    complete: bool

    def covers(self, registration: TaskRegistration) -> bool:
        return (self.complete or not registration.complete) and self.dependencies.issuperset(
            registration.dependencies
        )


class FileSystemRegistry(RegistryABC):
    """Records tasks, runs, logs and builds as JSON files under ``root``."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        if root is None:
            from stardag.config import get_settings

            root = get_settings().registry_root
        self.root = Path(root).expanduser().absolute()
        self._tasks_prefix = os.path.join(self.root, "tasks", "")
        self._lock = threading.Lock()
        self._on_disk: dict[str, _OnDisk] = {}
        self._open_runs: set[str] = set()
        self._open_builds: dict[str, BuildRecord] = {}
        self._files = _Files()
        self._journal = fs_journal.JournalWriter(self.root)
        self._index = fs_journal.JournalIndex(self.root)

    def __repr__(self) -> str:
        return f"FileSystemRegistry({str(self.root)!r})"

    # -- paths ------------------------------------------------------------------------

    def _task_path(self, task_id: str) -> str:
        # A string, not a Path: joining Paths cost more than writing the file's JSON.
        return f"{self._tasks_prefix}{task_id[:2]}{os.sep}{task_id}.json"

    def _build_path(self, build_id: str) -> Path:
        return self.root / "builds" / f"{build_id}.json"

    # -- writes -----------------------------------------------------------------------

    @_never_raises
    def start_build(self, build: BuildStart) -> None:
        record = BuildRecord(status=BuildStatus.RUNNING, **build.model_dump())
        with self._lock:
            self._open_builds[build.build_id] = record
            self._files.write_atomic(self._build_path(build.build_id), record.model_dump_json())

    @_never_raises
    def finish_build(self, build_id: str, status: BuildStatus) -> None:
        with self._lock:
            record = self._open_builds.pop(build_id, None) or self.get_build(build_id)
            if record is None:
                raise ValueError(f"unknown build {build_id}")
            finished = record.model_copy(update={"status": status, "finished_at": utc_now()})
            self._files.write_atomic(self._build_path(build_id), finished.model_dump_json())

    @_never_raises
    def register_tasks(self, tasks: Sequence[TaskRegistration]) -> None:
        with self._lock:
            for registration in tasks:
                self._register_one(registration)

    def _register_one(self, registration: TaskRegistration) -> None:
        task_id = registration.task_id
        known = self._on_disk.get(task_id)
        if known is not None and known.covers(registration):
            return
        path = self._task_path(task_id)
        if known is None and self._files.create(path, registration.model_dump_json()):
            self._on_disk[task_id] = _OnDisk(
                frozenset(registration.dependencies), registration.complete
            )
            return
        stored = _read_model(path, TaskRegistration)
        if stored is None:  # torn by a crash: replace it
            stored = registration
            self._files.write_atomic(path, registration.model_dump_json())
        else:
            missing = [d for d in registration.dependencies if d not in stored.dependencies]
            complete = stored.complete or registration.complete
            if missing or complete != stored.complete:
                stored = stored.model_copy(
                    update={"dependencies": [*stored.dependencies, *missing], "complete": complete}
                )
                self._files.write_atomic(path, stored.model_dump_json())
        self._on_disk[task_id] = _OnDisk(frozenset(stored.dependencies), stored.complete)

    @_never_raises
    def start_run(self, run: RunStart) -> None:
        line = fs_journal.run_started_line(run)
        with self._lock:
            self._open_runs.add(run.run_id)
            self._journal.append(line)

    @_never_raises
    def heartbeat(self, run_id: str) -> None:
        with self._lock:
            if run_id not in self._open_runs:
                return
            self._journal.append(fs_journal.heartbeat_line(run_id, utc_now().isoformat()))

    @_never_raises
    def finish_run(self, run_id: str, finish: RunFinish) -> None:
        line = fs_journal.run_finished_line(run_id, finish)
        with self._lock:
            self._open_runs.discard(run_id)
            self._journal.append(line)

    @_never_raises
    def append_logs(self, run_id: str, records: Sequence[LogRecord]) -> None:
        if not records:
            return
        line = fs_journal.logs_line(run_id, list(records))
        with self._lock:
            self._journal.append(line)

    def close(self) -> None:
        """Close this registry's journal (a later call opens a new one)."""
        with self._lock:
            self._journal.close()

    # -- reads ------------------------------------------------------------------------

    def get_task(self, task_id: str) -> TaskRecord | None:
        """The task with id ``task_id`` and its current status, or None."""
        with self._lock:
            self._index.refresh()
            return self._task_record(task_id)

    def _task_record(self, task_id: str) -> TaskRecord | None:
        registration = _read_model(self._task_path(task_id), TaskRegistration)
        if registration is None:
            return None
        runs = self._index.runs_of(task_id)
        if runs:
            status = TaskStatus(runs[0].status.value)
        else:
            status = TaskStatus.COMPLETED if registration.complete else TaskStatus.PENDING
        return TaskRecord(registration=registration, status=status)

    def list_tasks(self) -> list[TaskRecord]:
        """Every registered task (unordered reads, returned sorted by creation time)."""
        records = []
        with self._lock:
            self._index.refresh()
            for path in (self.root / "tasks").glob("*/*.json"):
                record = self._task_record(path.stem)
                if record is not None:
                    records.append(record)
        return sorted(records, key=lambda record: record.registration.created_at)

    def list_runs(self, task_id: str, limit: int | None = None) -> list[RunRecord]:
        """Runs of ``task_id``, newest first."""
        with self._lock:
            self._index.refresh()
            runs = self._index.runs_of(task_id)
        return runs if limit is None else runs[:limit]

    def get_run(self, run_id: str) -> RunRecord | None:
        """The run ``run_id``, or None."""
        with self._lock:
            self._index.refresh()
            return self._index.run(run_id)

    def get_logs(self, run_id: str) -> list[LogRecord]:
        """Captured log records of run ``run_id`` in order (empty when none)."""
        with self._lock:
            self._index.refresh()
            return self._index.logs(run_id)

    def get_build(self, build_id: str) -> BuildRecord | None:
        """The build ``build_id``, or None."""
        return _read_model(self._build_path(build_id), BuildRecord)

    def list_builds(self) -> list[BuildRecord]:
        """All builds, newest first."""
        builds = [_read_model(path, BuildRecord) for path in (self.root / "builds").glob("*.json")]
        return sorted(
            (build for build in builds if build is not None),
            key=lambda build: build.started_at,
            reverse=True,
        )


M = TypeVar("M", bound=BaseModel)


def _read_model(path: str | Path, model: type[M]) -> M | None:
    """The model stored at ``path``; None when missing or unreadable (torn by a crash)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        return None
    try:
        return model.model_validate(json.loads(text))
    except ValueError:  # JSONDecodeError and ValidationError
        logger.warning("ignoring unreadable registry file %s", path)
        return None
