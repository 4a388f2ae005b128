"""Concurrent writers registering overlapping DAGs against a real uvicorn.

No duplicates, no deadlocks surfacing as errors, no lost edges — from several
threads and from several processes at once.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import psycopg
from stardag_testing import LiveServer

LAYERS, WIDTH = 8, 25


def layered_dag(seed: int) -> list[dict[str, Any]]:
    """WIDTH tasks per layer, each depending on up to 3 tasks of the layer above."""
    rng = random.Random(seed)
    family = f"concurrent_{uuid.uuid4().hex[:8]}"
    layers: list[list[dict[str, Any]]] = []
    for depth in range(LAYERS):
        layer = []
        for i in range(WIDTH):
            deps = sorted({t["task_id"] for t in rng.sample(layers[-1], 3)}) if layers else []
            layer.append(
                {
                    "task_id": str(uuid.uuid4()),
                    "family": family,
                    "parameters": {"depth": depth, "i": i},
                    "dependencies": deps,
                }
            )
        layers.append(layer)
    return [task for layer in layers for task in layer]


def register_in_shuffled_batches(url: str, dag: list[dict[str, Any]], seed: int) -> None:
    """Post the DAG in batches: each batch a shuffled layer pair (upstream layers first)."""
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=60) as client:
        for start in range(0, len(dag), WIDTH * 2):
            batch = dag[start : start + WIDTH * 2]
            rng.shuffle(batch)
            response = client.post("/api/v1/tasks/batch", json={"tasks": batch})
            assert response.status_code == 200, response.text


def counts(database_url: str, dag: list[dict[str, Any]]) -> tuple[int, int]:
    ids = [task["task_id"] for task in dag]
    with psycopg.connect(database_url) as conn:
        tasks = conn.execute(
            "SELECT count(*) FROM tasks WHERE task_id = ANY(%s::uuid[])", [ids]
        ).fetchone()
        edges = conn.execute(
            "SELECT count(*) FROM task_edges WHERE downstream_id = ANY(%s::uuid[])", [ids]
        ).fetchone()
    assert tasks is not None and edges is not None
    return tasks[0], edges[0]


def expected(dag: list[dict[str, Any]]) -> tuple[int, int]:
    return len(dag), sum(len(task["dependencies"]) for task in dag)


def test_threads_registering_the_same_dag(live_server: LiveServer, api_database_url: str) -> None:
    dag = layered_dag(seed=1)
    with ThreadPoolExecutor(max_workers=6) as pool:
        futures = [
            pool.submit(register_in_shuffled_batches, live_server.url, dag, seed)
            for seed in range(6)
        ]
        for future in futures:
            future.result()
    assert counts(api_database_url, dag) == expected(dag)


def test_threads_sending_events_for_shared_tasks(
    live_server: LiveServer, api_database_url: str
) -> None:
    """Overlapping event batches (register + run start/finish) from many threads."""
    dag = layered_dag(seed=2)

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        events: list[dict[str, Any]] = [{"type": "task_registered", "task": t} for t in dag]
        chosen = rng.sample(dag, 40)
        runs = [str(uuid.uuid4()) for _ in chosen]
        events += [
            {"type": "run_started", "run": {"run_id": r, "task_id": t["task_id"]}}
            for r, t in zip(runs, chosen, strict=True)
        ]
        events += [
            {"type": "run_finished", "run_id": r, "finish": {"status": "completed"}} for r in runs
        ]
        response = httpx.post(
            live_server.url + "/api/v1/events", json={"events": events}, timeout=60
        )
        assert response.status_code == 200, response.text

    with ThreadPoolExecutor(max_workers=6) as pool:
        for future in [pool.submit(worker, seed) for seed in range(6)]:
            future.result()
    assert counts(api_database_url, dag) == expected(dag)
    with psycopg.connect(api_database_url) as conn:
        running = conn.execute(
            "SELECT count(*) FROM task_states"
            " WHERE task_id = ANY(%s::uuid[]) AND status = 'running'",
            [[t["task_id"] for t in dag]],
        ).fetchone()
    assert running == (0,)


WORKER_SCRIPT = """
import json, random, sys, httpx
url, seed = sys.argv[1], int(sys.argv[2])
dag = json.load(sys.stdin)
random.Random(seed).shuffle(dag)
# Every process sends the whole DAG at once (dependencies are inside the batch).
response = httpx.post(url + "/api/v1/tasks/batch", json={"tasks": dag}, timeout=60)
print(response.status_code, response.text[:300])
sys.exit(0 if response.status_code == 200 else 1)
"""


def test_processes_registering_the_same_dag(live_server: LiveServer, api_database_url: str) -> None:
    dag = layered_dag(seed=3)
    payload = json.dumps(dag).encode()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER_SCRIPT, live_server.url, str(seed)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for seed in range(4)
    ]
    for process in processes:
        output, _ = process.communicate(payload, timeout=120)
        assert process.returncode == 0, output.decode()
    assert counts(api_database_url, dag) == expected(dag)
