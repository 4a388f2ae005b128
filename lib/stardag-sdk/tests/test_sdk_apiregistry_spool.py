"""The offline spool on its own: order, durability, concurrent writers, crashed writers."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from stardag.registry.spool import Spool, SpoolBusy, spool_directories, spool_key

URL = "http://127.0.0.1:8420"


def event(n: int, source: str = "main") -> str:
    return json.dumps({"type": "run_heartbeat", "run_id": f"{source}-{n}", "at": None})


class Collector:
    """A delivery target that records what it got, and can be told to fail."""

    def __init__(self, fail_after: int | None = None):
        self.received: list[str] = []
        self.fail_after = fail_after

    def __call__(self, lines: list[str]) -> int:
        if self.fail_after is not None and len(self.received) + len(lines) > self.fail_after:
            raise ConnectionError("server went away")
        self.received.extend(lines)
        return len(lines)


def test_replay_sends_segments_in_order_and_empties_the_spool(tmp_path: Path) -> None:
    spool = Spool(tmp_path, URL)
    spool.append([event(0), event(1)])
    spool.seal_own()
    spool.append([event(2)])
    spool.append([event(3)])
    assert spool.has_pending()

    spool.seal_own()
    collector = Collector()
    outcome = spool.replay(collector, batch_events=3)

    assert collector.received == [event(n) for n in range(4)]
    assert outcome.drained and outcome.sent == 4
    assert not spool.has_pending()
    assert spool.pending_events() == 0


def test_replay_stops_at_the_first_failure_and_resumes_there(tmp_path: Path) -> None:
    spool = Spool(tmp_path, URL)
    spool.append([event(n) for n in range(10)])
    spool.seal_own()

    outcome = spool.replay(Collector(fail_after=4), batch_events=2)
    assert not outcome.drained
    assert outcome.sent == 4
    assert outcome.remaining == 6
    assert "server went away" in (outcome.error or "")

    collector = Collector()
    spool.replay(collector, batch_events=2)
    assert collector.received == [event(n) for n in range(4, 10)]


def test_spools_are_separate_per_server_url(tmp_path: Path) -> None:
    Spool(tmp_path, "http://127.0.0.1:8420").append([event(1)])
    Spool(tmp_path, "http://127.0.0.1:9999/").append([event(2)])

    found = dict(spool_directories(tmp_path))
    assert set(found) == {"http://127.0.0.1:8420", "http://127.0.0.1:9999"}
    assert spool_key("http://127.0.0.1:8420") != spool_key("http://127.0.0.1:9999")
    assert spool_key("http://127.0.0.1:8420/") == spool_key("http://127.0.0.1:8420")


def test_open_segment_of_a_live_writer_is_left_alone(tmp_path: Path) -> None:
    writer = Spool(tmp_path, URL)
    writer.append([event(1)])
    reader = Spool(tmp_path, URL)

    assert not reader.has_pending()
    collector = Collector()
    assert reader.replay(collector).drained
    assert collector.received == []

    writer.close()
    assert reader.has_pending()
    reader.replay(collector)
    assert collector.received == [event(1)]


def _child_script(tmp_path: Path, body: str) -> list[str]:
    code = textwrap.dedent(
        f"""
        import json, os, sys, time
        from pathlib import Path
        from stardag.registry.spool import Spool
        spool = Spool(Path({str(tmp_path)!r}), {URL!r})
        source = str(os.getpid())
        def event(n):
            run_id = f"{{source}}-{{n}}"
            return json.dumps({{"type": "run_heartbeat", "run_id": run_id, "at": None}})
        """
    ) + textwrap.dedent(body)
    return [sys.executable, "-c", code]


def test_a_killed_writers_segment_is_adopted_and_replayed(tmp_path: Path) -> None:
    child = subprocess.Popen(
        _child_script(
            tmp_path,
            """
            spool.append([event(0), event(1)])
            print("written", flush=True)
            time.sleep(60)
            """,
        ),
        stdout=subprocess.PIPE,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == b"written"
    reader = Spool(tmp_path, URL)
    assert not reader.has_pending()  # still alive: its segment is its own

    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    assert reader.has_pending()
    collector = Collector()
    assert reader.replay(collector).drained
    assert collector.received == [event(0, str(child.pid)), event(1, str(child.pid))]


def test_concurrent_writers_do_not_corrupt_each_other(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen(
            _child_script(
                tmp_path,
                """
                for n in range(0, 600, 3):
                    spool.append([event(n), event(n + 1), event(n + 2)])
                    if n % 150 == 0:
                        spool.seal_own()
                spool.close()
                """,
            )
        )
        for _ in range(4)
    ]
    assert [writer.wait(timeout=60) for writer in writers] == [0, 0, 0, 0]

    collector = Collector()
    assert Spool(tmp_path, URL).replay(collector).drained

    by_writer: dict[str, list[int]] = {}
    for line in collector.received:
        source, n = json.loads(line)["run_id"].split("-")
        by_writer.setdefault(source, []).append(int(n))
    assert sorted(by_writer) == sorted(str(writer.pid) for writer in writers)
    assert all(numbers == list(range(600)) for numbers in by_writer.values())


def test_a_torn_last_line_is_skipped(tmp_path: Path) -> None:
    spool = Spool(tmp_path, URL)
    spool.append([event(0)])
    spool.close()
    (segment,) = spool.directory.glob("*.jsonl")
    with open(segment, "ab") as handle:
        handle.write(b'{"type": "run_heartbe')  # the process died mid-write

    collector = Collector()
    assert spool.replay(collector).drained
    assert collector.received == [event(0)]


def test_only_one_replayer_at_a_time(tmp_path: Path) -> None:
    spool = Spool(tmp_path, URL)
    spool.append([event(0)])
    spool.close()
    other = Spool(tmp_path, URL)

    with spool.replay_lock():
        started = time.monotonic()
        with pytest.raises(SpoolBusy):
            other.replay(Collector(), wait=0.2)
        assert time.monotonic() - started >= 0.2
    assert other.replay(Collector()).drained


def test_rejected_events_are_kept_with_the_reason(tmp_path: Path) -> None:
    spool = Spool(tmp_path, URL)
    path = spool.reject([event(7)], 422, "unknown task 'abc'")

    (entry,) = [json.loads(line) for line in path.read_text().splitlines()]
    assert entry["status_code"] == 422
    assert entry["detail"] == "unknown task 'abc'"
    assert entry["event"] == json.loads(event(7))
