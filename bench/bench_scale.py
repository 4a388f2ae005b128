"""Reads of the registry API at ten million tasks (seeded by ``seed_scale.py``).

Against a real uvicorn on the seeded database, prints p50/p95 of: the task list
(no filter; family; status; family+status; namespace), search (a parameter value
through full text, an id prefix, ``param.dataset=``), the next page through a
cursor, ``/families``, ``/stats`` and ``/stats/*`` (as served, and the cost of
recomputing them from the rollups, which the server does at most every few
seconds), the 100,000-node upstream closure and its ``/graph``. Then the API's
resident memory peak while 8 writers post event batches (register, start and finish
tasks) and readers fetch the big closure. Finishes with EXPLAIN (ANALYZE, BUFFERS)
of the list and search queries.

    uv run python bench/bench_scale.py [--tasks 10000000] [--database-name stardag_bench_10m]
                                       [--reuse] [--samples 40] [--no-writers]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_bench_support import percentile, running_api
from bench_api_memory import _pid, memory_kib
from seed_scale import (
    DATASETS,
    FAMILIES,
    NAMESPACES,
    database_url_for,
    dataset_of,
    iter_sample_ids,
    seed,
)

LIST_GOAL_MS, OVERVIEW_GOAL_MS, CLOSURE_GOAL_MS, RSS_GOAL_MB = 20.0, 10.0, 1000.0, 300.0
API = "/api/v1/tasks"


def timed(client: httpx.Client, path: str, params: Any = None) -> tuple[float, Any]:
    started = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, response.json()


def report(label: str, samples: list[float], goal_ms: float | None) -> None:
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    verdict = "" if goal_ms is None else ("ok" if p95 <= goal_ms else "OVER GOAL")
    goal = "" if goal_ms is None else f"(goal p95 <= {goal_ms:g})"
    print(f"{label:<48} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  {goal} {verdict}", flush=True)


def sample(
    client: httpx.Client, n: int, make: Callable[[random.Random], tuple[str, Any]], seed: int
) -> list[float]:
    rng = random.Random(seed)
    times = []
    for _ in range(n):
        path, params = make(rng)
        elapsed, _ = timed(client, path, params)
        times.append(elapsed)
    return times


def measure_lists(client: httpx.Client, samples: int, ids: list[str]) -> None:
    def family(rng: random.Random) -> str:
        return str(rng.choice(FAMILIES))

    def status(rng: random.Random) -> str:
        return rng.choice(["completed", "failed", "pending", "running", "upstream_failed"])

    cases: dict[str, Callable[[random.Random], tuple[str, Any]]] = {
        "/health (the API's floor, no database)": lambda rng: ("/health", None),
        "list, no filter": lambda rng: (API, {"limit": 50}),
        "list, family": lambda rng: (API, {"family": family(rng), "limit": 50}),
        "list, status": lambda rng: (API, {"status": status(rng), "limit": 50}),
        "list, family+status": lambda rng: (
            API,
            {"family": family(rng), "status": status(rng), "limit": 50},
        ),
        "list, namespace": lambda rng: (API, {"namespace": rng.choice(NAMESPACES), "limit": 50}),
        "search, parameter value (full text)": lambda rng: (
            API,
            {"search": dataset_of(rng.randrange(DATASETS)), "limit": 50},
        ),
        "search, id prefix (8 hex)": lambda rng: (API, {"search": rng.choice(ids)[:8]}),
        "param.dataset=<value>": lambda rng: (
            API,
            {"param.dataset": dataset_of(rng.randrange(DATASETS)), "limit": 50},
        ),
        "param.index=<value> (one match)": lambda rng: (
            API,
            {"param.index": str(rng.randrange(10_000)), "limit": 50},
        ),
    }
    for n, (label, make) in enumerate(cases.items()):
        timed(client, *make(random.Random(99)))  # warm the plan and the pages
        report(label, sample(client, samples, make, n), None if n == 0 else LIST_GOAL_MS)
    for label, query in (
        ("next page (cursor), no filter, page 20", {"limit": 50}),
        (
            "next page (cursor), family+status, page 20",
            {"family": "LoadPenguins", "status": "completed", "limit": 50},
        ),
    ):
        cursor = None
        for _ in range(19):
            _, page = timed(client, API, {**query, **({"cursor": cursor} if cursor else {})})
            cursor = page["next_cursor"]
        page_query = {**query, "cursor": cursor}

        def next_page(rng: random.Random, q: dict[str, Any] = page_query) -> tuple[str, Any]:
            return API, q

        report(label, sample(client, samples, next_page, 0), LIST_GOAL_MS)


def measure_overviews(client: httpx.Client, samples: int, database_url: str) -> None:
    for label, path, params in (
        ("/families", "/api/v1/families", None),
        ("/stats", "/api/v1/stats", None),
        ("/stats/families (14 days)", "/api/v1/stats/families", {"days": 14}),
        ("/stats/tasks (14 days)", "/api/v1/stats/tasks", {"days": 14}),
        ("/builds (home page, 10 newest)", "/api/v1/builds", {"limit": 10}),
    ):
        times = []
        for _ in range(samples):
            times.append(timed(client, path, params)[0])
            time.sleep(0.05)  # as a page polling; lets copies age
        report(label + " as served", times, OVERVIEW_GOAL_MS)
    # What the server pays when it recomputes (at most every few seconds).
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from stardag_api.core.config import sqlalchemy_url
    from stardag_api.store.retention import prune_runs
    from stardag_api.store.run_rollup import refresh_rollup
    from stardag_api.store.run_stats import family_stats, task_stats
    from stardag_api.store.summary import stats

    engine = create_engine(sqlalchemy_url(database_url))
    computations: dict[str, Callable[[Session], Any]] = {
        "recompute /stats": stats,
        "recompute /stats/families (14 days)": lambda s: family_stats(s, 14, 50),
        "recompute /stats/families (366 days)": lambda s: family_stats(s, 366, 50),
        "recompute /stats/tasks (14 days)": lambda s: task_stats(s, 14, 10),
        "rollup refresh (marked days)": refresh_rollup,
    }
    with Session(engine) as session:
        started = time.perf_counter()
        kept_days = 90
        doomed = prune_runs(session, datetime.now(UTC) - timedelta(days=kept_days), dry_run=True)
        print(
            f"retention dry run (runs older than {kept_days} days): {doomed.runs:,} runs, "
            f"{doomed.logs:,} log records, {time.perf_counter() - started:.1f} s",
            flush=True,
        )
        for label, compute in computations.items():
            times = []
            for _ in range(max(5, samples // 4)):
                started = time.perf_counter()
                compute(session)
                session.rollback()
                times.append((time.perf_counter() - started) * 1000)
            report(label, times, None)
    engine.dispose()


def vacuum_never_vacuumed(database_url: str) -> None:
    """VACUUM (ANALYZE) the tables never vacuumed (task_states when seeded through an
    older migration chain): autovacuum would, in a live registry, and until it has the
    visibility map is empty, so every index-only scan also reads the heap."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT relname FROM pg_stat_user_tables "
                "WHERE last_vacuum IS NULL AND last_autovacuum IS NULL AND n_live_tup > 100000"
            )
        ]
        for table in tables:
            started = time.perf_counter()
            conn.execute(f'VACUUM (ANALYZE) "{table}"')
            print(f"vacuumed {table} in {time.perf_counter() - started:.1f} s", flush=True)


