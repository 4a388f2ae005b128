"""One contract, every registry backend: what a build records, read back the same way.

Each test builds real DAGs with ``sd.build`` reporting to one backend — the
file-system registry (JSON files) or the API registry (a real uvicorn on a real
PostgreSQL) — and reads the result through that backend's ``RegistryReader``
(``FileSystemReader`` / ``StardagClient``), asserting the same rows for both.
Every DAG gets parameters of its own, so tests sharing a server never see each
other's tasks in what they assert on.
"""

from __future__ import annotations

import itertools
import logging
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import stardag as sd
from stardag.client import NotFound, StardagClient, TaskNotFound
from stardag.client.reader import RegistryReader
from stardag.config import reset_settings
from stardag.registry import registry_provider
from stardag.registry.base import RegistryABC
from stardag.registry.filesystem import FileSystemRegistry
from stardag.registry.fs_reader import FileSystemReader
from stardag_testing import LiveServer, migrate

log = logging.getLogger("contract.registry")
# A tag per DAG, so each test's task ids are new even on a server shared by the module.
_tags = itertools.count(int(uuid.uuid4().int % 10**12))


class Source(sd.AutoTask[list[int]]):
    __namespace__ = "contract"
    rows: int
    tag: int

    def run(self) -> None:
        log.info("loading %d rows", self.rows)
        print(f"printed {self.rows}")
        print("to stderr", file=sys.stderr)
        self.output().save(list(range(self.rows)))


class Double(sd.AutoTask[list[int]]):
    __namespace__ = "contract"
    data: sd.TaskLoads[list[int]]

    def requires(self) -> sd.Task[Any]:
        return self.data

    def run(self) -> None:
        self.output().save([2 * x for x in self.data.output().load()])


class Combine(sd.AutoTask[int]):
    __namespace__ = "contract"
    left: sd.TaskLoads[list[int]]
    right: sd.TaskLoads[list[int]]

    def requires(self) -> dict[str, sd.Task[Any]]:
        return {"left": self.left, "right": self.right}

    def run(self) -> None:
        log.warning("combining")
        self.output().save(sum(self.left.output().load()) + sum(self.right.output().load()))


class Explode(sd.AutoTask[int]):
    __namespace__ = "contract"
    data: sd.TaskLoads[list[int]]

    def requires(self) -> sd.Task[Any]:
        return self.data

    def run(self) -> None:
        print("before the failure")
        raise ZeroDivisionError("rows / 0")


def diamond() -> tuple[Source, Double, Combine]:
    """source -> double -> combine, and source -> combine directly; fresh ids each call."""
    source = Source(rows=3, tag=next(_tags))
    double = Double(data=source)
    return source, double, Combine(left=double, right=source)


@dataclass
class Backend:
    """A registry builds write to and the reader of what they wrote."""

    name: str
    new_registry: Callable[[], RegistryABC]
    reader: RegistryReader

    def build(self, root: sd.Task[Any]) -> None:
        """``sd.build(root)`` reporting here; everything sent before it returns."""
        registry = self.new_registry()
        try:
            with registry_provider.override(registry):
                sd.build(root, raise_on_failure=True)
        finally:
            registry.close()  # the API registry flushes its queue on close


@pytest.fixture(scope="module")
def live_server(postgres_url: str) -> Iterator[LiveServer]:
    migrate(postgres_url)
    server = LiveServer(postgres_url).start()
    yield server
    server.stop()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("STARDAG_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STARDAG_COMMIT_HASH", "c0ffee")
    monkeypatch.setenv("STARDAG_REGISTRY", "noop")  # every build here names its registry
    reset_settings()
    yield tmp_path / "home"
    registry_provider.reset()
    reset_settings()


