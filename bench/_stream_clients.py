"""Helper of bench_builds.py: N concurrent SSE clients of /api/v1/stream in one process.

    python bench/_stream_clients.py URL N

Prints "connected" once every client got its ``ready`` event, then, when every client
saw a build finish (or after the timeout), one JSON line: per client, how many changes
of each kind, distinct tasks seen completed, and resync signals it received.
"""

from __future__ import annotations

import asyncio
import json
import sys

import httpx

TIMEOUT_SECONDS = 600


async def client(
    url: str, ready: asyncio.Event, counters: dict[str, int], connected: list[int]
) -> None:
    completed: set[str] = set()
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(30, read=None)) as http,
        http.stream("GET", url + "/api/v1/stream") as response,
    ):
        event = ""
        async for line in response.aiter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                if event == "ready":
                    connected[0] += 1
                    if connected[0] == int(sys.argv[2]):
                        ready.set()
                elif event == "resync":
                    counters["resync"] += 1
                elif event == "changes":
                    for change in json.loads(line[6:]):
                        counters[change["kind"]] = counters.get(change["kind"], 0) + 1
                        if change["kind"] == "run" and change["status"] == "completed":
                            completed.add(change["task_id"])
                            counters["tasks_completed"] = len(completed)
                        if change["kind"] == "build" and change["status"] != "running":
                            return


async def main() -> None:
    url, count = sys.argv[1], int(sys.argv[2])
    ready = asyncio.Event()
    connected = [0]
    counters = [{"resync": 0} for _ in range(count)]
    tasks = [asyncio.create_task(client(url, ready, c, connected)) for c in counters]
    await ready.wait()
    print("connected", flush=True)
    await asyncio.wait(tasks, timeout=TIMEOUT_SECONDS)
    print(json.dumps(counters), flush=True)


asyncio.run(main())
