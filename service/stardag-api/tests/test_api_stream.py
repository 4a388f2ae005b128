"""``GET /api/v1/stream``: changes committed through one API process reach clients of another."""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from stardag_testing import LiveServer


@pytest.fixture(scope="module")
def two_servers(api_database_url: str) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two API processes over one database, as replicas behind a load balancer would be."""
    first, second = LiveServer(api_database_url).start(), LiveServer(api_database_url).start()
    yield first, second
    first.stop()
    second.stop()


class StreamReader:
    """Reads SSE frames from ``url`` in a thread; ``frames`` gets (event, data) pairs."""

    def __init__(self, url: str, params: dict[str, Any] | None = None) -> None:
        self.frames: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._client = httpx.Client(timeout=httpx.Timeout(10, read=30))
        self._thread = threading.Thread(target=self._read, args=(url, params), daemon=True)
        self._thread.start()

    def _read(self, url: str, params: dict[str, Any] | None) -> None:
        event = "message"
        try:
            with self._client.stream("GET", url + "/api/v1/stream", params=params) as response:
                for line in response.iter_lines():
                    if line.startswith("event: "):
                        event = line[len("event: ") :]
                    elif line.startswith("data: "):
                        self.frames.put((event, json.loads(line[len("data: ") :])))
        except httpx.HTTPError:
            pass

    def next(self, event: str, timeout: float = 10.0) -> Any:
        while True:
            name, data = self.frames.get(timeout=timeout)
            if name == event:
                return data

    def close(self) -> None:
        self._client.close()


def test_changes_reach_a_client_of_another_process(
    two_servers: tuple[LiveServer, LiveServer],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    writer, reader_server = two_servers
    task = make_task()
    build_id, run_id = new_id(), new_id()
    stream = StreamReader(reader_server.url, {"build_id": build_id})
    everything = StreamReader(reader_server.url)
    try:
        stream.next("ready")
        everything.next("ready")
        events = [
            {"type": "task_registered", "task": task},
            {"type": "build_started", "build": {"build_id": build_id}},
            {
                "type": "run_started",
                "run": {"run_id": run_id, "task_id": task["task_id"], "build_id": build_id},
            },
        ]
        assert httpx.post(writer.url + "/api/v1/events", json={"events": events}).status_code == 200
        changes = stream.next("changes")
        assert {"kind": "build", "build_id": build_id, "status": "running"} in changes
        run = next(change for change in changes if change["kind"] == "run")
        assert (run["run_id"], run["task_id"], run["status"]) == (
            run_id,
            task["task_id"],
            "running",
        )

        finish = {"type": "run_finished", "run_id": run_id, "finish": {"status": "failed"}}
        httpx.post(writer.url + "/api/v1/events", json={"events": [finish]})
        (finished,) = stream.next("changes")
        assert (finished["kind"], finished["status"]) == ("run", "failed")
        assert any(c.get("build_id") == build_id for c in everything.next("changes"))
    finally:
        stream.close()
        everything.close()


def test_a_filter_keeps_other_builds_out(
    two_servers: tuple[LiveServer, LiveServer],
    make_task: Callable[..., dict[str, Any]],
    new_id: Callable[[], str],
) -> None:
    writer, reader_server = two_servers
    watched, other = new_id(), new_id()
    stream = StreamReader(reader_server.url, {"build_id": watched})
    try:
        stream.next("ready")
        for build_id in (other, watched):
            httpx.post(
                writer.url + "/api/v1/events",
                json={"events": [{"type": "build_started", "build": {"build_id": build_id}}]},
            )
        (change,) = stream.next("changes")
        assert change["build_id"] == watched
    finally:
        stream.close()


def test_a_bad_filter_is_a_clear_422(two_servers: tuple[LiveServer, LiveServer]) -> None:
    response = httpx.get(two_servers[0].url + "/api/v1/stream", params={"build_id": "nope"})
    assert response.status_code == 422
    assert response.json()["code"]
