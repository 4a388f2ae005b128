"""What the per-build count triggers (migration 0013) cost a build's ingest.

Sends builds as the SDK reports them to a real uvicorn: per chunk of 1,000 tasks their
registration, then one events request with the chunk's states (``pending``) and a
started and finished run per task, all in one build. Rounds alternate between the
count triggers on ``build_tasks`` and ``runs`` disabled and enabled (the same
database, the same server), and the script prints the CPU the API and its PostgreSQL
backends spent per task in each mode (CPU, not wall time: it hardly depends on what
else the machine runs), their difference and the wall-clock rate. Then times the three
write statements a chunk makes to the counted tables (1,000 rows each) with the
triggers off and on, alternating: PostgreSQL's part alone, with less noise.

    uv run python bench/bench_build_counts.py [--tasks 10000] [--rounds 4]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_bench_support import layered_dag, running_api, scratch_database
from bench_api_ingest import CpuMeter
from stardag_api.db.migrations import upgrade_database

CHUNK = 1000
COUNT_TRIGGERS = {
    "build_tasks": ("build_tasks_counted_insert", "build_tasks_counted_update"),
    "runs": ("runs_counted_insert", "runs_counted_move"),
}


def set_count_triggers(database_url: str, enabled: bool) -> None:
    verb = "ENABLE" if enabled else "DISABLE"
    with psycopg.connect(database_url, autocommit=True) as conn:
        for table, triggers in COUNT_TRIGGERS.items():
            for trigger in triggers:
                conn.execute(f"ALTER TABLE {table} {verb} TRIGGER {trigger}")


def build_events(build_id: str, chunk: list[dict[str, Any]], first: bool) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    if first:
        events.append({"type": "build_started", "build": {"build_id": build_id}})
    events.append(
        {
            "type": "task_states",
            "build_id": build_id,
            "states": [{"task_id": task["task_id"], "state": "pending"} for task in chunk],
        }
    )
    for task in chunk:
        run_id = str(uuid.uuid4())
        run = {"run_id": run_id, "task_id": task["task_id"], "build_id": build_id}
        events.append({"type": "run_started", "run": run})
        events.append({"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}})
    return events


def ingest_build(url: str, dag: list[dict[str, Any]]) -> float:
    """Send one build of ``dag``; returns seconds."""
    build_id = str(uuid.uuid4())
    with httpx.Client(base_url=url, timeout=120) as client:
        started = time.perf_counter()
        for start in range(0, len(dag), CHUNK):
            chunk = dag[start : start + CHUNK]
            client.post("/api/v1/tasks/batch", json={"tasks": chunk}).raise_for_status()
            events = build_events(build_id, chunk, first=start == 0)
            client.post("/api/v1/events", json={"events": events}).raise_for_status()
        return time.perf_counter() - started


# The three writes a chunk of a build makes to the counted tables, 1,000 rows each, as
# the store sends them (one statement each): tasks reported pending, runs recorded with
# their build, and the runs' states given to the build's tasks.
_STATEMENTS = {
    "build_tasks insert (pending)": (
        "INSERT INTO build_tasks (build_id, task_id, state, updated_at)"
        " SELECT %(build)s, unnest(%(tasks)s::uuid[]), 'pending', now()"
    ),
    "runs insert": (
        "INSERT INTO runs (run_id, task_id, build_id, status, started_at)"
        " SELECT gen_random_uuid(), unnest(%(tasks)s::uuid[]), %(build)s, 'completed', now()"
    ),
    "build_tasks upsert (pending -> completed)": (
        "INSERT INTO build_tasks (build_id, task_id, state, run_id, updated_at)"
        " SELECT %(build)s, unnest(%(tasks)s::uuid[]), 'completed', gen_random_uuid(), now()"
        " ON CONFLICT (build_id, task_id) DO UPDATE SET state = excluded.state,"
        " run_id = excluded.run_id, updated_at = excluded.updated_at"
    ),
}


def statement_costs(database_url: str, repeats: int) -> None:
    """Median milliseconds of each write statement (1,000 rows) with the count triggers
    off and on, alternating, each in its own transaction on one connection."""
    times: dict[tuple[str, bool], list[float]] = {}
    with psycopg.connect(database_url, autocommit=True) as conn:
        build = str(uuid.uuid4())
        conn.execute("INSERT INTO builds (build_id, started_at) VALUES (%s, now())", [build])
        for repeat in range(repeats):
            for enabled in (False, True) if repeat % 2 == 0 else (True, False):
                set_count_triggers(database_url, enabled)
                params = {"build": build, "tasks": [str(uuid.uuid4()) for _ in range(CHUNK)]}
                for label, sql in _STATEMENTS.items():
                    started = time.perf_counter()
                    conn.execute(sql, params)
                    elapsed = (time.perf_counter() - started) * 1e3
                    times.setdefault((label, enabled), []).append(elapsed)
    set_count_triggers(database_url, True)
    for label in _STATEMENTS:
        off = statistics.median(times[label, False])
        on = statistics.median(times[label, True])
        print(
            f"{label:<42} off {off:6.2f} ms  on {on:6.2f} ms  "
            f"{(on - off) / CHUNK * 1e3:+5.1f} us per row  (median of {repeats})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=4, help="pairs of (off, on) builds")
    parser.add_argument("--statement-repeats", type=int, default=40)
    parser.add_argument("--database-url", default=None, help="default: a temporary database")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    cpu: dict[bool, list[float]] = {False: [], True: []}
    db_cpu: dict[bool, list[float]] = {False: [], True: []}
    rate: dict[bool, list[float]] = {False: [], True: []}
    with scratch_database(args.database_url) as database_url:
        upgrade_database(database_url)
        with running_api(database_url) as url:
            meter = CpuMeter(url, database_url)
            ingest_build(url, layered_dag(min(args.tasks, 2000), seed=999))  # warm up
            for round_ in range(args.rounds):
                for enabled in (False, True) if round_ % 2 == 0 else (True, False):
                    set_count_triggers(database_url, enabled)
                    dag = layered_dag(args.tasks, seed=2 * round_ + enabled)
                    meter.start()
                    seconds = ingest_build(url, dag)
                    api_cpu, backends_cpu = meter.stop()
                    cpu[enabled].append((api_cpu + backends_cpu) / len(dag) * 1e3)
                    db_cpu[enabled].append(backends_cpu / len(dag) * 1e3)
                    rate[enabled].append(len(dag) / seconds)
            set_count_triggers(database_url, True)
        statement_costs(database_url, args.statement_repeats)
    for enabled in (False, True):
        print(
            f"count triggers {'on ' if enabled else 'off'}: CPU per task (API + backends) "
            f"median {statistics.median(cpu[enabled]):.4f} ms "
            f"(backends {statistics.median(db_cpu[enabled]):.4f} ms), "
            f"end to end median {statistics.median(rate[enabled]):,.0f} tasks/s"
        )
    extra = statistics.median(cpu[True]) - statistics.median(cpu[False])
    extra_db = statistics.median(db_cpu[True]) - statistics.median(db_cpu[False])
    print(
        f"the triggers add {extra * 1e3:+.1f} us CPU per task ({extra_db * 1e3:+.1f} us in "
        f"PostgreSQL), {extra / statistics.median(cpu[False]):+.1%} "
        f"over {args.rounds} rounds of {args.tasks:,}-task builds"
    )
    print(f"load average (1 min): {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
