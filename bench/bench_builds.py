"""Benchmark builds as users see them, live: stream latency, fan-out, build page.

    uv run python bench/bench_builds.py [--chain 20] [--tasks 10000] [--clients 100]

Starts the real API (uvicorn) on a scratch database and prints:

1. latency from a run's finish in the SDK (``sd.build`` with an ``APIRegistry``; the
   ``on_complete`` callback time) to the task's bar turning "completed" on a build page
   open in Chromium with polling off (so only the event stream updates it): p50/p95/max
   over a chain of ``--chain`` tasks, one second apart;
2. ``--clients`` SSE clients connected while a ``--tasks``-task build runs: the API
   process's CPU (mean/max %) and memory (RSS before/max), and completions each client
   missed (every client must see every task complete) and resync signals;
3. that build's page in Chromium: time until its timeline is drawn and the main thread
   idle, and the time to draw rows after jumping to the middle of the timeline.

Needs PostgreSQL (STARDAG_TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres),
node with app/stardag-ui/node_modules, and /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import ModuleType
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
UI_ROOT = REPO_ROOT / "app" / "stardag-ui"
CHANGE_KINDS = ("run", "task_state", "build", "logs")


def _fixtures() -> ModuleType:
    sys.path.insert(0, str(REPO_ROOT / "tests" / "support"))
    import stardag_testing

    return stardag_testing


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure_latency(url: str, chain: int) -> dict[str, Any]:
    import stardag as sd
    from stardag.execution.runner import TaskRunner
    from stardag.registry.api import APIRegistry

    gate = Path(tempfile.mkdtemp()) / "gate"
    finished: dict[str, float] = {}

    @sd.task(namespace="bench-latency")
    def wait_for_page(gate: str) -> int:
        while not Path(gate).exists():
            time.sleep(0.01)
        return 0

    @sd.task(namespace="bench-latency")
    def step(previous: sd.Depends[int], index: int) -> int:
        time.sleep(1.0)
        return previous + index

    task: Any = wait_for_page(gate=str(gate))
    for index in range(chain):
        task = step(previous=task, index=index)
    browser = subprocess.Popen(
        ["node", "bench/bench-builds.mjs", "latency", "--base-url", url, "--gate", str(gate)],
        cwd=UI_ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    registry = APIRegistry(url)
    runner = TaskRunner(on_complete=lambda t: finished.__setitem__(t.task_id, time.time() * 1000))
    sd.build(task, registry=registry, runner=runner)
    output, _ = browser.communicate(timeout=300)
    registry.close()
    seen = json.loads(output.strip().splitlines()[-1])["seen"]
    latencies = [seen[task_id] - at for task_id, at in finished.items() if task_id in seen]
    latencies = latencies[1:]  # the gate task finished before the page started watching
    return {
        "samples": len(latencies),
        "missing": len(finished) - 1 - len(latencies),
        "p50_ms": round(statistics.median(latencies)),
        "p95_ms": round(_percentile(latencies, 0.95)),
        "max_ms": round(max(latencies)),
    }


class ProcessSampler:
    """Samples one process's CPU % and RSS every 0.25 s in a thread."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.process = psutil.Process(pid)
        self.cpu: list[float] = []
        self.rss: list[int] = []
        self._stop = threading.Event()
        self.process.cpu_percent()
        self.rss_before = self.process.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.cpu.append(self.process.cpu_percent())
            self.rss.append(self.process.memory_info().rss)

    def __enter__(self) -> ProcessSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def measure_fan_out(server: Any, tasks: int, clients: int) -> dict[str, Any]:
    import stardag as sd
    from stardag.registry.api import APIRegistry

    @sd.task(namespace="bench-fanout")
    def unit(index: int) -> int:
        return index

    listeners = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("_stream_clients.py")),
            server.url,
            str(clients),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert listeners.stdout is not None
    assert listeners.stdout.readline().strip() == "connected"
    registry = APIRegistry(server.url)
    started = time.perf_counter()
    with ProcessSampler(server.process.pid) as sampler:
        summary = sd.build([unit(index=i) for i in range(tasks)], registry=registry)
        registry.flush()
        build_seconds = time.perf_counter() - started
        output, _ = listeners.communicate(timeout=600)
    registry.close()
    counters = json.loads(output.strip().splitlines()[-1])
    missed = [max(0, tasks - c.get("tasks_completed", 0)) for c in counters]
    return {
        "build_id": str(summary.build_id),
        "build_seconds": round(build_seconds, 1),
        "clients": clients,
        "cpu_mean_percent": round(statistics.mean(sampler.cpu), 1),
        "cpu_max_percent": round(max(sampler.cpu), 1),
        "rss_before_mb": round(sampler.rss_before / 2**20, 1),
        "rss_max_mb": round(max(sampler.rss) / 2**20, 1),
        "completions_expected": tasks * clients,
        "completions_missed": sum(missed),
        "changes_received_per_client": round(
            statistics.mean(
                sum(v for k, v in c.items() if k in ("run", "task_state", "build", "logs"))
                for c in counters
            )
        ),
        "resyncs_total": sum(c["resync"] for c in counters),
    }


def measure_page(url: str, build_id: str, runs: int) -> dict[str, Any]:
    result = subprocess.run(
        [
            "node",
            "bench/bench-builds.mjs",
            "page",
            "--base-url",
            url,
            "--build-id",
            build_id,
            "--runs",
            str(runs),
        ],
        cwd=UI_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--chain", type=int, default=20, help="tasks of the latency build")
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks of the fan-out build")
    parser.add_argument("--clients", type=int, default=100, help="connected stream clients")
    parser.add_argument("--page-runs", type=int, default=3)
    args = parser.parse_args()
    os.environ["STARDAG_HOME"] = tempfile.mkdtemp(prefix="stardag-bench-builds-")
    os.environ["STARDAG_REGISTRY"] = "noop"  # builds name their registry explicitly
    fixtures = _fixtures()
    admin = os.environ.get(
        "STARDAG_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    database = fixtures.create_database(admin, prefix="stardag_bench_builds")
    fixtures.migrate(database)
    server = fixtures.LiveServer(database).start()
    try:
        latency = measure_latency(server.url, args.chain)
        print(
            f"run finish -> UI (stream, {latency['samples']} samples): "
            f"p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms, max {latency['max_ms']} ms, "
            f"missing {latency['missing']}",
            flush=True,
        )
        fan_out = measure_fan_out(server, args.tasks, args.clients)
        print(
            f"{fan_out['clients']} stream clients during a {args.tasks}-task build "
            f"({fan_out['build_seconds']} s): API CPU mean {fan_out['cpu_mean_percent']}% "
            f"max {fan_out['cpu_max_percent']}%, RSS {fan_out['rss_before_mb']} -> "
            f"{fan_out['rss_max_mb']} MB, task completions missed "
            f"{fan_out['completions_missed']} of {fan_out['completions_expected']} "
            f"({fan_out['changes_received_per_client']} changes per client), "
            f"resyncs {fan_out['resyncs_total']}",
            flush=True,
        )
        page = measure_page(server.url, fan_out["build_id"], args.page_runs)
        print(
            f"build page of {args.tasks} runs: drawn {page['drawn_ms']:.0f} ms, "
            f"interactive {page['interactive_ms']:.0f} ms "
            f"(median of {args.page_runs}), scroll jump drawn in {page['scroll_ms']:.0f} ms",
            flush=True,
        )
        print(json.dumps({"latency": latency, "fan_out": fan_out, "page": page}))
    finally:
        server.stop()
        fixtures.drop_database(admin, database)
    return 0


if __name__ == "__main__":
    sys.exit(main())
