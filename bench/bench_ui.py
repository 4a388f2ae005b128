"""Benchmark the web UI in headless Chromium against a registry with 100,000 tasks.

    uv run python bench/bench_ui.py [--tasks 100000] [--runs 5] [--graph-nodes 10000]
    uv run python bench/bench_ui.py --database-url URL --no-seed [--graph-root ID]

Seeds a temporary database through the batch API (tasks in 20 families, 10% of them
run to completed/failed, plus a layered DAG of ``--graph-nodes`` tasks, default 1,000),
starts the real API serving the committed UI bundle, then drives Debian's Chromium
(app/stardag-ui/bench/bench-ui.mjs) and prints medians of:

- time until the task list is interactive (first rows drawn and the filters usable),
- filter response (family select / status toggle until the table shows the new rows),
- time to lay out the graph and draw its first view (around the root, on the canvas
  view above 500 nodes), the time of "fit view" drawing all of it,
- the page of the seeded build (a tenth of the tasks run in it: 10,000 runs at the
  default size): time until its timeline is drawn, until the main thread is idle, and
  until all its tasks are loaded,
- frame rates while the graph is panned (scripted drags) and zoomed (wheel events),
  at the first view's zoom and fitted (every node on screen): median and 5th-percentile
  fps from requestAnimationFrame deltas, and the draw time per frame,
- and the gzip size of the production bundle.

``--database-url`` runs against an existing database (e.g. one seeded with 10,000,000
tasks) and keeps it; ``--tasks N --graph-nodes N`` then adds just the DAG (and its build).
``--no-seed`` adds nothing and finds the graph root by ``--graph-root`` or else the newest
task of family ``graph_root`` (seeded by an earlier run of this script), and the build
with the most runs among the latest 20. Without ``--database-url`` a scratch database is
created and dropped.

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
GRAPH_ROOT_FAMILY = "graph_root"


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


def _layered_dag(size: int, rng: random.Random) -> list[dict[str, Any]]:
    """A layered DAG of ``size`` tasks, root last: each task needs the task at its position
    in the previous layer and one more picked at random; the root needs every task that
    nothing else needs (so all are upstream of it). Layers are about sqrt(size) wide."""
    width = max(37, round(size**0.5))
    layers: list[list[dict[str, Any]]] = []
    tasks: list[dict[str, Any]] = []
    for index in range(size - 1):
        layer, position = divmod(index, width)
        if layer == len(layers):
            layers.append([])
        deps = []
        if layer:
            previous = layers[layer - 1]
            deps = list(
                {previous[position % len(previous)]["task_id"], rng.choice(previous)["task_id"]}
            )
        task = _task("graph_step", index, deps)
        layers[layer].append(task)
        tasks.append(task)
    needed = {dep for task in tasks for dep in task["dependencies"]}
    leaves = [t["task_id"] for t in tasks if t["task_id"] not in needed]
    tasks.append(_task(GRAPH_ROOT_FAMILY, 0, leaves))
    return tasks


def seed(client: httpx.Client, task_count: int, graph_size: int) -> dict[str, Any]:
    """Register ``task_count`` tasks (``graph_size`` of them a layered DAG) and run 10%."""
    rng = random.Random(42)
    started = time.perf_counter()
    plain = [_task(FAMILIES[i % len(FAMILIES)], i) for i in range(max(task_count - graph_size, 0))]
    for batch in _batches(plain, 1000):
        client.post("/api/v1/tasks/batch", json={"tasks": batch}).raise_for_status()
    graph_tasks = _layered_dag(graph_size, rng)
    root = graph_tasks[-1]
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
    return {
        "root_id": root["task_id"],
        "build_id": build_id,
        "seconds": time.perf_counter() - started,
    }


def find_existing(client: httpx.Client, graph_root: str | None) -> dict[str, Any]:
    """The graph root and a family to filter by in an already seeded database."""
    if graph_root is None:
        page = client.get(
            "/api/v1/tasks", params={"family": GRAPH_ROOT_FAMILY, "limit": 1}
        ).raise_for_status()
        items = page.json()["items"]
        if not items:
            raise SystemExit(
                f"no task of family {GRAPH_ROOT_FAMILY!r} in this database: pass --graph-root ID"
            )
        graph_root = str(items[0]["task_id"])
    families = client.get("/api/v1/families").raise_for_status().json()["items"]
    names = sorted({item["family"] for item in families if item["family"] != GRAPH_ROOT_FAMILY})
    if not names:
        raise SystemExit("this database has no task families to filter by")
    builds = client.get("/api/v1/builds", params={"limit": 20}).raise_for_status().json()["items"]
    biggest = max(builds, key=lambda build: build["task_count"], default=None)
    return {
        "root_id": graph_root,
        "family": FAMILIES[7] if FAMILIES[7] in names else names[0],
        "build_id": biggest["build_id"] if biggest else None,
    }


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


def _graph_nodes(value: str) -> int:
    number = int(value)
    if not 2 <= number <= 20_000:
        raise argparse.ArgumentTypeError("--graph-nodes must be between 2 and 20,000")
    return number


def _print_graph_figures(figures: dict[str, Any]) -> None:
    med = {
        name: v["median"] for name, v in figures.items() if isinstance(v, dict) and "median" in v
    }
    nodes = figures["graph_nodes"]
    print(
        f"graph ({nodes:,} nodes, {figures['graph_renderer']}): first view"
        f" {med['graph_first_view_ms']:.0f} ms after navigation; /graph request"
        f" {med['graph_api_ms']:.0f} ms ({figures['graph_payload_kib']:.0f} KiB); layout"
        f" {med['graph_layout_ms']:.0f} ms (worker); data received -> drawn"
        f" {med['graph_after_data_ms']:.0f} ms; fit view drawing all {nodes:,}:"
        f" {med['graph_fit_all_ms']:.0f} ms (medians; goal first view <= 2000 ms)"
    )
    for scene in ("first_view", "fitted"):
        fps = figures.get(f"fps_{scene}")
        if fps:
            print(
                f"  pan/zoom at {scene.replace('_', ' ')} (zoom {fps['zoom']:.2f},"
                f" {fps['nodes_drawn']:,} nodes drawn): median {fps['median_fps']:.0f} fps,"
                f" 5th percentile {fps['p5_fps']:.0f} fps (p95 frame {fps['p95_frame_ms']:.1f} ms)"
                f" over {fps['frames']} frames; draw per frame median"
                f" {fps['draw_median_ms']:.1f} ms, p95 {fps['draw_p95_ms']:.1f} ms"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--graph-nodes", type=_graph_nodes, default=1000, help="size of the seeded DAG"
    )
    parser.add_argument("--database-url", help="an existing database (kept afterwards)")
    parser.add_argument("--no-seed", action="store_true", help="add nothing; needs --database-url")
    parser.add_argument("--graph-root", help="task whose upstream graph is drawn (--no-seed)")
    args = parser.parse_args()
    if args.no_seed and not args.database_url:
        parser.error("--no-seed needs --database-url")

    fixtures = _fixtures()
    admin = os.environ.get(
        "STARDAG_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    database = args.database_url or fixtures.create_database(admin, prefix="stardag_bench_ui")
    server = None
    try:
        if not args.no_seed:
            fixtures.migrate(database)
        server = fixtures.LiveServer(database).start()
        with httpx.Client(base_url=server.url, timeout=300) as client:
            if args.no_seed:
                target = find_existing(client, args.graph_root)
                tasks = client.get("/api/v1/stats").raise_for_status().json()["tasks"]
                print(f"existing database: {tasks:,} tasks, graph root {target['root_id']}")
            else:
                seeded = seed(client, args.tasks, args.graph_nodes)
                target = {
                    "root_id": seeded["root_id"],
                    "family": FAMILIES[7],
                    "build_id": seeded["build_id"],
                }
                print(f"seeded {args.tasks:,} tasks in {seeded['seconds']:.1f} s (batch API)")
            api_times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                client.get("/api/v1/tasks", params={"limit": 50}).raise_for_status()
                api_times.append(time.perf_counter() - t0)
        result = subprocess.run(
            [
                "node",
                "bench/bench-ui.mjs",
                "--base-url",
                server.url,
                "--graph-root",
                target["root_id"],
                "--graph-nodes",
                str(args.graph_nodes),
                "--family",
                target["family"],
                "--runs",
                str(args.runs),
                *(["--build-id", str(target["build_id"])] if target["build_id"] else []),
            ],
            cwd=UI_ROOT,
            stdout=subprocess.PIPE,  # progress goes to stderr, straight to the terminal
            text=True,
            timeout=1800,
            check=False,
        )
        if result.returncode != 0:
            print(result.stdout, file=sys.stderr)
            return 1
        figures = json.loads(result.stdout.strip().splitlines()[-1])
    finally:
        if server is not None:
            server.stop()
        if not args.database_url:
            fixtures.drop_database(admin, database)

    sizes = bundle_sizes()
    api_median_ms = 1000 * sorted(api_times)[len(api_times) // 2]
    print(f"GET /api/v1/tasks?limit=50 (server only), median: {api_median_ms:.0f} ms")
    for name, goal in (
        ("list_interactive_ms", 1000),
        ("filter_family_ms", 200),
        ("filter_status_ms", 200),
    ):
        values = figures[name]
        runs = ", ".join(f"{v:.0f}" for v in values["all"])
        print(f"{name:22s} median {values['median']:7.0f} ms  (runs: {runs}; goal <= {goal} ms)")
    med = {
        name: v["median"] for name, v in figures.items() if isinstance(v, dict) and "median" in v
    }
    print(
        f"  of which the API request (median): family filter {med['filter_family_api_ms']:.0f} ms,"
        f" status filter {med['filter_status_api_ms']:.0f} ms"
    )
    _print_graph_figures(figures)
    if "build_interactive_ms" in figures:
        build = {
            name: figures[name]["median"] for name in ("build_drawn_ms", "build_interactive_ms")
        }
        print(
            f"build page ({figures['build_runs']:,} runs): drawn {build['build_drawn_ms']:.0f} ms,"
            f" interactive {build['build_interactive_ms']:.0f} ms after navigation (medians;"
            f" goal interactive <= 1500 ms); all its tasks shown"
            f" {figures['build_complete_ms']['median']:.0f} ms"
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
