"""Several requests in flight at once, and still every event after what it depends on.

The live test builds a DAG through an APIRegistry with tiny batches and four
requests in flight against the real service: a batch sent before the batch that
registered its tasks (or started its runs) would be rejected with 422, so no
rejection and a complete record mean the order held. The unit tests pin down the
scheduling itself with a posting function that holds requests open.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import apiregistry_helpers as helpers
import pytest
import stardag as sd
from apiregistry_helpers import Api, LiveServer, migrate
from stardag.registry.api import APIRegistry
from stardag.registry.pipeline import InFlightBatches, OutgoingBatch
from stardag.registry.transport import ServerUnavailable

DONE: set[str] = set()


class PipelineLeaf(sd.BaseTask, namespace_override="apiregistry-pipeline-tests"):
    tag: str
    index: int

    def complete(self) -> bool:
        return self.task_id in DONE

    def run(self) -> None:
        DONE.add(self.task_id)


class PipelineGroup(sd.BaseTask, namespace_override="apiregistry-pipeline-tests"):
    tag: str
    leaves: list[PipelineLeaf]

    def requires(self) -> list[PipelineLeaf]:
        return self.leaves

    def complete(self) -> bool:
        return self.task_id in DONE

    def run(self) -> None:
        DONE.add(self.task_id)


class PipelineRoot(sd.BaseTask, namespace_override="apiregistry-pipeline-tests"):
    tag: str
    groups: list[PipelineGroup]

    def requires(self) -> list[PipelineGroup]:
        return self.groups

    def complete(self) -> bool:
        return self.task_id in DONE

    def run(self) -> None:
        DONE.add(self.task_id)


@pytest.fixture
def server(postgres_admin_url: str) -> Iterator[Any]:
    url = helpers.create_database(postgres_admin_url, prefix="stardag_pipeline")
    migrate(url)
    live = LiveServer(url).start()
    yield live
    live.stop()
    helpers.drop_database(postgres_admin_url, url)


def test_a_build_sent_in_many_concurrent_small_batches_arrives_whole(
    server: Any, stardag_home: Path
) -> None:
    tag = "pipeline"
    groups = [
        PipelineGroup(tag=tag, leaves=[PipelineLeaf(tag=tag, index=g * 10 + i) for i in range(9)])
        for g in range(12)
    ]
    root = PipelineRoot(tag=tag, groups=groups)
    tasks = 12 * 10 + 1
    # 3 events per task in batches of 16: about 23 requests, up to 4 at once;
    # registrations, states and runs each cross many batch boundaries.
    registry = APIRegistry(server.url, batch_events=16, max_in_flight=4)
    summary = sd.build(root, registry=registry)
    stats = registry.stats
    registry.close()

    assert summary.succeeded
    assert stats["rejected"] == 0 and stats["spooled"] == 0, stats
    assert stats["requests"] >= 3 * tasks // 16
    api = Api(server.url)
    build = api.get(f"/api/v1/builds/{summary.build_id}")
    assert build["status"] == "completed"
    assert build["state_counts"] == {"completed": tasks}
    assert api.task(root.task_id)["upstream_count"] == 12
    assert {item["task_id"] for item in api.get("/api/v1/tasks", limit=500)["items"]} >= {
        group.task_id for group in groups
    }


EXIT_WITHOUT_CLOSE = textwrap.dedent(
    """
    import sys, uuid
    from stardag.registry.api import APIRegistry
    from stardag.registry.models import BuildStart, TaskRegistration
    registry = APIRegistry(sys.argv[1], batch_events=10, max_in_flight=3)
    ids = [str(uuid.uuid4()) for _ in range(60)]
    registry.start_build(BuildStart(build_id=str(uuid.uuid4()), root_task_ids=ids[-1:]))
    registry.register_tasks([
        TaskRegistration(task_id=task_id, family="ExitWithoutClose",
                         dependencies=ids[index - 1 : index] if index else [])
        for index, task_id in enumerate(ids)
    ])
    print(" ".join(ids))  # and return: no flush, no close
    """
)


def test_a_script_that_exits_without_closing_still_delivers_everything(
    server: Any, stardag_home: Path
) -> None:
    # The atexit hook sends what is queued; posting threads must still take work
    # while the interpreter shuts down.
    done = subprocess.run(
        [sys.executable, "-c", EXIT_WITHOUT_CLOSE, server.url],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "STARDAG_HOME": str(stardag_home)},
        check=True,
    )
    ids = done.stdout.split()
    assert len(ids) == 60, done.stderr
    assert "rejected" not in done.stderr and "cannot" not in done.stderr, done.stderr
    api = Api(server.url)
    for task_id in (ids[0], ids[-1]):
        assert api.task(task_id)["family"] == "ExitWithoutClose"
    assert api.upstream_ids(ids[-1]) == {ids[-2]}


class HeldPosts:
    """A posting function whose requests stay open until released, recording the order."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.release: dict[str, threading.Event] = {}
        self.fail: set[str] = set()
        self.lock = threading.Lock()

    def __call__(self, lines: list[str]) -> int:
        name = lines[0]
        with self.lock:
            self.started.append(name)
            gate = self.release.setdefault(name, threading.Event())
        gate.wait(10)
        if name in self.fail:
            raise ServerUnavailable("gone")
        return len(lines)

    def open(self, name: str) -> None:
        with self.lock:
            self.release.setdefault(name, threading.Event()).set()

    def wait_started(self, name: str) -> None:
        deadline = time.monotonic() + 10
        while name not in self.started:
            assert time.monotonic() < deadline, f"{name} never posted"
            time.sleep(0.005)


def batch(name: str, creates: tuple[str, ...] = (), references: tuple[str, ...] = ()) -> Any:
    outgoing = OutgoingBatch()
    outgoing.add(name)
    outgoing.creates.extend(creates)
    outgoing.references.update(references)
    return outgoing


def test_a_batch_waits_for_the_batch_that_created_what_it_names() -> None:
    posts = HeldPosts()
    delivered: list[int] = []
    in_flight = InFlightBatches(posts, delivered.append, max_in_flight=3)
    assert in_flight.send(batch("register t1", creates=("t1",)))
    assert in_flight.send(batch("register t2", creates=("t2",)))  # independent: goes at once
    posts.wait_started("register t1")
    posts.wait_started("register t2")

    sender = threading.Thread(
        target=in_flight.send, args=(batch("start run of t1", references=("t1",)),)
    )
    sender.start()
    time.sleep(0.2)
    assert "start run of t1" not in posts.started  # t1's registration is still in flight
    posts.open("register t1")
    posts.wait_started("start run of t1")
    sender.join(10)
    for name in ("register t2", "start run of t1"):
        posts.open(name)
    in_flight.shutdown()
    assert posts.started.index("start run of t1") > posts.started.index("register t1")
    assert sum(delivered) == 3 and not in_flight.take_failed()


def test_a_barrier_waits_for_everything_and_a_failure_stops_what_depends_on_it() -> None:
    posts = HeldPosts()
    in_flight = InFlightBatches(posts, lambda accepted: None, max_in_flight=3)
    posts.fail.add("register t1")
    assert in_flight.send(batch("register t1", creates=("t1",)))
    assert in_flight.send(batch("register t2", creates=("t2",)))
    posts.open("register t1")  # fails: the server went away
    posts.open("register t2")
    finish = batch("finish build")
    finish.barrier = True
    assert in_flight.send(finish) is False  # not sent after a failure: the caller spools
    in_flight.settle()
    failed = in_flight.take_failed()
    assert [item.lines for item in failed] == [["register t1"]]
    assert "finish build" not in posts.started
    in_flight.shutdown()
