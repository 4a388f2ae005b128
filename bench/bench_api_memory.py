"""Memory of the API process while many clients post large bodies at once.

Starts a real uvicorn, reads its resident memory (``/proc/<pid>/status``), then posts
``--clients`` bodies of just under ``--body-mib`` MiB to ``POST /api/v1/events``
concurrently (each a batch of ``task_registered`` events with ~10 KB parameters, so
the server parses and stores every one). Prints the baseline, the peak (VmHWM) and
the resident size a few seconds after the burst.

    uv run python bench/bench_api_memory.py [--clients 32] [--body-mib 10] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_bench_support import running_api, scratch_database
from stardag_api.db.migrations import upgrade_database

PARAMETER_BYTES = 10_000


def body_under(limit_bytes: int) -> bytes:
    """An events batch of fresh tasks, as large as fits under ``limit_bytes``."""
    events: list[str] = []
    size = len('{"events":[]}')
    while True:
        task = {
            "task_id": str(uuid.uuid4()),
            "family": "MemoryBench",
            "parameters": {"index": len(events), "blob": "m" * PARAMETER_BYTES},
        }
        event = json.dumps({"type": "task_registered", "task": task})
        if size + len(event) + 1 > limit_bytes:
            return ("{" + '"events":[' + ",".join(events) + "]}").encode()
        events.append(event)
        size += len(event) + 1


def memory_kib(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak) of ``pid`` in KiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0])
    return fields


def post(url: str, body: bytes) -> int:
    response = httpx.post(
        url + "/api/v1/events",
        content=body,
        headers={"content-type": "application/json"},
        timeout=300,
    )
    return response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--body-mib", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=2, help="bursts, one after the other")
    parser.add_argument("--database-url", default=None, help="default: a temporary database")
    args = parser.parse_args()
    limit = int(args.body_mib * 1024 * 1024) - 1024

    with scratch_database(args.database_url) as database_url:
        upgrade_database(database_url)
        with running_api(database_url) as url:
            pid = _pid(url)
            httpx.get(url + "/api/v1/tasks")  # warm up the pool and the routes
            baseline = memory_kib(pid)["VmRSS"]
            print(f"clients: {args.clients}, body: {limit / 2**20:.2f} MiB each")
            print(f"baseline RSS: {baseline / 1024:.0f} MB")
            for round_number in range(1, args.rounds + 1):
                Path(f"/proc/{pid}/clear_refs").write_text("5")  # restart VmHWM from now
                bodies = [body_under(limit) for _ in range(args.clients)]
                started = time.perf_counter()
                with ThreadPoolExecutor(args.clients) as pool:
                    statuses = list(pool.map(lambda body: post(url, body), bodies))
                elapsed = time.perf_counter() - started
                del bodies
                peak = memory_kib(pid)["VmHWM"]
                time.sleep(3)
                after = memory_kib(pid)["VmRSS"]
                counts = {status: statuses.count(status) for status in sorted(set(statuses))}
                print(
                    f"round {round_number}: statuses {counts}, {elapsed:.1f} s; "
                    f"peak RSS {peak / 1024:.0f} MB (goal <= 300), "
                    f"RSS 3 s after {after / 1024:.0f} MB (baseline {baseline / 1024:.0f})"
                )


def _pid(url: str) -> int:
    """The pid of the process listening on ``url``'s port (found through /proc)."""
    port = int(url.rsplit(":", 1)[1])
    inode = None
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        parts = line.split()
        if int(parts[1].split(":")[1], 16) == port and parts[3] == "0A":  # LISTEN
            inode = parts[9]
            break
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if fd.readlink().name == f"socket:[{inode}]":
                    return int(proc.name)
        except OSError:
            continue
    raise RuntimeError(f"no process listens on port {port}")


if __name__ == "__main__":
    main()
