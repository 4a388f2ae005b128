"""Shared plumbing of the API benchmarks: a scratch database, a real uvicorn, DAG data."""

from __future__ import annotations

import contextlib
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextlib.contextmanager
def scratch_database(database_url: str | None) -> Iterator[str]:
    """``database_url`` as given, or a temporary database on 127.0.0.1:5432 dropped afterwards."""
    if database_url:
        yield database_url
        return
    name = f"stardag_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(DEFAULT_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(DEFAULT_ADMIN_URL)
    url = urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))
    try:
        yield url
    finally:
        with psycopg.connect(DEFAULT_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def running_api(
    database_url: str, workers: int = 1, env: dict[str, str] | None = None
) -> Iterator[str]:
    """A real uvicorn serving ``stardag_api.main:app`` (``env`` added to its environment);
    yields its base URL."""
    port = free_port()
    env = {**os.environ, "STARDAG_DATABASE_URL": database_url, **(env or {})}
    log = open(Path(os.environ.get("TMPDIR", "/tmp")) / f"stardag-bench-{port}.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "stardag_api.main:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"API did not start; see {log.name}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()


def layered_dag(
    n_tasks: int, width: int = 100, fan_in: int = 2, seed: int = 0
) -> list[dict[str, Any]]:
    """``n_tasks`` tasks in layers of ``width``; each depends on ``fan_in`` of the layer above."""
    rng = random.Random(seed)
    tasks: list[dict[str, Any]] = []
    previous: list[str] = []
    for start in range(0, n_tasks, width):
        layer = []
        for i in range(start, min(start + width, n_tasks)):
            task_id = str(uuid.uuid4())
            deps = rng.sample(previous, min(fan_in, len(previous))) if previous else []
            tasks.append(
                {
                    "task_id": task_id,
                    "namespace": "bench",
                    "family": f"Family{i % 20}",
                    "version": "1",
                    "parameters": {"index": i, "name": f"item-{i}", "rate": 0.5},
                    "task_data": {
                        "__namespace": "bench",
                        "__name": f"Family{i % 20}",
                        "version": "1",
                        "index": i,
                    },
                    "output_uri": f"/data/bench/{task_id}.json",
                    "dependencies": deps,
                    "user": "bench",
                    "host": "localhost",
                    "commit_hash": "deadbeef",
                }
            )
            layer.append(task_id)
        previous = layer
    return tasks


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
