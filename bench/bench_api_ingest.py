"""Ingest throughput of the registry API, next to a raw COPY of the same rows.

Registers an N-task DAG with its edges through ``POST /api/v1/tasks/batch`` (1,000
per request), then starts and finishes a run for every task through
``POST /api/v1/events`` (interleaved ``run_started``/``run_finished`` as the SDK
sends them, 5,000 events per request), against a real uvicorn. Then COPYs the
same rows (fresh ids) into the same tables with psycopg and prints both rates
and their ratio.

    uv run python bench/bench_api_ingest.py [--tasks 10000] [--database-url URL] [--workers 1]
                                            [--in-flight 1] [--auth]

``--in-flight K`` (K > 1) sends as a streaming client does: chunks of 1,000 tasks, each
a registration request and a request with its 2,000 run events, up to K requests at
once (a registration waits for the previous one; a chunk's events for its
registration). With ``--workers N`` the server runs N processes.

``--auth`` runs the server with ``STARDAG_AUTH=true`` and sends a write key with
every request (the key check is what it measures).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_bench_support import layered_dag, running_api, scratch_database
from stardag_api.db.migrations import upgrade_database

TASK_BATCH = 1000
EVENT_BATCH = 5000


def run_events(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A run start and finish per task, interleaved as the SDK sends them."""
    events: list[dict[str, Any]] = []
    for task in tasks:
        run_id = str(uuid.uuid4())
        events.append(
            {"type": "run_started", "run": {"run_id": run_id, "task_id": task["task_id"]}}
        )
        events.append({"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}})
    return events


def ingest_through_api(
    url: str, dag: list[dict[str, Any]], headers: dict[str, str] | None = None
) -> tuple[float, float]:
    """One request at a time: every registration batch, then the run events.

    Returns (seconds to register, seconds to start+finish every run).
    """
    with httpx.Client(base_url=url, timeout=120, headers=headers) as client:
        started = time.perf_counter()
        for start in range(0, len(dag), TASK_BATCH):
            response = client.post(
                "/api/v1/tasks/batch", json={"tasks": dag[start : start + TASK_BATCH]}
            )
            response.raise_for_status()
        registered = time.perf_counter()
        events = run_events(dag)
        for start in range(0, len(events), EVENT_BATCH):
            response = client.post(
                "/api/v1/events", json={"events": events[start : start + EVENT_BATCH]}
            )
            response.raise_for_status()
        finished = time.perf_counter()
    return registered - started, finished - registered


def ingest_pipelined(
    url: str, dag: list[dict[str, Any]], in_flight: int, headers: dict[str, str] | None = None
) -> float:
    """Up to ``in_flight`` requests at once, as a streaming client sends them; returns seconds.

    Chunk i of ``TASK_BATCH`` tasks is one registration request and one request with its
    runs' 2 * TASK_BATCH events. A registration waits for the one before it (its tasks
    depend on earlier chunks); a chunk's events wait for its registration.
    """
    chunks = [dag[start : start + TASK_BATCH] for start in range(0, len(dag), TASK_BATCH)]
    bodies = [
        (
            json.dumps({"tasks": chunk}).encode(),
            json.dumps({"events": run_events(chunk)}).encode(),
        )
        for chunk in chunks
    ]
    send_headers = {"content-type": "application/json", **(headers or {})}
    with (
        httpx.Client(base_url=url, timeout=120, headers=send_headers) as client,
        ThreadPoolExecutor(max_workers=in_flight) as pool,
    ):

        def post(path: str, body: bytes) -> None:
            client.post(path, content=body).raise_for_status()

        started = time.perf_counter()
        next_registration, registering = 0, False
        events_ready: list[int] = []
        running: dict[Future[None], tuple[str, int]] = {}
        while next_registration < len(chunks) or events_ready or running:
            while len(running) < in_flight and (
                events_ready or (not registering and next_registration < len(chunks))
            ):
                if not registering and next_registration < len(chunks):
                    index = next_registration
                    running[pool.submit(post, "/api/v1/tasks/batch", bodies[index][0])] = (
                        "tasks",
                        index,
                    )
                    registering, next_registration = True, next_registration + 1
                else:
                    index = events_ready.pop(0)
                    running[pool.submit(post, "/api/v1/events", bodies[index][1])] = (
                        "events",
                        index,
                    )
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                kind, index = running.pop(future)
                future.result()
                if kind == "tasks":
                    registering = False
                    events_ready.append(index)
        return time.perf_counter() - started


def write_key(database_url: str) -> str:
    """A new write-scoped API key in the registry at ``database_url``."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from stardag_api.core.config import sqlalchemy_url
    from stardag_api.store.api_keys import create_key

    engine = create_engine(sqlalchemy_url(database_url))
    with Session(engine) as session:
        _, key = create_key(session, "bench", ["write"])
    engine.dispose()
    return key


def copy_rows(database_url: str, dag: list[dict[str, Any]]) -> float:
    """COPY the same tasks (new ids), edges and completed runs; return seconds."""
    fresh = {task["task_id"]: str(uuid.uuid4()) for task in dag}
    now = datetime.now(UTC)
    started = time.perf_counter()
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        with cur.copy(
            "COPY tasks (task_id, namespace, family, version, parameters, task_data, output_uri,"
            ' created_at, "user", host, commit_hash) FROM STDIN'
        ) as copy:
            for task in dag:
                copy.write_row(
                    (
                        fresh[task["task_id"]],
                        task["namespace"],
                        task["family"],
                        task["version"],
                        Jsonb(task["parameters"]),
                        Jsonb(task["task_data"]),
                        task["output_uri"],
                        now,
                        task["user"],
                        task["host"],
                        task["commit_hash"],
                    )
                )
        with cur.copy(
            "COPY task_states (task_id, namespace, family, status, updated_at, started_at,"
            " finished_at, duration_seconds) FROM STDIN"
        ) as copy:
            for task in dag:
                ids = (fresh[task["task_id"]], task["namespace"], task["family"])
                copy.write_row((*ids, "completed", now, now, now, 0.0))
        with cur.copy("COPY task_edges (upstream_id, downstream_id) FROM STDIN") as copy:
            for task in dag:
                for dep in task["dependencies"]:
                    copy.write_row((fresh[dep], fresh[task["task_id"]]))
        with cur.copy(
            "COPY runs (run_id, task_id, status, started_at, finished_at, duration_seconds)"
            " FROM STDIN"
        ) as copy:
            for task in dag:
                copy.write_row((uuid.uuid4(), fresh[task["task_id"]], "completed", now, now, 0.0))
        conn.commit()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--database-url", default=None, help="default: a temporary database")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--in-flight", type=int, default=1, help="requests in flight at once")
    parser.add_argument("--repeat", type=int, default=3, help="runs (a fresh DAG each)")
    parser.add_argument("--auth", action="store_true", help="server with API keys on")
    args = parser.parse_args()

    results: list[tuple[float | None, float, float]] = []
    load_before = os.getloadavg()
    with scratch_database(args.database_url) as database_url:
        upgrade_database(database_url)
        env, headers = {}, {}
        if args.auth:
            env["STARDAG_AUTH"] = "true"
            headers["authorization"] = f"Bearer {write_key(database_url)}"
        with running_api(database_url, workers=args.workers, env=env) as url:
            for repeat in range(args.repeat):
                dag = layered_dag(args.tasks, seed=repeat)
                if args.in_flight > 1:
                    register_s, api_s = None, ingest_pipelined(url, dag, args.in_flight, headers)
                else:
                    register_s, runs_s = ingest_through_api(url, dag, headers)
                    api_s = register_s + runs_s
                copy_s = copy_rows(database_url, dag)
                results.append((register_s, api_s, copy_s))
    edges = sum(len(task["dependencies"]) for task in dag)
    print(
        f"tasks: {args.tasks}, edges: {edges}, uvicorn workers: {args.workers}, "
        f"requests in flight: {args.in_flight}, auth: {'on' if args.auth else 'off'}, "
        f"repeats: {args.repeat} (each a fresh DAG into the same, growing database)"
    )
    for register_s, api_s, copy_s in results:
        rows: list[tuple[str, float]] = []
        if register_s is not None:
            rows += [
                ("API register (batch endpoint)", register_s),
                ("API start+finish runs (events)", api_s - register_s),
            ]
        rows += [("API end to end (goal >= 20000/s)", api_s), ("raw COPY of the same rows", copy_s)]
        for label, seconds in rows:
            print(f"{label:<34} {seconds:7.2f} s {args.tasks / seconds:9.0f} tasks/s")
        print(f"API / COPY ratio: {copy_s / api_s:.0%}  (goal >= 60%)\n")
    api_rates = sorted(args.tasks / api_s for _, api_s, _ in results)
    copy_rates = sorted(args.tasks / copy_s for _, _, copy_s in results)
    ratios = sorted(copy_s / api_s for _, api_s, copy_s in results)
    print(
        f"end to end tasks/s: median {statistics.median(api_rates):.0f}, best {api_rates[-1]:.0f}"
    )
    print(f"COPY tasks/s:       median {statistics.median(copy_rates):.0f}")
    print(f"API / COPY ratio:   median {statistics.median(ratios):.0%}, best {ratios[-1]:.0%}")
    load_after = os.getloadavg()
    print(f"load average (1 min): {load_before[0]:.2f} before, {load_after[0]:.2f} after")


if __name__ == "__main__":
    main()
