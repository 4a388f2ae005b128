"""A registry in plain JSON files, readable back through the same object.

Layout under the root (default ``$STARDAG_HOME/registry``)::

    tasks/<id[:2]>/<task_id>.json        TaskRegistration (edges merged on re-registration)
    tasks/<id[:2]>/<task_id>.runs        run ids of the task, one per line, oldest first
    runs/<id[:2]>/<run_id>.json          RunRecord (start, heartbeat, finish)
    logs/<id[:2]>/<run_id>.jsonl         LogRecord per line
    builds/<build_id>.json               BuildRecord

Files are replaced atomically (temporary file + rename). One process writes
through one lock; several processes writing the same task keep the last write.
A task's status is its latest run's status, or ``pending`` before any run.
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
from pathlib import Path
from typing import ParamSpec, TypeVar

from pydantic import BaseModel

from stardag.registry.base import RegistryABC
from stardag.registry.models import (
    BuildStart,
    BuildStatus,
    LogRecord,
    RunFinish,
    RunStart,
    RunStatus,
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

    def write_atomic(self, path: Path, text: str) -> None:
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

    def create(self, path: Path, text: str) -> bool:
        """Write a new file; False (nothing written) when it already exists.

        Cheaper than :meth:`write_atomic` (no rename). A crash mid-write can leave a
        torn file; readers treat an unreadable file as absent and the next
        registration rewrites it atomically.
        """
        target = str(path)
        self._ensure_parent(target)
        try:
            with open(target, "x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            return False
        return True

    def append_lines(self, path: Path, lines: Sequence[str]) -> None:
        target = str(path)
        self._ensure_parent(target)
        with open(target, "a", encoding="utf-8") as handle:
            handle.write("".join(f"{line}\n" for line in lines))


class FileSystemRegistry(RegistryABC):
    """Records tasks, runs, logs and builds as JSON files under ``root``."""

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        if root is None:
            from stardag.config import get_settings

            root = get_settings().registry_root
        self.root = Path(root).expanduser().absolute()
        self._lock = threading.Lock()
        self._known_tasks: set[str] = set()
        self._open_runs: dict[str, RunRecord] = {}
        self._open_builds: dict[str, BuildRecord] = {}
        self._files = _Files()

    def __repr__(self) -> str:
        return f"FileSystemRegistry({str(self.root)!r})"

    # -- paths ------------------------------------------------------------------------

    def _task_path(self, task_id: str) -> Path:
        return self.root / "tasks" / task_id[:2] / f"{task_id}.json"

    def _task_runs_path(self, task_id: str) -> Path:
        return self.root / "tasks" / task_id[:2] / f"{task_id}.runs"

    def _run_path(self, run_id: str) -> Path:
        return self.root / "runs" / run_id[:2] / f"{run_id}.json"

    def _logs_path(self, run_id: str) -> Path:
        return self.root / "logs" / run_id[:2] / f"{run_id}.jsonl"

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
        if task_id in self._known_tasks and not registration.dependencies:
            return
        path = self._task_path(task_id)
        if self._files.create(path, registration.model_dump_json()):
            self._known_tasks.add(task_id)
            return
        existing = _read_model(path, TaskRegistration)
        if existing is None:  # torn by a crash: replace it
            self._files.write_atomic(path, registration.model_dump_json())
        else:
            missing = [d for d in registration.dependencies if d not in existing.dependencies]
            if missing:
                merged = existing.model_copy(
                    update={"dependencies": [*existing.dependencies, *missing]}
                )
                self._files.write_atomic(path, merged.model_dump_json())
        self._known_tasks.add(task_id)

    @_never_raises
    def start_run(self, run: RunStart) -> None:
        record = RunRecord(status=RunStatus.RUNNING, **run.model_dump())
        with self._lock:
            self._open_runs[run.run_id] = record
            if not self._files.create(self._run_path(run.run_id), record.model_dump_json()):
                raise ValueError(f"run {run.run_id} was already started")
            self._files.append_lines(self._task_runs_path(run.task_id), [run.run_id])

    @_never_raises
    def heartbeat(self, run_id: str) -> None:
        with self._lock:
            record = self._open_runs.get(run_id)
            if record is None:
                return
            record = record.model_copy(update={"last_heartbeat_at": utc_now()})
            self._open_runs[run_id] = record
            self._files.write_atomic(self._run_path(run_id), record.model_dump_json())

    @_never_raises
    def finish_run(self, run_id: str, finish: RunFinish) -> None:
        with self._lock:
            record = self._open_runs.pop(run_id, None) or self.get_run(run_id)
            if record is None:
                raise ValueError(f"unknown run {run_id}")
            finished = record.model_copy(update=finish.model_dump())
            self._files.write_atomic(self._run_path(run_id), finished.model_dump_json())

    @_never_raises
    def append_logs(self, run_id: str, records: Sequence[LogRecord]) -> None:
        if not records:
            return
        with self._lock:
            self._files.append_lines(
                self._logs_path(run_id), [r.model_dump_json() for r in records]
            )

    # -- reads ------------------------------------------------------------------------

    def get_task(self, task_id: str) -> TaskRecord | None:
        """The task with id ``task_id`` and its current status, or None."""
        registration = _read_model(self._task_path(task_id), TaskRegistration)
        if registration is None:
            return None
        runs = self.list_runs(task_id, limit=1)
        status = TaskStatus(runs[0].status.value) if runs else TaskStatus.PENDING
        return TaskRecord(registration=registration, status=status)

    def list_tasks(self) -> list[TaskRecord]:
        """Every registered task (unordered reads, returned sorted by creation time)."""
        records = []
        for path in (self.root / "tasks").glob("*/*.json"):
            record = self.get_task(path.stem)
            if record is not None:
                records.append(record)
        return sorted(records, key=lambda record: record.registration.created_at)

    def list_runs(self, task_id: str, limit: int | None = None) -> list[RunRecord]:
        """Runs of ``task_id``, newest first."""
        try:
            lines = self._task_runs_path(task_id).read_text(encoding="utf-8").split()
        except FileNotFoundError:
            return []
        run_ids = list(reversed(lines))
        if limit is not None:
            run_ids = run_ids[:limit]
        runs = [self.get_run(run_id) for run_id in run_ids]
        return [run for run in runs if run is not None]

    def get_run(self, run_id: str) -> RunRecord | None:
        """The run ``run_id``, or None."""
        return _read_model(self._run_path(run_id), RunRecord)

    def get_logs(self, run_id: str) -> list[LogRecord]:
        """Captured log records of run ``run_id`` in order (empty when none)."""
        try:
            text = self._logs_path(run_id).read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [LogRecord.model_validate_json(line) for line in text.splitlines() if line]

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


def _read_model(path: Path, model: type[M]) -> M | None:
    """The model stored at ``path``; None when missing or unreadable (torn by a crash)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return model.model_validate(json.loads(text))
    except ValueError:  # JSONDecodeError and ValidationError
        logger.warning("ignoring unreadable registry file %s", path)
        return None
