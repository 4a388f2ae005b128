"""The UI in headless Chromium against the real API, with a real DAG built by the SDK.

The browser side lives in app/stardag-ui/e2e/run.mjs; this test builds the data, tells
the script what the pages must show (a scenario file), and asserts on its result.
Screenshots of each page land in artifacts/screenshots/.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import httpx


def _api(server: Any, path: str, **params: Any) -> Any:
    response = httpx.get(f"{server.url}/api/v1{path}", params=params, timeout=10)
    response.raise_for_status()
    return response.json()


def _scenario(server: Any, dag: dict[str, Any]) -> dict[str, Any]:
    """What the pages must show, from what the SDK built (cross-checked with the API)."""
    families = {f["family"]: f["total"] for f in _api(server, "/families")["items"]}
    assert families == {"get_range": 3, "get_sum": 3, "divide": 2, "report": 1}
    failed = _api(server, f"/tasks/{dag['failed_id']}")
    assert failed["status"] == "failed"
    # The build did not run it because its upstream task failed: it says so.
    assert _api(server, f"/tasks/{dag['pending_id']}")["status"] == "upstream_failed"
    graph = _api(server, f"/tasks/{dag['sum_ids'][2]}/graph", direction="both", depth=0)
    # get_range(10) upstream; both divides and the report downstream; and the root itself.
    assert len(graph["nodes"]) == 5
    return {
        "total": sum(families.values()),
        "families": families,
        "search_id": dag["pending_id"],
        "filter": {"family": "divide", "family_count": 2, "status": "failed", "status_count": 1},
        "failed": {
            "id": dag["failed_id"],
            "family": "divide",
            "parameters": {"by": 0},
            "upstream_id": dag["sum_ids"][2],
            "downstream_id": dag["pending_id"],
            "traceback_contains": "ZeroDivisionError",
            "log_contains": "this will fail: the divisor is 0",
        },
        "build": _failed_build(server, dag),
        "graph": {
            "root_id": dag["sum_ids"][2],
            "node_count": 5,
            "click_id": dag["failed_id"],
            "click_status": "failed",
        },
    }


def _failed_build(server: Any, dag: dict[str, Any]) -> dict[str, Any]:
    build = next(b for b in _api(server, "/builds")["items"] if b["status"] == "failed")
    detail = _api(server, f"/builds/{build['build_id']}")
    assert detail["first_failure"]["task_id"] == dag["failed_id"]
    assert detail["first_failure"]["blocked_task_ids"] == [dag["pending_id"]]
    return {"id": build["build_id"], "failed_id": dag["failed_id"], "blocked_id": dag["pending_id"]}


def test_ui_end_to_end_in_chromium(
    node_binary: str,
    chromium_binary: str,
    ui_server: Any,
    built_dag: dict[str, Any],
    ui_paths: dict[str, Path],
    tmp_path: Path,
) -> None:
    screenshots = ui_paths["screenshots"]
    scenario_file = tmp_path / "scenario.json"
    scenario_file.write_text(json.dumps(_scenario(ui_server, built_dag)))
    result = subprocess.run(
        [
            node_binary,
            "e2e/run.mjs",
            "--base-url",
            ui_server.url,
            "--scenario",
            str(scenario_file),
            "--screenshots",
            str(screenshots),
        ],
        cwd=ui_paths["ui_root"],
        env={**os.environ, "STARDAG_CHROMIUM": chromium_binary},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"browser checks failed:\n{output}"
    assert "not ok" not in output
    assert "10 passed, 0 failed" in output, output
    for name in ("home", "tasks", "tasks-filtered", "task-detail", "graph"):
        assert (screenshots / f"{name}.png").stat().st_size > 10_000


def test_ui_served_at_root_and_spa_routes(ui_server: Any) -> None:
    """The API serves the committed bundle at / and falls back to it for client routes."""
    for path in ("/", "/tasks", "/tasks/abc/graph"):
        response = httpx.get(ui_server.url + path, timeout=10)
        assert response.status_code == 200, path
        assert '<div id="root">' in response.text
    index = httpx.get(ui_server.url + "/", timeout=10).text
    asset = index.split('src="', 1)[1].split('"', 1)[0]
    assert httpx.get(ui_server.url + asset, timeout=10).status_code == 200
