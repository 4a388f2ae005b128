"""Seed a registry database with millions of tasks by COPY, for ``bench_scale.py``.

The schema is the real one (our Alembic migrations); the secondary indices (and the
primary keys of the big tables) are dropped during the load and rebuilt once after
it, as a restore would. Shape of the data:

- ~200 families (a few huge, most small: Zipf-like) in four namespaces;
- parameters of four fields (``dataset``, ``seed``, ``model``, ``index``) and the
  serialized task beside them;
- tasks created over the last 180 days in groups of 1,000, one build each, as
  10 layers of 100 where each task depends on one or two of the layer above;
- ~40% of tasks ran (completed/failed, some after a failed retry), runs and builds
  dated with them; one run in 50 has 10 log records; the last 200 builds have
  their ``build_tasks`` rows;
- the first 100,001 tasks form one 100,000-node DAG (100 layers of 1,000, each
  node depending on the one above and a random one) under a sink of family
  ``ClosureSink`` that depends on the whole last layer.

The database's COMMENT records what was seeded, so ``--reuse`` can skip the work.

    uv run python bench/seed_scale.py [--tasks 10000000] [--database-name stardag_bench_10m]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_bench_support import DEFAULT_ADMIN_URL
from stardag_api.db.migrations import upgrade_database

NAMESPACES = ["", "etl", "ml", "reports"]
_VERBS = ["Load", "Clean", "Split", "Train", "Score", "Join", "Export", "Plot", "Fetch", "Merge"]
_NOUNS = [
    "Penguins", "Sales", "Orders", "Clicks", "Users", "Events", "Images", "Texts",
    "Prices", "Stocks", "Weather", "Sensors", "Logs", "Invoices", "Reviews", "Ratings",
    "Trips", "Flights", "Genes", "Tweets",
]  # fmt: skip
FAMILIES = [f"{verb}{noun}" for noun in _NOUNS for verb in _VERBS]  # 200
MODELS = ["linear", "forest", "boosted"]
DATASETS = 1000  # dataset values "penguins0" .. "penguins999"
GROUP = 1000  # tasks per build
LAYER = 100  # width of a group's layers
CLOSURE_LAYERS, CLOSURE_WIDTH = 100, 1000
SPAN_DAYS = 180
LOGGED_RUN_EVERY, LOGS_PER_RUN = 50, 10
BUILD_TASKS_FOR_LAST_BUILDS = 200


def family_of(rank: int) -> str:
    return FAMILIES[rank]


def namespace_of(rank: int) -> str:
    return NAMESPACES[rank % len(NAMESPACES)]


def dataset_of(index: int) -> str:
    return f"penguins{index % DATASETS}"


def seed_of(index: int) -> int:
    return index % 97


def model_of(index: int) -> str:
    return MODELS[index % 3]


def _ts(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat()


@dataclass
class Streams:
    """One open COPY per table (on its own connection), fed block by block."""

    copies: dict[str, Any] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    def write(self, table: str, lines: list[str]) -> None:
        if lines:
            self.copies[table].write("".join(lines))
            self.rows[table] = self.rows.get(table, 0) + len(lines)


COPY_COLUMNS = {
    "tasks": "task_id, namespace, family, version, parameters, task_data, output_uri,"
    ' created_at, "user", host, commit_hash',
    "task_states": "task_id, namespace, family, status, updated_at, started_at, finished_at,"
    " duration_seconds, latest_run_id",
    "task_edges": "upstream_id, downstream_id",
    "builds": 'build_id, root_task_ids, status, "user", host, commit_hash, started_at, finished_at',
    "runs": "run_id, task_id, build_id, status, started_at, finished_at, duration_seconds,"
    ' last_heartbeat_at, "user", host, commit_hash, error_message, traceback, next_log_seq',
    "run_logs": 'run_id, seq, "timestamp", level_no, logger, message, stream',
    "build_tasks": "build_id, task_id, state, cause_task_id, run_id, updated_at",
}


class Generator:
    """Deterministic rows (seeded RNG), one group of ``GROUP`` tasks at a time."""

    def __init__(self, n_tasks: int, now: float) -> None:
        self.n = n_tasks
        self.rng = random.Random(20261202)
        self.start = now - SPAN_DAYS * 86400
        self.step = SPAN_DAYS * 86400 / n_tasks
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(FAMILIES))]
        self.family_ranks = list(range(len(FAMILIES)))
        self.weights = weights
        self.groups = (n_tasks + GROUP - 1) // GROUP
        self.closure_ids: list[str] = []

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def group(self, g: int, streams: Streams) -> None:
        rng = self.rng
        first = g * GROUP
        last = min(first + GROUP, self.n)
        build_id = self.uid()
        ids = [self.uid() for _ in range(first, last)]
        ranks = rng.choices(self.family_ranks, self.weights, k=len(ids))
        tasks: list[str] = []
        states: list[str] = []
        edges: list[str] = []
        runs: list[str] = []
        logs: list[str] = []
        build_tasks: list[str] = []
        build_start = self.start + first * self.step
        keep_build_tasks = g >= self.groups - BUILD_TASKS_FOR_LAST_BUILDS
        for k, task_id in enumerate(ids):
            i = first + k
            created = self.start + i * self.step
            rank = ranks[k]
            family = family_of(rank)
            namespace = namespace_of(rank)
            if i == CLOSURE_LAYERS * CLOSURE_WIDTH:
                family, namespace = "ClosureSink", "bench"
            params = (
                f'"seed": {seed_of(i)}, "index": {i}, "model": "{model_of(i)}", '
                f'"dataset": "{dataset_of(i)}"'
            )
            task_data = (
                f'{{"__namespace": "{namespace}", "__name": "{family}", "version": "1", {params}}}'
            )
            roll = rng.random()
            status = (
                "completed"
                if roll < 0.35
                else "failed"
                if roll < 0.39
                else "running"
                if roll < 0.3905
                else "upstream_failed"
                if roll < 0.41
                else "pending"
            )
            started: float | None = None
            finished: float | None = None
            duration: float | None = None
            run_id: str | None = None
            updated = created
            if status in ("completed", "failed", "running"):
                attempts = 2 if rng.random() < 0.1 and status != "running" else 1
                t = created + rng.random() * 60
                for attempt in range(attempts):
                    run_id = self.uid()
                    outcome = status if attempt == attempts - 1 else "failed"
                    duration = round(rng.expovariate(1 / 30), 3) if outcome != "running" else None
                    started = run_start = t
                    finished = t + duration if duration is not None else None
                    error = "ValueError: bad input" if outcome == "failed" else None
                    tb = "Traceback (most recent call last):\\n  ValueError" if error else None
                    logged = rng.randrange(LOGGED_RUN_EVERY) == 0
                    runs.append(
                        "\t".join(
                            [
                                run_id,
                                task_id,
                                build_id,
                                outcome,
                                _ts(run_start),
                                _ts(finished) if finished else "\\N",
                                str(duration) if duration is not None else "\\N",
                                _ts(finished or run_start),
                                "bench",
                                "host1",
                                "deadbeef",
                                error or "\\N",
                                tb or "\\N",
                                str(LOGS_PER_RUN if logged else 0),
                            ]
                        )
                        + "\n"
                    )
                    if logged:
                        for seq in range(LOGS_PER_RUN):
                            logs.append(
                                f"{run_id}\t{seq}\t{_ts(run_start + seq * 0.1)}\t20\t"
                                f"stardag.{family}\tstep {seq} of {family} {i}\tlog\n"
                            )
                    t = (finished or t) + 1
                updated = finished or run_start
                if keep_build_tasks:
                    build_tasks.append(
                        f"{build_id}\t{task_id}\t{status}\t\\N\t{run_id}\t{_ts(updated)}\n"
                    )
            elif keep_build_tasks:
                state = "upstream_failed" if status == "upstream_failed" else "pending"
                build_tasks.append(f"{build_id}\t{task_id}\t{state}\t\\N\t\\N\t{_ts(created)}\n")
            tasks.append(
                "\t".join(
                    [
                        task_id,
                        namespace,
                        family,
                        "1",
                        "{" + params + "}",
                        task_data,
                        f"s3://bench-outputs/{namespace or 'default'}/{family}/{task_id}.json",
                        _ts(created),
                        "bench",
                        "host1",
                        "deadbeef",
                    ]
                )
                + "\n"
            )
            states.append(
                "\t".join(
                    [
                        task_id,
                        namespace,
                        family,
                        status,
                        _ts(updated),
                        _ts(started) if started else "\\N",
                        _ts(finished) if finished else "\\N",
                        str(duration) if duration is not None else "\\N",
                        run_id or "\\N",
                    ]
                )
                + "\n"
            )
            layer = k // LAYER
            if i <= CLOSURE_LAYERS * CLOSURE_WIDTH:
                self._closure_edges(i, task_id, edges)
            elif layer > 0:
                above = (layer - 1) * LAYER
                for _ in range(1 + (i % 2)):
                    up = ids[above + rng.randrange(LAYER)]
                    edges.append(f"{up}\t{task_id}\n")
        streams.write("tasks", tasks)
        streams.write("task_states", states)
        streams.write("task_edges", sorted(set(edges)))
        streams.write("runs", runs)
        streams.write("run_logs", logs)
        streams.write("build_tasks", build_tasks)
        build_end = self.start + (last - 1) * self.step + 120
        streams.write(
            "builds",
            [
                f"{build_id}\t{{{ids[-1]}}}\tcompleted\tbench\thost1\tdeadbeef\t"
                f"{_ts(build_start)}\t{_ts(build_end)}\n"
            ],
        )

    def _closure_edges(self, i: int, task_id: str, edges: list[str]) -> None:
        """Edges of the 100,000-node DAG (tasks 0..100,000 across the first groups)."""
        self.closure_ids.append(task_id)
        sink = CLOSURE_LAYERS * CLOSURE_WIDTH
        if i == sink:
            for up in self.closure_ids[sink - CLOSURE_WIDTH : sink]:
                edges.append(f"{up}\t{task_id}\n")
            self.closure_ids = []
            return
        layer, j = divmod(i, CLOSURE_WIDTH)
        if layer == 0:
            return
        above = (layer - 1) * CLOSURE_WIDTH
        other = above + (j + 1 + self.rng.randrange(CLOSURE_WIDTH - 1)) % CLOSURE_WIDTH
        edges.append(f"{self.closure_ids[above + j]}\t{task_id}\n")
        edges.append(f"{self.closure_ids[other]}\t{task_id}\n")


def database_url_for(name: str) -> str:
    parts = urlsplit(DEFAULT_ADMIN_URL)
    return str(urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment)))


def seeded_marker(name: str) -> dict[str, Any] | None:
    """What the database's COMMENT says was seeded into it (None: nothing complete)."""
    with psycopg.connect(DEFAULT_ADMIN_URL, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            (name,),
        ).fetchone()
    if row is None or not row[0]:
        return None
    try:
        marker: dict[str, Any] = json.loads(row[0])
    except ValueError:
        return None
    return marker


