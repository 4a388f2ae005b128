"""``FileSystemReader``: the read interface (``RegistryReader``) over the file-system registry.

Gives back exactly the rows the service does (``stardag.client.models``), so
``stardag tasks ls/show/deps`` print the same thing with or without a server.
It reads the whole registry folder per call: meant for a person's own builds, not
for millions of tasks (that is what the service is for).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from stardag.client.errors import AmbiguousTaskId, NotFound, TaskNotFound
from stardag.client.models import (
    Direction,
    Edge,
    LogPage,
    LogRecordPublic,
    RelatedTask,
    RunPublic,
    TaskDetail,
    TaskGraph,
    TaskPublic,
)
from stardag.registry.filesystem import FileSystemRegistry
from stardag.registry.records import RunRecord, TaskRecord

MIN_PREFIX_LENGTH = 4  # as the service: shorter prefixes match too much to be useful
MAX_CANDIDATES = 10
DEFAULT_MAX_NODES = 500
DEFAULT_LOG_LIMIT = 1000
LEVEL_NUMBERS = {"DEBUG": 10, "INFO": 20, "WARNING": 30, "ERROR": 40, "CRITICAL": 50}
_WORD = re.compile(r"\w+")


def _iso(moment: datetime | None) -> str | None:
    """A timestamp as the service writes it (UTC, ``Z``)."""
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _run_public(run: RunRecord) -> RunPublic:
    return RunPublic(
        run_id=run.run_id,
        task_id=run.task_id,
        build_id=run.build_id,
        status=run.status.value,
        started_at=_iso(run.started_at) or "",
        finished_at=_iso(run.finished_at),
        duration_seconds=run.duration_seconds,
        last_heartbeat_at=_iso(run.last_heartbeat_at),
        user=run.user,
        host=run.host,
        commit_hash=run.commit_hash,
        error_message=run.error_message,
        traceback=run.traceback,
    )


class _Snapshot:
    """Every task of the registry with its latest run and its edges, read once."""

    def __init__(self, registry: FileSystemRegistry) -> None:
        self.registry = registry
        self.records: dict[str, TaskRecord] = {r.task_id: r for r in registry.list_tasks()}
        self.downstream: dict[str, list[str]] = {}
        for record in self.records.values():
            for upstream_id in record.registration.dependencies:
                self.downstream.setdefault(upstream_id, []).append(record.task_id)

    def upstream(self, task_id: str) -> list[str]:
        record = self.records.get(task_id)
        return [] if record is None else list(record.registration.dependencies)

    def downstream_of(self, task_id: str) -> list[str]:
        return self.downstream.get(task_id, [])

    def public(self, task_id: str) -> TaskPublic:
        record = self.records[task_id]
        registration = record.registration
        runs = self.registry.list_runs(task_id, limit=1)
        latest = runs[0] if runs else None
        changed = [registration.created_at]
        if latest is not None:
            changed += [latest.started_at, *([latest.finished_at] if latest.finished_at else [])]
        return TaskPublic(
            task_id=task_id,
            namespace=registration.namespace,
            family=registration.family,
            version=registration.version,
            parameters=registration.parameters,
            output_uri=registration.output_uri,
            status=record.status.value,
            created_at=_iso(registration.created_at) or "",
            updated_at=_iso(max(changed)) or "",
            started_at=_iso(latest.started_at) if latest else None,
            finished_at=_iso(latest.finished_at) if latest else None,
            duration_seconds=latest.duration_seconds if latest else None,
            user=registration.user,
            host=registration.host,
            commit_hash=registration.commit_hash,
        )


def _matches_search(row: TaskPublic, query: str) -> bool:
    needle = query.strip().lower()
    if not needle:
        return True
    if row["task_id"].startswith(needle) or row["family"].lower().startswith(needle):
        return True
    words = {word for value in _scalar_values(row["parameters"]) for word in _WORD.findall(value)}
    return all(word in words for word in _WORD.findall(needle))


def _scalar_values(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _scalar_values(item)
    elif isinstance(value, list):
        for item in value:
            yield from _scalar_values(item)
    elif value is not None:
        yield str(value).lower()


class FileSystemReader:
    """Reads a :class:`FileSystemRegistry` folder; implements ``RegistryReader``."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.registry = FileSystemRegistry(root)
        self.root = self.registry.root

    def __repr__(self) -> str:
        return f"FileSystemReader({str(self.root)!r})"

    # -- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        """Nothing to release (files are read per call)."""

    def __enter__(self) -> FileSystemReader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- tasks ------------------------------------------------------------------------

    def iter_tasks(
        self,
        *,
        limit: int | None = None,
        family: str | None = None,
        namespace: str | None = None,
        status: Sequence[str] | None = None,
        search: str | None = None,
    ) -> Iterator[TaskPublic]:
        snapshot = _Snapshot(self.registry)
        rows = [snapshot.public(task_id) for task_id in snapshot.records]
        wanted = set(status or ())
        rows = [
            row
            for row in rows
            if (family is None or row["family"] == family)
            and (namespace is None or row["namespace"] == namespace)
            and (not wanted or row["status"] in wanted)
            and (search is None or _matches_search(row, search))
        ]
        rows.sort(key=lambda row: (row["updated_at"], row["task_id"]), reverse=True)
        yield from rows if limit is None else rows[:limit]

    def get_task(self, id_or_prefix: str) -> TaskDetail:
        snapshot = _Snapshot(self.registry)
        task_id = self._resolve(snapshot, id_or_prefix)
        runs = self.registry.list_runs(task_id, limit=1)
        return TaskDetail(
            **snapshot.public(task_id),
            task_data=snapshot.records[task_id].registration.task_data,
            upstream_count=len(set(snapshot.upstream(task_id))),
            downstream_count=len(set(snapshot.downstream.get(task_id, ()))),
            latest_run=_run_public(runs[0]) if runs else None,
        )

    def graph(
        self,
        task_id: str,
        *,
        direction: Direction = "both",
        depth: int = 2,
        max_nodes: int | None = None,
    ) -> TaskGraph:
        snapshot = _Snapshot(self.registry)
        root_id = self._resolve(snapshot, task_id)
        budget = (max_nodes or DEFAULT_MAX_NODES) - 1
        depths: dict[str, int] = {root_id: 0}
        truncated = False
        walks: dict[str, Callable[[str], list[str]]] = {
            "upstream": snapshot.upstream,
            "downstream": snapshot.downstream_of,
        }
        for name in list(walks) if direction == "both" else [direction]:
            neighbours = walks[name]
            queue = deque([(root_id, 0)])
            seen = {root_id}
            while queue:
                current, distance = queue.popleft()
                if depth and distance >= depth:
                    continue
                for neighbour in sorted(set(neighbours(current))):
                    if neighbour in seen or neighbour not in snapshot.records:
                        continue
                    seen.add(neighbour)
                    if neighbour not in depths:
                        if budget <= 0:
                            truncated = True
                            continue
                        depths[neighbour] = distance + 1
                        budget -= 1
                    queue.append((neighbour, distance + 1))
        nodes = [RelatedTask(**snapshot.public(tid), depth=d) for tid, d in depths.items()]
        edges = [
            Edge(upstream_id=upstream_id, downstream_id=downstream_id)
            for downstream_id in depths
            for upstream_id in sorted(set(snapshot.upstream(downstream_id)))
            if upstream_id in depths
        ]
        edges.sort(key=lambda edge: (edge["upstream_id"], edge["downstream_id"]))
        return TaskGraph(root_id=root_id, nodes=nodes, edges=edges, truncated=truncated)

    def task_runs(self, task_id: str, *, limit: int | None = None) -> list[RunPublic]:
        if self.registry.get_task(task_id) is None:
            raise TaskNotFound(task_id)
        return [_run_public(run) for run in self.registry.list_runs(task_id, limit)]

    # -- runs -------------------------------------------------------------------------

    def run(self, run_id: str) -> RunPublic:
        found = self.registry.get_run(run_id)
        if found is None:
            raise NotFound(404, "not_found", f"No run has the id {run_id!r}.")
        return _run_public(found)

    def run_logs(
        self,
        run_id: str,
        *,
        level: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        after_seq: int | None = None,
    ) -> LogPage:
        self.run(run_id)
        minimum = LEVEL_NUMBERS.get((level or "DEBUG").upper(), 10)
        records = [
            LogRecordPublic(
                seq=record.seq if record.seq is not None else position,
                timestamp=_iso(record.timestamp) or "",
                level=record.level,
                logger=record.logger,
                message=record.message,
                stream=record.stream,
            )
            for position, record in enumerate(self.registry.get_logs(run_id))
        ]
        records = [
            record
            for record in sorted(records, key=lambda record: record["seq"])
            if LEVEL_NUMBERS.get(record["level"], 20) >= minimum
            and (after_seq is None or record["seq"] > after_seq)
            and (not search or search.lower() in record["message"].lower())
        ]
        page_size = limit or DEFAULT_LOG_LIMIT
        items = records[:page_size]
        more = len(records) > page_size
        return LogPage(items=items, next_after_seq=items[-1]["seq"] if more else None)

    # -- plumbing ---------------------------------------------------------------------

    def _resolve(self, snapshot: _Snapshot, id_or_prefix: str) -> str:
        """The full id of the task ``id_or_prefix`` names (as the service resolves it)."""
        needle = id_or_prefix.strip().lower()
        if needle in snapshot.records:
            return needle
        if len(needle) < MIN_PREFIX_LENGTH:
            raise TaskNotFound(id_or_prefix)
        candidates = sorted(tid for tid in snapshot.records if tid.startswith(needle))
        if not candidates:
            raise TaskNotFound(id_or_prefix)
        if len(candidates) > 1:
            raise AmbiguousTaskId(id_or_prefix, candidates[:MAX_CANDIDATES])
        return candidates[0]
