"""``StardagClient``: typed reads of the registry service over HTTP.

The client returns the service's JSON as typed dicts (see ``models.py``) and turns
every failure into a domain error from ``errors.py``, so callers never deal with
sockets, status codes or error bodies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from types import TracebackType
from typing import Any, cast
from urllib.parse import quote

from stardag.client._transport import JsonResponse, JsonTransport, QueryValue
from stardag.client.errors import AmbiguousTaskId, ApiError, NotFound, TaskNotFound
from stardag.client.models import (
    BuildDetail,
    BuildPublic,
    Direction,
    FamilyCounts,
    Health,
    LogPage,
    RelatedTasks,
    RunPublic,
    Stats,
    TaskDetail,
    TaskGraph,
    TaskPage,
    TaskPublic,
)

API_PREFIX = "/api/v1"
MAX_PAGE_SIZE = 500  # the service's upper bound for ``limit`` on task listings


class StardagClient:
    """Reads tasks, runs, logs and statistics from a Stardag registry server.

    ``url`` is the server's base URL (``http://127.0.0.1:8420``). Every method
    raises ``ServerUnreachable`` when no server answers and ``ApiError`` (or a
    subclass: ``TaskNotFound``, ``AmbiguousTaskId``, ``NotFound``) when the server
    rejects the request.
    """

    def __init__(self, url: str, *, timeout: float = 10.0) -> None:
        self.url = url.rstrip("/")
        self._transport = JsonTransport(self.url, timeout)

    # -- lifecycle -----------------------------------------------------------

    def close(self) -> None:
        """Close the kept-alive connection (the client stays usable)."""
        self._transport.close()

    def __enter__(self) -> StardagClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- server --------------------------------------------------------------

    def health(self) -> Health:
        """The server's liveness answer; ``ApiError`` (503) when its database is down."""
        return cast(Health, self._get("/health"))

    def stats(self) -> Stats:
        """Counts of tasks, runs and builds, and tasks by status."""
        return cast(Stats, self._get(f"{API_PREFIX}/stats"))

    # -- tasks ---------------------------------------------------------------

    def list_tasks(
        self,
        *,
        family: str | None = None,
        namespace: str | None = None,
        status: Sequence[str] | None = None,
        search: str | None = None,
        params: Mapping[str, str] | None = None,
        sort: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> TaskPage:
        """One page of tasks matching the filters (``next_cursor`` continues it).

        ``params`` compares parameter values (``{"limit": "10"}``); ``limit`` is
        capped at the service's maximum page size.
        """
        query: dict[str, QueryValue] = {
            "family": family,
            "namespace": namespace,
            "status": list(status) if status else None,
            "search": search,
            "sort": sort,
            "limit": min(limit, MAX_PAGE_SIZE),
            "cursor": cursor,
        }
        for name, value in (params or {}).items():
            query[f"param.{name}"] = value
        return cast(TaskPage, self._get(f"{API_PREFIX}/tasks", query))

    def iter_tasks(self, *, limit: int | None = None, **filters: Any) -> Iterator[TaskPublic]:
        """Tasks matching ``filters`` (as in ``list_tasks``), following cursors.

        Stops after ``limit`` tasks when given.
        """
        remaining = limit
        cursor: str | None = None
        while remaining is None or remaining > 0:
            page_size = MAX_PAGE_SIZE if remaining is None else min(remaining, MAX_PAGE_SIZE)
            page = self.list_tasks(limit=page_size, cursor=cursor, **filters)
            yield from page["items"]
            if remaining is not None:
                remaining -= len(page["items"])
            cursor = page["next_cursor"]
            if not cursor or not page["items"]:
                return

    def get_task(self, id_or_prefix: str) -> TaskDetail:
        """The task with this id, or the only task whose id starts with this prefix.

        Raises ``TaskNotFound`` or ``AmbiguousTaskId`` (with the candidates).
        """
        return cast(TaskDetail, self._get_task_resource(id_or_prefix, ""))

    def upstream(self, task_id: str, *, depth: int = 1, limit: int | None = None) -> RelatedTasks:
        """Tasks ``task_id`` depends on, up to ``depth`` edges away (0 = all)."""
        query: dict[str, QueryValue] = {"depth": depth, "limit": limit}
        return cast(RelatedTasks, self._get_task_resource(task_id, "/upstream", query))

    def downstream(self, task_id: str, *, depth: int = 1, limit: int | None = None) -> RelatedTasks:
        """Tasks that depend on ``task_id``, up to ``depth`` edges away (0 = all)."""
        query: dict[str, QueryValue] = {"depth": depth, "limit": limit}
        return cast(RelatedTasks, self._get_task_resource(task_id, "/downstream", query))

    def graph(
        self,
        task_id: str,
        *,
        direction: Direction = "both",
        depth: int = 2,
        max_nodes: int | None = None,
    ) -> TaskGraph:
        """Nodes and edges of the neighbourhood of ``task_id`` (the root has depth 0)."""
        query: dict[str, QueryValue] = {
            "direction": direction,
            "depth": depth,
            "max_nodes": max_nodes,
        }
        return cast(TaskGraph, self._get_task_resource(task_id, "/graph", query))

    def task_runs(self, task_id: str, *, limit: int | None = None) -> list[RunPublic]:
        """Execution attempts of ``task_id``, newest first."""
        body = self._get_task_resource(task_id, "/runs", {"limit": limit})
        return cast(list[RunPublic], body["items"])

    # -- runs, families, builds ----------------------------------------------

    def run(self, run_id: str) -> RunPublic:
        """One run; ``NotFound`` when the id is unknown."""
        return cast(RunPublic, self._get(f"{API_PREFIX}/runs/{_segment(run_id)}"))

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
        query: dict[str, QueryValue] = {
            "level": level,
            "search": search,
            "limit": limit,
            "after_seq": after_seq,
        }
        return cast(LogPage, self._get(f"{API_PREFIX}/runs/{_segment(run_id)}/logs", query))

    def families(self, *, namespace: str | None = None) -> list[FamilyCounts]:
        """Task families with their counts per status."""
        body = self._get(f"{API_PREFIX}/families", {"namespace": namespace})
        return cast(list[FamilyCounts], body["items"])

    def builds(self, *, limit: int | None = None, status: str | None = None) -> list[BuildPublic]:
        """Recent builds, newest first, with their tasks counted per state."""
        body = self._get(f"{API_PREFIX}/builds", {"limit": limit, "status": status})
        return cast(list[BuildPublic], body["items"])

    def build(self, id_or_prefix: str) -> BuildDetail:
        """A build with every task's state; a prefix matches among the 500 latest builds.

        Raises ``NotFound`` for an unknown build or ``ApiError`` (409) for an ambiguous prefix.
        """
        build_id = self._resolve_build_id(id_or_prefix)
        return cast(BuildDetail, self._get(f"{API_PREFIX}/builds/{_segment(build_id)}"))

    def _resolve_build_id(self, id_or_prefix: str) -> str:
        prefix = id_or_prefix.strip().lower()
        if len(prefix) == 36:
            return prefix
        matches = [
            b["build_id"] for b in self.builds(limit=500) if b["build_id"].startswith(prefix)
        ]
        if not matches:
            raise NotFound(404, "not_found", f"No recent build id starts with {id_or_prefix!r}.")
        if len(matches) > 1:
            raise ApiError(
                409,
                "ambiguous_prefix",
                f"The build id prefix {id_or_prefix!r} matches {len(matches)} builds; "
                "use a longer prefix.",
            )
        return matches[0]

    def changes(
        self,
        *,
        build_ids: Sequence[str] = (),
        task_ids: Sequence[str] = (),
        run_ids: Sequence[str] = (),
    ) -> Iterator[tuple[str, Any]]:
        """Live ``(event, data)`` pairs of ``GET /api/v1/stream`` (see ``stream.py``)."""
        from stardag.client.stream import stream_changes

        query: dict[str, QueryValue] = {
            "build_id": list(build_ids) or None,
            "task_id": list(task_ids) or None,
            "run_id": list(run_ids) or None,
        }
        return stream_changes(self.url, f"{API_PREFIX}/stream", query)

    # -- plumbing ------------------------------------------------------------

    def _get_task_resource(
        self, id_or_prefix: str, suffix: str, query: dict[str, QueryValue] | None = None
    ) -> Any:
        path = f"{API_PREFIX}/tasks/{_segment(id_or_prefix)}{suffix}"
        try:
            return self._get(path, query)
        except AmbiguousTaskId as exc:
            raise AmbiguousTaskId(id_or_prefix, exc.candidates, exc.detail) from None
        except NotFound as exc:
            raise TaskNotFound(id_or_prefix, exc.detail) from None

    def _get(self, path: str, query: dict[str, QueryValue] | None = None) -> Any:
        response = self._transport.get(path, query)
        if 200 <= response.status_code < 300:
            return response.body
        raise _error_from(response)


def _segment(value: str) -> str:
    return quote(value, safe="")


def _error_from(response: JsonResponse) -> ApiError:
    body = response.body if isinstance(response.body, dict) else {}
    code = str(body.get("code") or "error")
    detail = body.get("detail")
    if not isinstance(detail, str):
        detail = f"The server answered HTTP {response.status_code}."
    if response.status_code == 409 and code == "ambiguous_prefix":
        candidates = [str(c) for c in body.get("candidates") or []]
        return AmbiguousTaskId("", candidates, detail)
    if response.status_code == 404:
        return NotFound(404, code, detail)
    return ApiError(response.status_code, code, detail)
