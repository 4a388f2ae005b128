"""Stardag on Dask: speed-up, per-task overhead next to Prefect's DaskTaskRunner, and
ingest with several API processes.

All on one ``distributed.LocalCluster`` of 2 single-threaded worker processes:

(a) ``--cpu-tasks`` independent CPU-bound tasks of ~``--cpu-seconds`` each: the
    local sequential build vs the build on Dask (speed-up).
(b) ``--noop-tasks`` no-op tasks: Stardag's per-task overhead on Dask (wall time /
    tasks) vs a Prefect flow submitting ``--prefect-tasks`` (default 200: Prefect
    takes ~0.3 s a task here) no-op tasks with ``prefect_dask.DaskTaskRunner`` on a
    LocalCluster of the same shape, in an environment of its own (``uv run
    --no-project``; see _prefect_noop.py: Prefect's server does not run with the
    service's FastAPI), reporting to a dedicated Prefect server.
(c) ingest of run events with N = 1, 2, 4 API processes (uvicorn workers) over
    one PostgreSQL, ``--ingest-clients`` clients at once.

Builds report to the no-op registry in (a) and (b): they measure execution, not the
registry (which (c) measures).

    uv run python bench/bench_dask.py [--cpu-tasks 64] [--noop-tasks 5000] [--skip-prefect]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("STARDAG_TASK_LEASES", "off")

import distributed
import httpx
import stardag as sd
from _api_bench_support import layered_dag, running_api, scratch_database
from _dask_bench_tasks import NoOp, Spin, spin
from stardag.execution.dask import DaskExecutor
from stardag.registry import NoOpRegistry


def calibrate(seconds: float) -> int:
    """Iterations of ``spin`` that take about ``seconds`` here, now."""
    iterations = 200_000
    while True:
        started = time.perf_counter()
        spin(iterations)
        elapsed = time.perf_counter() - started
        if elapsed > 0.1:
            return int(iterations * seconds / elapsed)
        iterations *= 2


def timed_build(tasks: list[Any], **kwargs: Any) -> tuple[float, float]:
    """(wall seconds of the build, median seconds one task's run took where it ran)."""
    started = time.perf_counter()
    summary = sd.build(tasks, registry=NoOpRegistry(), capture_logs=False, **kwargs)
    elapsed = time.perf_counter() - started
    assert summary.succeeded and len(summary.built) == len(tasks), summary.error
    return elapsed, statistics.median(summary.task_seconds.values())


def cpu_speedup(executor: DaskExecutor, count: int, seconds: float) -> None:
    iterations = calibrate(seconds)
    salt = uuid.uuid4().hex
    tasks = [Spin(index=i, iterations=iterations, salt=salt) for i in range(count)]
    sequential, sequential_task = timed_build(tasks)
    on_dask, dask_task = timed_build(tasks, executor=executor)
    print(f"(a) {count} CPU-bound tasks of ~{seconds:g} s ({iterations} iterations each)")
    print(f"    local sequential build: {sequential:7.2f} s  (median task {sequential_task:.2f} s)")
    print(
        f"    Dask (2 worker procs):  {on_dask:7.2f} s  (median task {dask_task:.2f} s)"
        f"   speed-up {sequential / on_dask:.2f}x"
    )
    # A task slower on a worker than in the driver means the two processes shared the
    # CPU time one process got (a machine loaded by others), not Dask overhead.


def stardag_overhead(executor: DaskExecutor, count: int) -> float:
    tasks = [NoOp(index=i, salt=uuid.uuid4().hex) for i in range(count)]
    elapsed, _median = timed_build(tasks, executor=executor)
    per_task = elapsed / count
    print(f"(b) {count} no-op tasks, Stardag on Dask: {elapsed:7.2f} s  "
          f"= {per_task * 1000:.2f} ms/task")  # fmt: skip
    return per_task


PREFECT_ENV = [
    "--with", "prefect==3.8.8", "--with", "prefect-dask==0.3.7",
    # distributed does not list __version__ in its exports.
    "--with", f"distributed=={distributed.__version__}",  # type: ignore[attr-defined]
    # Prefect's server still passes min_items to FastAPI, which newer FastAPI refuses.
    "--with", "fastapi<0.150",
]  # fmt: skip


def prefect_overhead(count: int) -> float | None:
    """Prefect's per-task overhead, in an environment of its own (see _prefect_noop.py)."""
    script = Path(__file__).resolve().with_name("_prefect_noop.py")
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.setdefault("PREFECT_HOME", str(Path(tempfile.gettempdir()) / "stardag-bench-prefect"))
    command = [
        "uv",
        "run",
        "--no-project",
        "--python",
        f"{sys.version_info.major}.{sys.version_info.minor}",
    ]
    result = subprocess.run(
        [*command, *PREFECT_ENV, "python", str(script), str(count)],
        env=env,
        capture_output=True,
        text=True,
        timeout=3600,
        check=False,
    )
    line = next((line for line in result.stdout.splitlines() if line.startswith("seconds=")), None)
    if result.returncode != 0 or line is None:
        print(f"(b) Prefect not measured (exit {result.returncode}): {result.stderr[-800:]}")
        return None
    elapsed = float(line.split("=", 1)[1])
    per_task = elapsed / count
    print(f"    {count} no-op tasks, Prefect DaskTaskRunner: {elapsed:7.2f} s  "
          f"= {per_task * 1000:.2f} ms/task")  # fmt: skip
    return per_task


def ingest_rate(url: str, clients: int, tasks_per_client: int) -> float:
    """Run events per second: each client registers its DAG, then starts+finishes its runs."""

    def one_client(seed: int) -> int:
        dag = layered_dag(tasks_per_client, seed=seed)
        with httpx.Client(base_url=url, timeout=120) as client:
            for start in range(0, len(dag), 1000):
                response = client.post(
                    "/api/v1/tasks/batch", json={"tasks": dag[start : start + 1000]}
                )
                response.raise_for_status()
            events = []
            for registration in dag:
                run_id = str(uuid.uuid4())
                run = {"run_id": run_id, "task_id": registration["task_id"]}
                events.append({"type": "run_started", "run": run})
                events.append(
                    {"type": "run_finished", "run_id": run_id, "finish": {"status": "completed"}}
                )
            for start in range(0, len(events), 5000):
                response = client.post(
                    "/api/v1/events", json={"events": events[start : start + 5000]}
                )
                response.raise_for_status()
        return len(dag)

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        total = sum(pool.map(one_client, range(clients)))
    return 2 * total / (time.perf_counter() - started)


def ingest_scaling(clients: int, tasks_per_client: int) -> None:
    from stardag_api.db.migrations import upgrade_database

    print(f"(c) ingest, {clients} clients x {tasks_per_client} tasks (register + run events)")
    with scratch_database(None) as database_url:
        upgrade_database(database_url)
        for workers in (1, 2, 4):
            with running_api(database_url, workers=workers) as url:
                ingest_rate(url, 1, 200)  # warm every process's pool a little
                rates = [ingest_rate(url, clients, tasks_per_client) for _ in range(2)]
            print(f"    {workers} API process(es): {statistics.median(rates):9.0f} run events/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-tasks", type=int, default=64)
    parser.add_argument("--cpu-seconds", type=float, default=0.5)
    parser.add_argument("--noop-tasks", type=int, default=5000)
    parser.add_argument("--prefect-tasks", type=int, default=200)
    parser.add_argument("--skip-prefect", action="store_true")
    parser.add_argument("--ingest-clients", type=int, default=4)
    parser.add_argument("--ingest-tasks", type=int, default=2000)
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    with DaskExecutor(n_workers=2, threads_per_worker=1) as executor:
        executor.client.run(spin, 1000)  # workers up and importing
        cpu_speedup(executor, args.cpu_tasks, args.cpu_seconds)
        ours = stardag_overhead(executor, args.noop_tasks)
        if not args.skip_prefect:
            theirs = prefect_overhead(args.prefect_tasks)
            if theirs is not None:
                print(f"    Prefect / Stardag per-task overhead: {theirs / ours:.1f}x")
    if not args.skip_ingest:
        ingest_scaling(args.ingest_clients, args.ingest_tasks)
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
