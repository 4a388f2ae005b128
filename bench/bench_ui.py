"""Benchmark the web UI in headless Chromium against a registry with 100,000 tasks.

    uv run python bench/bench_ui.py [--tasks 100000] [--runs 5]

Seeds a temporary database through the batch API (tasks in 20 families, 10% of them
run to completed/failed, plus a 1,000-task layered DAG), starts the real API serving the
committed UI bundle, then drives Debian's Chromium (app/stardag-ui/bench/bench-ui.mjs)
and prints medians of:

- time until the task list is interactive (first rows drawn and the filters usable),
- filter response (family select / status toggle until the table shows the new rows),
- time to lay out a 1,000-node graph and draw its first view (around the root), and
  the time of "fit view" drawing all 1,000 nodes,
- and the gzip size of the production bundle.

Needs PostgreSQL (STARDAG_TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres),
node with app/stardag-ui/node_modules, and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
UI_ROOT = REPO_ROOT / "app" / "stardag-ui"
STATIC_DIR = REPO_ROOT / "service" / "stardag-api" / "src" / "stardag_api" / "static"
FAMILIES = [f"family_{i:02d}" for i in range(20)]
GRAPH_SIZE = 1000
GRAPH_LAYER = 37


def _fixtures() -> ModuleType:
    """The shared test support (LiveServer, create_database, migrate)."""
    sys.path.insert(0, str(REPO_ROOT / "tests" / "support"))
    import stardag_testing

    return stardag_testing


def _task(family: str, index: int, dependencies: list[str] | None = None) -> dict[str, Any]:
    return {
        "task_id": str(uuid.uuid4()),
        "family": family,
        "version": "1",
        "parameters": {
            "index": index,
            "learning_rate": round(0.001 * (index % 97), 4),
            "tag": f"t{index % 13}",
        },
        "output_uri": f"/data/{family}/{index}.json",
        "dependencies": dependencies or [],
        "user": "bench",
        "host": "bench-host",
    }


def _batches(items: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def seed(client: httpx.Client, task_count: int) -> dict[str, Any]:
    """Register `task_count` tasks (plus the 1,000-node DAG) and run 10% of them."""
    rng = random.Random(42)
    started = time.perf_counter()
    plain = [_task(FAMILIES[i % len(FAMILIES)], i) for i in range(task_count - GRAPH_SIZE)]
    for batch in _batches(plain, 1000):
        client.post("/api/v1/tasks/batch", json={"tasks": batch}).raise_for_status()

    # A layered DAG: each task needs the task at its position in the previous layer and one
    # more picked at random (so all 999 are upstream of the root); the root needs the last layer.
    layers: list[list[dict[str, Any]]] = []
    graph_tasks: list[dict[str, Any]] = []
    for index in range(GRAPH_SIZE - 1):
        layer, position = divmod(index, GRAPH_LAYER)
        if layer == len(layers):
            layers.append([])
        deps = []
        if layer:
            previous = layers[layer - 1]
            deps = list({previous[position]["task_id"], rng.choice(previous)["task_id"]})
        task = _task("graph_step", index, deps)
        layers[layer].append(task)
        graph_tasks.append(task)
    root = _task("graph_root", 0, [t["task_id"] for t in layers[-1]])
    graph_tasks.append(root)
    for batch in _batches(graph_tasks, 1000):
        client.post("/api/v1/tasks/batch", json={"tasks": batch}).raise_for_status()

    # Run 10%: most complete, one in five fails.
    build_id = str(uuid.uuid4())
    events: list[dict[str, Any]] = [
        {
            "type": "build_started",
            "build": {"build_id": build_id, "root_task_ids": [root["task_id"]]},
        }
    ]
    for i, task in enumerate(rng.sample(plain + graph_tasks, task_count // 10)):
        run_id = str(uuid.uuid4())
        failed = i % 5 == 0
        events.append(
            {
                "type": "run_started",
                "run": {"run_id": run_id, "task_id": task["task_id"], "build_id": build_id},
            }
        )
        events.append(
            {
                "type": "run_finished",
                "run_id": run_id,
                "finish": {
                    "status": "failed" if failed else "completed",
                    "error_message": "ValueError: bench" if failed else None,
                },
            }
        )
    events.append({"type": "build_finished", "build_id": build_id, "status": "failed"})
    for batch in _batches(events, 5000):
        client.post("/api/v1/events", json={"events": batch}).raise_for_status()
    return {"root_id": root["task_id"], "seconds": time.perf_counter() - started}


def bundle_sizes() -> dict[str, int]:
    """Raw and gzip bytes of the shipped bundle: what the first page load needs, and all."""
    index = (STATIC_DIR / "index.html").read_text()
    sizes = {"initial_raw": 0, "initial_gzip": 0, "total_raw": 0, "total_gzip": 0}
    for path in [STATIC_DIR / "index.html", *sorted((STATIC_DIR / "assets").iterdir())]:
        data = path.read_bytes()
        packed = len(gzip.compress(data, compresslevel=6))
        sizes["total_raw"] += len(data)
        sizes["total_gzip"] += packed
        if path.name == "index.html" or f"/assets/{path.name}" in index:
            sizes["initial_raw"] += len(data)
            sizes["initial_gzip"] += packed
    return sizes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    fixtures = _fixtures()
    admin = os.environ.get(
        "STARDAG_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    database = fixtures.create_database(admin, prefix="stardag_bench_ui")
    server = None
    try:
        fixtures.migrate(database)
        server = fixtures.LiveServer(database).start()
        with httpx.Client(base_url=server.url, timeout=120) as client:
            seeded = seed(client, args.tasks)
            api_times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                client.get("/api/v1/tasks", params={"limit": 50}).raise_for_status()
                api_times.append(time.perf_counter() - t0)
        print(f"seeded {args.tasks:,} tasks in {seeded['seconds']:.1f} s (batch API)")
        result = subprocess.run(
            [
                "node",
                "bench/bench-ui.mjs",
                "--base-url",
                server.url,
                "--graph-root",
                seeded["root_id"],
                "--family",
                FAMILIES[7],
                "--runs",
                str(args.runs),
            ],
            cwd=UI_ROOT,
            stdout=subprocess.PIPE,  # progress goes to stderr, straight to the terminal
            text=True,
            timeout=900,
            check=False,
        )
        if result.returncode != 0:
            print(result.stdout, file=sys.stderr)
            return 1
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        if server is not None:
            server.stop()
        fixtures.drop_database(admin, database)

    sizes = bundle_sizes()
    api_median_ms = 1000 * sorted(api_times)[len(api_times) // 2]
    print(f"GET /api/v1/tasks?limit=50 (server only), median: {api_median_ms:.0f} ms")
    for name, goal in (
        ("list_interactive_ms", 1500),
        ("filter_family_ms", 300),
        ("filter_status_ms", 300),
        ("graph_1000_ms", 2000),
    ):
        values = figures[name]
        runs = ", ".join(f"{v:.0f}" for v in values["all"])
        print(f"{name:22s} median {values['median']:7.0f} ms  (runs: {runs}; goal <= {goal} ms)")
    med = {name: values["median"] for name, values in figures.items() if isinstance(values, dict)}
    print(
        f"  of which the API request (median): family filter {med['filter_family_api_ms']:.0f} ms,"
        f" status filter {med['filter_status_api_ms']:.0f} ms, /graph {med['graph_api_ms']:.0f} ms"
    )
    print(
        f"graph (1,000 nodes laid out, first view around the root drawn): layout"
        f" {med['graph_layout_ms']:.0f} ms; data received -> drawn"
        f" {med['graph_after_data_ms']:.0f} ms; then fit view to draw all"
        f" {figures['graph_nodes']} nodes: {med['graph_fit_all_ms']:.0f} ms (medians)"
    )
    kib = {key: value / 1024 for key, value in sizes.items()}
    print(
        f"bundle: initial load {kib['initial_gzip']:.1f} KiB gzip"
        f" ({kib['initial_raw']:.0f} KiB raw);"
        f" all assets {kib['total_gzip']:.1f} KiB gzip ({kib['total_raw']:.0f} KiB raw)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
