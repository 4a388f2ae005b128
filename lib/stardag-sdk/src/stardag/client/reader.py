"""``RegistryReader``: the one read interface of a registry, whatever stores it.

:class:`stardag.client.StardagClient` implements it over HTTP (the service) and
:class:`stardag.registry.fs_reader.FileSystemReader` over the JSON files of the
file-system registry, so the CLI (and any other caller) reads both the same way
and gets the same rows: the typed dicts of ``models.py`` (``docs/api.md``).

Errors are the same too: ``TaskNotFound``, ``AmbiguousTaskId`` (an id prefix
matching several tasks), ``NotFound`` (an unknown run), and, for the server only,
``ServerUnreachable`` and ``ApiError``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Protocol, runtime_checkable

from stardag.client.models import Direction, LogPage, RunPublic, TaskDetail, TaskGraph, TaskPublic


@runtime_checkable
class RegistryReader(Protocol):
    """Reads tasks, their dependencies, runs and logs from one registry."""

    def iter_tasks(
        self,
        *,
        limit: int | None = None,
        family: str | None = None,
        namespace: str | None = None,
        status: Sequence[str] | None = None,
        search: str | None = None,
    ) -> Iterator[TaskPublic]:
        """Tasks matching the filters, most recently updated first; at most ``limit``.

        ``search`` matches an id prefix, a family prefix (case-insensitive) or a
        parameter value.
        """
        ...

    def get_task(self, id_or_prefix: str) -> TaskDetail:
        """The task with this id, or the only one whose id starts with this prefix."""
        ...

    def graph(
        self,
        task_id: str,
        *,
        direction: Direction = "both",
        depth: int = 2,
        max_nodes: int | None = None,
    ) -> TaskGraph:
        """Nodes and edges around ``task_id`` (the root has depth 0; depth 0 = all)."""
        ...

    def task_runs(self, task_id: str, *, limit: int | None = None) -> list[RunPublic]:
        """Execution attempts of ``task_id``, newest first."""
        ...

    def run_logs(
        self,
        run_id: str,
        *,
        level: str | None = None,
        search: str | None = None,
        limit: int | None = None,
        after_seq: int | None = None,
    ) -> LogPage:
        """Log records of a run in order; continue with ``after_seq=next_after_seq``."""
        ...

    def close(self) -> None: ...

    def __enter__(self) -> RegistryReader: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
