"""Wall times of the ``stardag`` CLI: server up (cold/warm), tasks ls with 1,000 tasks, down.

    uv run python bench/bench_cli.py [--runs 3] [--ls-runs 15] [--load 2]

Runs the installed ``stardag`` console script in subprocesses, each time as a user
would, with a temporary STARDAG_HOME (the embedded PostgreSQL lives there), and
prints medians. Cold = first ``up`` in a fresh home (initdb + migrations); warm =
``up`` again after ``down`` (data kept). ``--load N`` repeats the warm ``up`` while N
busy-looping processes compete for the CPUs (a machine shared with other work).
Goals (issue 13): warm <= 1.5 s, cold <= 4 s on a quiet machine; under load <= 2x quiet.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx

STARDAG = str(Path(sys.executable).parent / "stardag")
TASKS = 1000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


PYCACHE = Path(tempfile.gettempdir()) / "stardag-bench-pycache"


def environment(home: Path, bytecode: bool = True) -> dict[str, str]:
    """The user's environment with ``home``; ``bytecode`` = compiled modules are cached.

    Warm figures are with cached bytecode, as after any normal install (kept in a
    separate folder so the benchmark writes nothing into the source tree). This
    sandbox sets PYTHONDONTWRITEBYTECODE, so ``bytecode=False`` shows that case too.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("STARDAG_")}
    env["STARDAG_HOME"] = str(home)
    env["COLUMNS"] = "160"
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def register_tasks(url: str, count: int) -> None:
    upstream = str(uuid.uuid4())
    tasks = [{"task_id": upstream, "family": "load", "parameters": {"day": "2024-01-01"}}]
    tasks += [
        {
            "task_id": str(uuid.uuid4()),
            "family": f"feature_{n % 7}",
            "parameters": {"n": n, "threshold": n / 10, "name": f"item-{n}"},
            "dependencies": [upstream],
        }
        for n in range(count - 1)
    ]
    response = httpx.post(f"{url}/api/v1/tasks/batch", json={"tasks": tasks}, timeout=60)
    response.raise_for_status()


def fmt(values: list[float]) -> str:
    return (
        f"median {statistics.median(values) * 1000:7.0f} ms   "
        f"min {min(values) * 1000:7.0f} ms   max {max(values) * 1000:7.0f} ms   (n={len(values)})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="up/down cycles (default 3)")
    parser.add_argument(
        "--workers", type=int, default=None, help="pass --workers N to server up (default: its own)"
    )
    parser.add_argument("--ls-runs", type=int, default=15, help="tasks ls runs (default 15)")
    parser.add_argument(
        "--load", type=int, default=0, help="busy processes for the 'under load' warm runs"
    )
    args = parser.parse_args()
    workers = [] if args.workers is None else ["--workers", str(args.workers)]

    # Compile and cache the bytecode of everything the CLI and the API import once.
    timed([STARDAG, "--help"], environment(Path(tempfile.gettempdir())))
    cold, warm, down, warm_loaded = [], [], [], []
    ls_default, ls_json, ls_500, ls_no_bytecode = [], [], [], []
    # /tmp, not a private temp dir: as root, the embedded PostgreSQL runs as its own user.
    roots = [Path(tempfile.mkdtemp(prefix="stardag-bench-")) for _ in range(args.runs)]
    try:
        for index, root in enumerate(roots):
            env = environment(root / "home")
            port = str(free_port())
            cold.append(timed([STARDAG, "server", "up", "--port", port, *workers], env))
            if index == 0:
                register_tasks(f"http://127.0.0.1:{port}", TASKS)
                timed([STARDAG, "tasks", "ls"], env)  # warm the OS caches once
                no_bytecode = environment(root / "home", bytecode=False)
                for _ in range(args.ls_runs):
                    ls_default.append(timed([STARDAG, "tasks", "ls"], env))
                    ls_no_bytecode.append(timed([STARDAG, "tasks", "ls"], no_bytecode))
                    ls_json.append(timed([STARDAG, "tasks", "ls", "--json"], env))
                    ls_500.append(timed([STARDAG, "tasks", "ls", "--limit", "500"], env))
            down.append(timed([STARDAG, "server", "down"], env))
            for _ in range(1 if index else 2):
                warm.append(timed([STARDAG, "server", "up", "--port", port, *workers], env))
                down.append(timed([STARDAG, "server", "down"], env))
            if args.load:
                with busy_processes(args.load):
                    up = [STARDAG, "server", "up", "--port", port, *workers]
                    warm_loaded.append(timed(up, env))
                    timed([STARDAG, "server", "down"], env)
    finally:
        for root in roots:
            subprocess.run(
                [STARDAG, "server", "down"], env=environment(root / "home"), capture_output=True
            )
            shutil.rmtree(root, ignore_errors=True)

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"stardag CLI benchmark ({os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"load average {load})"
    )
    print(f"server up, cold (initdb + migrations)  {fmt(cold)}")
    print(f"server up, warm (data kept)            {fmt(warm)}")
    if warm_loaded:
        print(f"server up, warm, {args.load} busy processes      {fmt(warm_loaded)}")
        ratio = statistics.median(warm_loaded) / statistics.median(warm)
        print(f"  loaded / quiet warm median           {ratio:.2f}x")
    print(f"server down                            {fmt(down)}")
    print(f"tasks ls ({TASKS} tasks, 50 rows)        {fmt(ls_default)}")
    print(f"tasks ls --json (50 rows)              {fmt(ls_json)}")
    print(f"tasks ls --limit 500                   {fmt(ls_500)}")
    print(f"tasks ls, no bytecode cache            {fmt(ls_no_bytecode)}")
    print(f"python startup only                    {fmt(python_startup())}")


@contextlib.contextmanager
def busy_processes(count: int) -> Iterator[None]:
    """``count`` processes spinning on a CPU each, for as long as the block runs."""
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]
    try:
        time.sleep(0.5)  # let them get going
        yield
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()


def python_startup() -> list[float]:
    return [timed([sys.executable, "-c", "pass"], dict(os.environ)) for _ in range(10)]


if __name__ == "__main__":
    main()
