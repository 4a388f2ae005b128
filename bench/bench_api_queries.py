"""Read latency of the registry API on a 1,000,000-task registry.

Seeds 1,000,000 tasks with COPY (plus ~500,000 edges and a 10,000-node layered
DAG with one sink that depends on its whole last layer), then, against a real
uvicorn, prints p50/p95 of: the list endpoint filtered by family+status (first
page and 50th page through cursors), search by id prefix, search by parameter
value, ``param.<name>=<value>``, and the upstream closure of the 10,000-node DAG.
Finishes with EXPLAIN (ANALYZE, BUFFERS) of the list/search queries.

    uv run python bench/bench_api_queries.py [--tasks 1000000] [--samples 40] [--database-url URL]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg.types.json import Jsonb

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_bench_support import percentile, running_api, scratch_database
from stardag_api.db.migrations import upgrade_database
from stardag_api.store.listing import (
    ParamFilter,
    TaskFilters,
    TaskSort,
    list_tasks_query,
)

STATUSES = ["completed"] * 14 + ["failed"] * 2 + ["pending"] * 3 + ["running"]
FAMILIES = 50
DAG_LAYERS, DAG_WIDTH = 100, 100


def seed(database_url: str, n_tasks: int) -> dict[str, Any]:
    """COPY ``n_tasks`` tasks and their edges; return ids the queries need."""
    rng = random.Random(7)
    base = datetime(2025, 1, 1, tzinfo=UTC)
    ids = [uuid.UUID(int=rng.getrandbits(128), version=4) for _ in range(n_tasks)]
    with psycopg.connect(database_url, autocommit=True) as conn:
        # Bulk load without the secondary indices, then build them once: that is how one
        # restores a registry, and it keeps the seed step short.
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes"
            " WHERE tablename IN ('tasks', 'task_states', 'task_edges')"
            " AND indexname NOT LIKE 'pk_%'"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        started = time.perf_counter()
        states: list[tuple[uuid.UUID, str, str, str, datetime]] = []
        with conn.cursor() as cur:
            with cur.copy(
                "COPY tasks (task_id, namespace, family, version, parameters, task_data,"
                " output_uri, created_at) FROM STDIN"
            ) as copy:
                for i, task_id in enumerate(ids):
                    updated = base + timedelta(seconds=rng.randrange(30 * 86400))
                    family = f"Family{i % FAMILIES}"
                    params = {
                        "index": i,
                        "dataset": f"penguins{i % 1000}",
                        "seed": i % 97,
                        "model": rng.choice(["linear", "forest", "boosted"]),
                    }
                    copy.write_row(
                        (
                            task_id,
                            f"ns{i % 5}",
                            family,
                            "1",
                            Jsonb(params),
                            Jsonb(
                                {
                                    "__namespace": f"ns{i % 5}",
                                    "__name": family,
                                    "version": "1",
                                    **params,
                                }
                            ),
                            f"/data/{task_id}.json",
                            updated - timedelta(hours=1),
                        )
                    )
                    states.append((task_id, f"ns{i % 5}", family, rng.choice(STATUSES), updated))
            with cur.copy(
                "COPY task_states (task_id, namespace, family, status, updated_at) FROM STDIN"
            ) as copy:
                for state in states:
                    copy.write_row(state)
            with cur.copy("COPY task_edges (upstream_id, downstream_id) FROM STDIN") as copy:
                # The 10,000-node layered DAG lives in the first DAG_LAYERS * DAG_WIDTH tasks.
                for layer in range(1, DAG_LAYERS):
                    for j in range(DAG_WIDTH):
                        down = layer * DAG_WIDTH + j
                        # The node straight above plus one random one: every node has a
                        # downstream, so the sink's closure is the whole DAG.
                        above = (layer - 1) * DAG_WIDTH
                        other = above + (j + 1 + rng.randrange(DAG_WIDTH - 1)) % DAG_WIDTH
                        for up in (above + j, other):
                            copy.write_row((ids[up], ids[down]))
                sink = DAG_LAYERS * DAG_WIDTH  # depends on the whole last layer
                for up in range((DAG_LAYERS - 1) * DAG_WIDTH, sink):
                    copy.write_row((ids[up], ids[sink]))
                for down in range(sink + 1, n_tasks, 2):
                    copy.write_row((ids[down - 1], ids[down]))
        copied = time.perf_counter() - started
        for _, definition in indexes:
            conn.execute(definition)
        conn.execute("VACUUM ANALYZE tasks")
        conn.execute("VACUUM ANALYZE task_states")
        conn.execute("VACUUM ANALYZE task_edges")
        indexed = time.perf_counter() - started - copied
    print(f"seeded {n_tasks} tasks: COPY {copied:.1f} s, indices + analyze {indexed:.1f} s")
    return {"ids": ids, "sink": ids[DAG_LAYERS * DAG_WIDTH]}


def timed(client: httpx.Client, path: str, params: Any = None) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    response = client.get(path, params=params)
    elapsed = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    return elapsed, response.json()


def report(label: str, samples: list[float], goal_ms: float) -> None:
    p50, p95 = percentile(samples, 50), percentile(samples, 95)
    verdict = "ok" if p95 <= goal_ms else "OVER GOAL"
    print(f"{label:<46} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  (goal p95 <= {goal_ms:g}) {verdict}")


def measure(url: str, seeded: dict[str, Any], samples: int) -> None:
    rng = random.Random(11)
    with httpx.Client(base_url=url, timeout=60) as client:
        api = "/api/v1/tasks"
        first, deep, prefix, text, param = [], [], [], [], []
        for _ in range(samples):
            query = {
                "family": f"Family{rng.randrange(FAMILIES)}",
                "status": rng.choice(["completed", "failed", "pending"]),
                "limit": 50,
            }
            elapsed, page = timed(client, api, query)
            first.append(elapsed)
        # Walk to page 50 of one filter once, then time fetching that page repeatedly.
        query = {"family": "Family3", "status": "completed", "limit": 50}
        cursor = None
        for _ in range(49):
            _, page = timed(client, api, {**query, **({"cursor": cursor} if cursor else {})})
            cursor = page["next_cursor"]
        assert cursor is not None
        for _ in range(samples):
            elapsed, page = timed(client, api, {**query, "cursor": cursor})
            assert len(page["items"]) == 50
            deep.append(elapsed)
        for _ in range(samples):
            task_id = str(rng.choice(seeded["ids"]))
            elapsed, page = timed(client, api, {"search": task_id[:8]})
            assert any(item["task_id"] == task_id for item in page["items"])
            prefix.append(elapsed)
        for _ in range(samples):
            value = f"penguins{rng.randrange(1000)}"
            elapsed, page = timed(client, api, {"search": value, "limit": 50})
            assert page["items"], value
            text.append(elapsed)
            elapsed, page = timed(client, api, {"param.dataset": value, "limit": 50})
            assert page["items"], value
            param.append(elapsed)
        closure = []
        for _ in range(max(5, samples // 4)):
            elapsed, body = timed(
                client,
                f"{api}/{seeded['sink']}/upstream",
                {"depth": 0, "limit": 10_000},
            )
            assert len(body["items"]) == DAG_LAYERS * DAG_WIDTH, len(body["items"])
            closure.append(elapsed)
        facets, totals = [], []
        for _ in range(5):
            facets.append(timed(client, "/api/v1/families")[0])
            totals.append(timed(client, "/api/v1/stats")[0])
    report("list family+status, first page", first, 50)
    report("list family+status, 50th page (cursor)", deep, 50)
    report("search by id prefix (8 hex)", prefix, 50)
    report("search by parameter value (full text)", text, 50)
    report("param.dataset=<value> (JSONB containment)", param, 50)
    report("upstream closure, 10,000-node DAG", closure, 300)
    report("families facet (informational)", facets, float("inf"))
    report("stats (informational)", totals, float("inf"))


def explain(database_url: str, seeded: dict[str, Any]) -> None:
    from sqlalchemy.dialects import postgresql

    some_id = str(seeded["ids"][12345])
    cases = {
        "list family+status": TaskFilters(family="Family3", statuses=()),
        "search id prefix": TaskFilters(search=some_id[:8]),
        "search parameter text": TaskFilters(search="penguins42"),
        "param.dataset=penguins42": TaskFilters(params=(ParamFilter(("dataset",), "penguins42"),)),
    }
    from stardag_api.schemas.common import TaskStatus

    cases["list family+status"] = TaskFilters(family="Family3", statuses=(TaskStatus.COMPLETED,))
    with psycopg.connect(database_url) as conn:
        for label, filters in cases.items():
            # As the app runs them: selective search/param filters sort their matches.
            sort_matches = bool(filters.search or filters.params)
            query = list_tasks_query(filters, TaskSort.UPDATED_DESC, 50, None, sort_matches)
            # SQLAlchemy's psycopg dialect class is unannotated.
            compiled = query.compile(dialect=postgresql.psycopg.dialect())  # type: ignore[no-untyped-call]
            params = {
                key: Jsonb(value) if isinstance(value, dict) else value
                for key, value in compiled.params.items()
            }
            plan = conn.execute(
                "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + str(compiled), params
            ).fetchall()
            print(f"\n-- EXPLAIN ANALYZE: {label}")
            print("\n".join(row[0] for row in plan))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=40)
    parser.add_argument("--database-url", default=None, help="default: a temporary database")
    args = parser.parse_args()
    with scratch_database(args.database_url) as database_url:
        upgrade_database(database_url)
        seeded = seed(database_url, args.tasks)
        with running_api(database_url) as url:
            measure(url, seeded, args.samples)
        explain(database_url, seeded)


if __name__ == "__main__":
    main()