@pytest.fixture(params=["fs", "api"])
def backend(request: pytest.FixtureRequest, home: Path) -> Iterator[Backend]:
    if request.param == "fs":
        root = home / "registry"
        yield Backend("fs", lambda: FileSystemRegistry(root), FileSystemReader(root))
        return
    from stardag.registry.api import APIRegistry

    server: LiveServer = request.getfixturevalue("live_server")
    with StardagClient(server.url) as client:
        yield Backend("api", lambda: APIRegistry(server.url, spool_root=home / "spool"), client)


def _mine(backend: Backend, ids: set[str], **filters: object) -> list[dict[str, object]]:
    rows = backend.reader.iter_tasks(limit=None, **filters)  # type: ignore[arg-type]
    return [dict(row) for row in rows if row["task_id"] in ids]


def test_a_build_is_listed_with_statuses_parameters_and_identity(backend: Backend) -> None:
    source, double, combine = diamond()
    backend.build(combine)
    rows = {
        row["task_id"]: row
        for row in _mine(backend, {source.task_id, double.task_id, combine.task_id})
    }
    assert set(rows) == {source.task_id, double.task_id, combine.task_id}
    for row in rows.values():
        assert row["status"] == "completed" and row["namespace"] == "contract"
        assert row["commit_hash"] == "c0ffee" and row["user"] and row["host"]
        assert row["started_at"] and row["finished_at"] and row["duration_seconds"] is not None
    assert rows[source.task_id]["parameters"] == {"rows": 3, "tag": source.tag}
    assert rows[double.task_id]["parameters"] == {
        "data": {"__task_id__": source.task_id, "family": "Source", "namespace": "contract"}
    }
    assert rows[combine.task_id]["output_uri"] == combine.output().uri


def test_lists_filter_by_family_status_and_search_newest_first(backend: Backend) -> None:
    source, double, combine = diamond()
    backend.build(combine)
    ids = {source.task_id, double.task_id, combine.task_id}
    assert [row["task_id"] for row in _mine(backend, ids, family="Double")] == [double.task_id]
    assert _mine(backend, ids, status=["failed"]) == []
    assert {row["task_id"] for row in _mine(backend, ids, status=["completed"])} == ids
    assert [row["task_id"] for row in _mine(backend, ids, search="doub")] == [double.task_id]
    # An id prefix finds the task, and the tasks whose parameters name it.
    assert {row["task_id"] for row in _mine(backend, ids, search=source.task_id[:8])} == ids
    assert {row["task_id"] for row in _mine(backend, ids, search=combine.task_id[:8])} == {
        combine.task_id
    }
    updated = [str(row["updated_at"]) for row in _mine(backend, ids)]
    assert updated == sorted(updated, reverse=True)
    assert len(list(backend.reader.iter_tasks(limit=2))) == 2


def test_detail_by_prefix_with_task_data_counts_and_latest_run(backend: Backend) -> None:
    source, double, combine = diamond()
    backend.build(combine)
    detail = backend.reader.get_task(double.task_id[:10])
    assert detail["task_id"] == double.task_id
    assert sd.load_task(detail["task_data"]) == double
    assert (detail["upstream_count"], detail["downstream_count"]) == (1, 1)
    assert backend.reader.get_task(source.task_id)["downstream_count"] == 2
    latest = detail["latest_run"]
    assert latest is not None and latest["status"] == "completed"
    assert latest["error_message"] is None and latest["commit_hash"] == "c0ffee"


def test_runs_and_logs_in_order_with_streams_and_levels(backend: Backend) -> None:
    source, _, combine = diamond()
    backend.build(combine)
    [run] = backend.reader.task_runs(source.task_id)
    assert run["task_id"] == source.task_id and run["status"] == "completed" and run["build_id"]
    page = backend.reader.run_logs(run["run_id"])
    assert [(r["stream"], r["level"], r["message"]) for r in page["items"]] == [
        ("log", "INFO", f"loading {source.rows} rows"),
        ("stdout", "INFO", f"printed {source.rows}"),
        ("stderr", "WARNING", "to stderr"),
    ]
    assert page["items"][0]["logger"] == "contract.registry"
    assert [r["seq"] for r in page["items"]] == [0, 1, 2]
    assert page["next_after_seq"] is None
    warnings = backend.reader.run_logs(run["run_id"], level="WARNING")["items"]
    assert [r["message"] for r in warnings] == ["to stderr"]
    first = backend.reader.run_logs(run["run_id"], limit=1)
    assert len(first["items"]) == 1 and first["next_after_seq"] == 0
    rest = backend.reader.run_logs(run["run_id"], after_seq=0)["items"]
    assert [r["seq"] for r in rest] == [1, 2]