TABLES_DURING_LOAD = (
    "tasks",
    "task_states",
    "task_edges",
    "runs",
    "run_logs",
    "build_tasks",
    "builds",
)


def _drop_indexes(conn: psycopg.Connection[Any]) -> list[str]:
    """Drop the loaded tables' indices and constraints; return the DDL that restores them."""
    restore: list[str] = []
    constraints = conn.execute(
        "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype"
        " FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s)"
        " AND c.contype IN ('p', 'f') ORDER BY c.contype = 'p'",
        (list(TABLES_DURING_LOAD),),
    ).fetchall()
    for table, name, _, _ in constraints:  # foreign keys first, then primary keys
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    indexes = conn.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)",
        (list(TABLES_DURING_LOAD),),
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    restore += [
        f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, kind in constraints if kind == "p"
    ]
    # A partitioned table's index reads "ON ONLY t": recreated so, it would cover no
    # partition (run_logs' key; see migration 0012).
    restore += [definition.replace(" ON ONLY ", " ON ", 1) for _, definition in indexes]
    restore += [
        f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, kind in constraints if kind == "f"
    ]
    return restore


def _make_log_partitions(url: str) -> None:
    """The monthly ``run_logs`` partitions of the seeded span, as a registry that lived
    through it has (the server makes them ahead; a COPY would fill the default one)."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from stardag_api.core.config import sqlalchemy_url
    from stardag_api.store.log_partitions import add_months, ensure_month_partitions, month_start

    engine = create_engine(sqlalchemy_url(url))
    this_month = month_start(datetime.now(UTC))
    with Session(engine) as session:
        months = [add_months(this_month, -k) for k in range(SPAN_DAYS // 28 + 2)]
        ensure_month_partitions(session, months)
    engine.dispose()


def seed(name: str, n_tasks: int, reuse: bool) -> dict[str, Any]:
    """Create and fill database ``name`` (or reuse it when already seeded with ``n_tasks``)."""
    marker = seeded_marker(name)
    if reuse and marker and marker.get("tasks") == n_tasks and marker.get("complete"):
        print(f"reusing {name}: {marker}", flush=True)
        started = time.perf_counter()
        upgrade_database(database_url_for(name))  # as an install upgrades; no-op at head
        print(f"migrated to head in {time.perf_counter() - started:.1f} s", flush=True)
        return marker
    with psycopg.connect(DEFAULT_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = database_url_for(name)
    upgrade_database(url)
    _make_log_partitions(url)
    began = time.perf_counter()
    generator = Generator(n_tasks, time.time())
    with psycopg.connect(url, autocommit=True) as admin:
        restore = _drop_indexes(admin)
    streams = Streams()
    with contextlib.ExitStack() as stack:
        for table, columns in COPY_COLUMNS.items():
            conn = stack.enter_context(psycopg.connect(url))  # commits on a clean exit
            streams.copies[table] = stack.enter_context(
                conn.cursor().copy(f"COPY {table} ({columns}) FROM STDIN")
            )
        last_print = time.perf_counter()
        for g in range(generator.groups):
            generator.group(g, streams)
            now = time.perf_counter()
            if now - last_print > 15 or g == generator.groups - 1:
                last_print = now
                done = min((g + 1) * GROUP, n_tasks)
                rate = done / (now - began)
                print(
                    f"  copied {done:,} / {n_tasks:,} tasks ({rate:,.0f}/s, "
                    f"ETA {(n_tasks - done) / rate / 60:.1f} min); rows {streams.rows}",
                    flush=True,
                )
    copied = time.perf_counter() - began
    print(f"COPY done in {copied / 60:.1f} min; rebuilding indices", flush=True)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SET maintenance_work_mem = '1GB'")
        for ddl in restore:
            started = time.perf_counter()
            admin.execute(ddl)
            print(f"  {time.perf_counter() - started:6.1f} s  {ddl[:110]}", flush=True)
        for table in TABLES_DURING_LOAD:
            started = time.perf_counter()
            admin.execute(f"VACUUM ANALYZE {table}")
            print(f"  {time.perf_counter() - started:6.1f} s  VACUUM ANALYZE {table}", flush=True)
        started = time.perf_counter()
        admin.execute("SELECT refresh_run_day_stats()")  # the COPY into runs marked its days
        print(f"  {time.perf_counter() - started:6.1f} s  run statistics rollup", flush=True)
        size = admin.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = size.fetchone()[0]  # type: ignore[index]
    total = time.perf_counter() - began
    marker = {
        "tasks": n_tasks,
        "rows": streams.rows,
        "complete": True,
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "copy_minutes": round(copied / 60, 1),
        "total_minutes": round(total / 60, 1),
        "size": db_size,
    }
    with psycopg.connect(DEFAULT_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{name}\" IS '{json.dumps(marker)}'")
    print(f"seeded {name} in {total / 60:.1f} min ({db_size}): {streams.rows}", flush=True)
    return marker


def iter_sample_ids(url: str, n: int) -> Iterator[str]:
    """``n`` task ids spread over the table (for prefix searches)."""
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT task_id::text FROM tasks TABLESAMPLE SYSTEM (0.1) LIMIT %s", (n,)
        ).fetchall()
    for (task_id,) in rows:
        yield task_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000_000)
    parser.add_argument("--database-name", default="stardag_bench_10m")
    parser.add_argument("--reuse", action="store_true", help="keep a database seeded alike")
    args = parser.parse_args()
    seed(args.database_name, args.tasks, args.reuse)


if __name__ == "__main__":
    main()
