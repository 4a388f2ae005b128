"""The canvas graph view in headless Chromium: a 2,000-task DAG on a real server.

The browser side is app/stardag-ui/e2e/graph-canvas.mjs: the graph opens on the canvas
(not React Flow's DOM nodes), every node is laid out and coloured by status, drag pans,
wheel and keyboard zoom, hovering names a task and clicking it opens its page.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import uuid
from pathlib import Path
from typing import Any

import httpx

NODES = 2000
LAYER = 45


def _task(family: str, index: int, dependencies: list[str]) -> dict[str, Any]:
    return {
        "task_id": str(uuid.uuid4()),
        "family": family,
        "parameters": {"index": index},
        "dependencies": dependencies,
    }


def seed_big_dag(base_url: str) -> dict[str, Any]:
    """A layered DAG of NODES tasks (root last), a tenth of them run: one in three failed."""
    rng = random.Random(7)
    layers: list[list[dict[str, Any]]] = []
    tasks: list[dict[str, Any]] = []
    for index in range(NODES - 1):
        layer, position = divmod(index, LAYER)
        if layer == len(layers):
            layers.append([])
        previous = layers[layer - 1] if layer else []
        deps = (
            list({previous[position % len(previous)]["task_id"], rng.choice(previous)["task_id"]})
            if previous
            else []
        )
        task = _task("canvas_step", index, deps)
        layers[layer].append(task)
        tasks.append(task)
    # The root needs every task nothing else needs, so all of them are upstream of it.
    needed = {dep for task in tasks for dep in task["dependencies"]}
    root = _task("canvas_root", 0, [t["task_id"] for t in tasks if t["task_id"] not in needed])
    tasks.append(root)
    ran = rng.sample(tasks[:-1], NODES // 10)
    events: list[dict[str, Any]] = []
    for i, task in enumerate(ran):
        run_id = str(uuid.uuid4())
        events.append(
            {"type": "run_started", "run": {"run_id": run_id, "task_id": task["task_id"]}}
        )
        status = "failed" if i % 3 == 0 else "completed"
        events.append({"type": "run_finished", "run_id": run_id, "finish": {"status": status}})
    with httpx.Client(base_url=base_url, timeout=60) as client:
        for start in range(0, len(tasks), 1000):
            batch = tasks[start : start + 1000]
            client.post("/api/v1/tasks/batch", json={"tasks": batch}).raise_for_status()
        client.post("/api/v1/events", json={"events": events}).raise_for_status()
    return {
        "root_id": root["task_id"],
        "nodes": NODES,
        "failed_id": ran[0]["task_id"],
        "failed_family": "canvas_step",
    }


def test_big_graph_on_canvas_in_chromium(
    node_binary: str,
    chromium_binary: str,
    ui_server: Any,
    ui_paths: dict[str, Path],
    tmp_path: Path,
) -> None:
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(json.dumps(seed_big_dag(ui_server.url)))
    result = subprocess.run(
        [
            node_binary,
            "e2e/graph-canvas.mjs",
            "--base-url",
            ui_server.url,
            "--scenario",
            str(scenario_file),
            "--screenshots",
            str(ui_paths["screenshots"]),
        ],
        cwd=ui_paths["ui_root"],
        env={**os.environ, "STARDAG_CHROMIUM": chromium_binary},
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"browser checks failed:\n{output}"
    assert "3 passed, 0 failed" in output, output