def closure_sink(database_url: str) -> str:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT task_id::text FROM tasks WHERE family = 'ClosureSink'"
        ).fetchone()
    assert row is not None, "no ClosureSink: seed with at least 100,001 tasks"
    return str(row[0])


def measure_closure(client: httpx.Client, samples: int, sink: str) -> None:
    times, graph_times = [], []
    for _ in range(max(3, samples // 8)):
        elapsed, body = timed(client, f"{API}/{sink}/upstream", {"depth": 0, "limit": 100_000})
        assert len(body["items"]) == 100_000, len(body["items"])
        times.append(elapsed)
        elapsed, graph = timed(
            client,
            f"{API}/{sink}/graph",
            {"direction": "upstream", "depth": 0, "max_nodes": 100_001},
        )
        assert len(graph["nodes"]) == 100_001, len(graph["nodes"])
        graph_times.append(elapsed)
    report("upstream closure, 100,000 nodes", times, CLOSURE_GOAL_MS)
    report(f"/graph upstream, 100,001 nodes, {len(graph['edges']):,} edges", graph_times, None)


def writer(url: str, stop: threading.Event, counts: list[int], index: int) -> None:
    """Register, start and finish fresh tasks through /api/v1/events until stopped."""
    with httpx.Client(base_url=url, timeout=120) as client:
        while not stop.is_set():
            events: list[dict[str, Any]] = []
            for i in range(1000):
                task_id, run_id = str(uuid.uuid4()), str(uuid.uuid4())
                task = {
                    "task_id": task_id,
                    "namespace": "load",
                    "family": f"Writer{index}",
                    "parameters": {"i": i, "dataset": dataset_of(i)},
                }
                events.append({"type": "task_registered", "task": task})
                events.append(
                    {"type": "run_started", "run": {"run_id": run_id, "task_id": task_id}}
                )
                events.append(
                    {"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}}
                )
            response = client.post("/api/v1/events", json={"events": events})
            response.raise_for_status()
            counts[index] += 1000


def measure_memory(url: str, sink: str, seconds: float) -> None:
    pid = _pid(url)
    baseline = memory_kib(pid)["VmRSS"]
    Path(f"/proc/{pid}/clear_refs").write_text("5")  # restart VmHWM from now
    stop = threading.Event()
    counts = [0] * 8
    threads = [threading.Thread(target=writer, args=(url, stop, counts, i)) for i in range(8)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    reads = 0
    with httpx.Client(base_url=url, timeout=120) as client:
        while time.perf_counter() - started < seconds:
            timed(client, f"{API}/{sink}/upstream", {"depth": 0, "limit": 100_000})
            timed(
                client,
                f"{API}/{sink}/graph",
                {"direction": "upstream", "depth": 0, "max_nodes": 100_001},
            )
            timed(client, "/api/v1/stats/families")
            reads += 1
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    peak = memory_kib(pid)["VmHWM"]
    print(
        f"8 writers + closure/graph readers for {elapsed:.0f} s: {sum(counts):,} tasks written "
        f"({sum(counts) / elapsed:,.0f}/s), {reads} read rounds; API RSS baseline "
        f"{baseline / 1024:.0f} MB, peak {peak / 1024:.0f} MB (goal <= {RSS_GOAL_MB:g})",
        flush=True,
    )


def explain(database_url: str, ids: list[str]) -> None:
    """Every statement of each page as the server runs it, with its plan: auto_explain
    sends each plan back to this client as a notice."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session
    from stardag_api.core.config import sqlalchemy_url
    from stardag_api.schemas.common import TaskStatus
    from stardag_api.store.listing import ParamFilter, TaskFilters, TaskSort, list_tasks

    cases = {
        "list, no filter": TaskFilters(),
        "list family+status": TaskFilters(family="LoadPenguins", statuses=(TaskStatus.FAILED,)),
        "list namespace": TaskFilters(namespace="ml"),
        "search id prefix": TaskFilters(search=ids[0][:8]),
        "search parameter text": TaskFilters(search="penguins42"),
        "param.dataset=penguins42": TaskFilters(params=(ParamFilter(("dataset",), "penguins42"),)),
    }

    def show_notice(notice: psycopg.errors.Diagnostic) -> None:
        print(notice.message_primary, flush=True)

    engine = create_engine(sqlalchemy_url(database_url))
    try:
        for label, filters in cases.items():
            print(f"\n-- EXPLAIN ANALYZE (auto_explain): {label}", flush=True)
            with engine.connect() as connection:
                raw = connection.connection.dbapi_connection
                assert isinstance(raw, psycopg.Connection)
                raw.add_notice_handler(show_notice)
                for setting in (
                    "LOAD 'auto_explain'",
                    "SET auto_explain.log_min_duration = 0",
                    "SET auto_explain.log_analyze = on",
                    "SET auto_explain.log_buffers = on",
                    "SET auto_explain.log_level = notice",
                ):
                    connection.execute(text(setting))
                with Session(bind=connection) as session, session.begin():
                    list_tasks(session, filters, TaskSort.UPDATED_DESC, 50, None)
                raw.remove_notice_handler(show_notice)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000_000)
    parser.add_argument("--database-name", default="stardag_bench_10m")
    parser.add_argument("--reuse", action="store_true", help="keep a database seeded alike")
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--writer-seconds", type=float, default=30.0)
    parser.add_argument("--no-writers", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--parts",
        default="lists,overviews,closure,memory",
        help="comma-separated subset of lists,overviews,closure,memory to measure "
        "(memory: 8 writers add tasks to the database; '' for none, e.g. with --explain)",
    )
    args = parser.parse_args()
    parts = {part for part in args.parts.split(",") if part}
    if unknown := parts - {"lists", "overviews", "closure", "memory"}:
        parser.error(f"unknown --parts {', '.join(sorted(unknown))}")
    seed(args.database_name, args.tasks, args.reuse)
    database_url = database_url_for(args.database_name)
    vacuum_never_vacuumed(database_url)
    ids = list(iter_sample_ids(database_url, 500))
    sink = closure_sink(database_url)
    print(f"load average: {os.getloadavg()}", flush=True)
    with running_api(database_url) as url, httpx.Client(base_url=url, timeout=120) as client:
        if "lists" in parts:
            measure_lists(client, args.samples, ids)
        if "overviews" in parts:
            measure_overviews(client, args.samples, database_url)
        if "closure" in parts:
            measure_closure(client, args.samples, sink)
        if "memory" in parts and not args.no_writers:
            measure_memory(url, sink, args.writer_seconds)
    print(f"load average: {os.getloadavg()}", flush=True)
    if args.explain:
        explain(database_url, ids)


if __name__ == "__main__":
    main()
