"""Ingest cost of API keys: the same requests to a server with auth off and one with it on.

Starts two uvicorns on one scratch database, one with ``STARDAG_AUTH=true`` (requests
carry a write key). Each round registers a fresh 1,000-task batch and posts 2,000 run
events to each server in turn, alternating which goes first, so load from anything
else on the machine hits both alike. Prints the median seconds per request for
each server and the ratio (goal: auth on within 5% of off).

    uv run python bench/bench_api_auth_overhead.py [--rounds 20] [--control]

``--control`` runs both servers with auth off (and still sends the key to the second):
the ratio it prints is the noise floor of this machine at the moment.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_bench_support import layered_dag, running_api, scratch_database
from bench_api_ingest import write_key
from stardag_api.db.migrations import upgrade_database


def one_round(client: httpx.Client, seed: int) -> float:
    """Register 1,000 new tasks and start+finish a run for each; return seconds."""
    dag = layered_dag(1000, seed=seed)
    events: list[dict[str, Any]] = []
    for task in dag:
        run_id = str(uuid.uuid4())
        events.append(
            {"type": "run_started", "run": {"run_id": run_id, "task_id": task["task_id"]}}
        )
        events.append({"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}})
    started = time.perf_counter()
    client.post("/api/v1/tasks/batch", json={"tasks": dag}).raise_for_status()
    client.post("/api/v1/events", json={"events": events}).raise_for_status()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--control", action="store_true", help="auth off on both (noise floor)")
    args = parser.parse_args()
    second_env = {} if args.control else {"STARDAG_AUTH": "true"}
    times: dict[str, list[float]] = {"off": [], "on": []}
    with scratch_database(None) as database_url:
        upgrade_database(database_url)
        headers = {"authorization": f"Bearer {write_key(database_url)}"}
        with (
            running_api(database_url) as off_url,
            running_api(database_url, env=second_env) as on_url,
            httpx.Client(base_url=off_url, timeout=120) as off,
            httpx.Client(base_url=on_url, timeout=120, headers=headers) as on,
        ):
            one_round(off, seed=10_000)  # warm both up
            one_round(on, seed=10_001)
            for round_number in range(args.rounds):
                order = [("off", off), ("on", on)]
                if round_number % 2:
                    order.reverse()
                for name, client in order:
                    times[name].append(one_round(client, seed=2 * round_number + len(times[name])))
    off_median, on_median = statistics.median(times["off"]), statistics.median(times["on"])
    print(
        f"rounds: {args.rounds}, each 1,000 tasks registered + 2,000 run events per server"
        + (" (control: auth off on both)" if args.control else "")
    )
    print(f"auth off: median {off_median:.3f} s/round ({1000 / off_median:.0f} tasks/s)")
    print(f"auth on:  median {on_median:.3f} s/round ({1000 / on_median:.0f} tasks/s)")
    print(f"auth on / off: {on_median / off_median:.1%} of the time (goal <= 105%)")


if __name__ == "__main__":
    main()