def test_a_failure_keeps_its_error_and_the_state_of_the_rest(backend: Backend) -> None:
    source = Source(rows=3, tag=next(_tags))
    broken = Explode(data=source)
    downstream = Double(data=broken)
    with pytest.raises(sd.TaskFailedError):
        backend.build(downstream)
    ids = {source.task_id, broken.task_id, downstream.task_id}
    statuses = {row["task_id"]: row["status"] for row in _mine(backend, ids)}
    # The service records that the build did not run the downstream task because its
    # upstream failed; the file-system registry keeps no per-build states yet.
    not_run = "upstream_failed" if backend.name == "api" else "pending"
    assert statuses == {
        source.task_id: "completed",
        broken.task_id: "failed",
        downstream.task_id: not_run,
    }
    assert [row["task_id"] for row in _mine(backend, ids, status=["failed"])] == [broken.task_id]
    run = backend.reader.get_task(broken.task_id)["latest_run"]
    assert run is not None and run["status"] == "failed"
    assert run["error_message"] == "ZeroDivisionError: rows / 0"
    assert run["traceback"] and 'raise ZeroDivisionError("rows / 0")' in run["traceback"]
    logs = backend.reader.run_logs(run["run_id"])["items"]
    assert [r["message"] for r in logs] == ["before the failure"]
    assert backend.reader.get_task(downstream.task_id)["latest_run"] is None


def test_building_again_adds_no_task_and_no_run(backend: Backend) -> None:
    source, double, combine = diamond()
    backend.build(combine)
    backend.build(combine)  # complete: nothing runs, nothing is registered twice
    ids = {source.task_id, double.task_id, combine.task_id}
    assert len(_mine(backend, ids)) == 3
    assert all(len(backend.reader.task_runs(task_id)) == 1 for task_id in ids)


def test_graph_walks_edges_both_ways_with_depths(backend: Backend) -> None:
    source, double, combine = diamond()
    backend.build(combine)
    graph = backend.reader.graph(combine.task_id, direction="upstream", depth=0)
    assert graph["root_id"] == combine.task_id and not graph["truncated"]
    assert {node["task_id"]: node["depth"] for node in graph["nodes"]} == {
        combine.task_id: 0, double.task_id: 1, source.task_id: 1,
    }  # fmt: skip
    assert {(edge["upstream_id"], edge["downstream_id"]) for edge in graph["edges"]} == {
        (source.task_id, double.task_id),
        (double.task_id, combine.task_id),
        (source.task_id, combine.task_id),
    }  # fmt: skip
    down = backend.reader.graph(source.task_id, direction="downstream", depth=1)
    assert {node["task_id"] for node in down["nodes"]} == {
        source.task_id,
        double.task_id,
        combine.task_id,
    }
    near = backend.reader.graph(double.task_id, depth=1)
    assert {node["task_id"] for node in near["nodes"]} == {
        double.task_id,
        source.task_id,
        combine.task_id,
    }


def test_unknown_tasks_and_runs_are_not_found(backend: Backend) -> None:
    with pytest.raises(TaskNotFound):
        backend.reader.get_task("ffffffff-0000-5000-8000-000000000000")
    with pytest.raises(TaskNotFound):
        backend.reader.get_task("fffff0")
    with pytest.raises(NotFound):
        backend.reader.run_logs("ffffffff-0000-4000-8000-000000000000")
