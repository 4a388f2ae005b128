"""The embedded stack end to end: up, build a DAG, query it, down, up again."""

from __future__ import annotations

import json
import tomllib
import uuid
from pathlib import Path

import httpx
import pytest

QUICKSTART = Path(__file__).resolve().parents[3] / "examples" / "quickstart.py"


@pytest.fixture(scope="module")
def built(embedded_stack):  # type: ignore[no-untyped-def]
    """The quickstart DAG built once by a user script (auto-detects the server)."""
    out = embedded_stack.python(str(QUICKSTART), "--limit", "7").stdout
    root_id, _, result = out.strip().partition("  ")
    assert result == "7 numbers, scaled sum 63.0"
    return root_id


def test_up_prints_urls_and_records_server_in_user_config(embedded_stack) -> None:  # type: ignore[no-untyped-def]
    url = embedded_stack.url
    assert "Stardag server is running" in embedded_stack.up_output
    for link in (f"{url}/", f"{url}/api/v1", f"{url}/docs"):
        assert link in embedded_stack.up_output
    text = (embedded_stack.home / "config.toml").read_text()
    config = tomllib.loads(text)
    assert config["registry"] == {"timeout": 3, "url": url}
    assert config["ui"] == {"theme": "dark"}
    assert text.startswith("# my own settings")
    assert httpx.get(f"{url}/health").json()["status"] == "ok"


def test_up_again_while_running_says_so_and_succeeds(embedded_stack) -> None:  # type: ignore[no-untyped-def]
    result = embedded_stack.ok("server", "up", "--port", str(embedded_stack.port))
    assert f"already running at {embedded_stack.url}" in result.stdout


def test_build_reports_to_the_server_found_through_config(embedded_stack, built) -> None:  # type: ignore[no-untyped-def]
    config = json.loads(embedded_stack.ok("config", "show", "--json").stdout)
    assert config["registry"]["kind"] == "api"
    assert config["registry"]["url"] == embedded_stack.url
    assert config["server_url_source"].endswith("config.toml")
    task = httpx.get(f"{embedded_stack.url}/api/v1/tasks/{built}").json()
    assert task["family"] == "report"
    assert task["status"] == "completed"


def test_tasks_ls_filters_by_family_and_prints_a_table(embedded_stack, built) -> None:  # type: ignore[no-untyped-def]
    result = embedded_stack.ok("tasks", "ls", "--family", "get_range")
    lines = result.stdout.strip().splitlines()
    assert lines[0].split() == ["ID", "FAMILY", "STATUS", "PARAMETERS", "UPDATED", "DURATION"]
    assert len(lines) == 2
    assert "get_range" in lines[1]
    assert "completed" in lines[1]
    assert "limit=7" in lines[1]


def test_tasks_ls_json_lists_the_same_rows_newest_first(embedded_stack, built) -> None:  # type: ignore[no-untyped-def]
    rows = json.loads(embedded_stack.ok("tasks", "ls", "--json").stdout)
    families = sorted(row["family"] for row in rows)
    assert families == ["Scale", "get_range", "get_sum", "report"]
    updated = [row["updated_at"] for row in rows]
    assert updated == sorted(updated, reverse=True)
    newest = {row["task_id"] for row in rows if row["updated_at"] == updated[0]}
    assert built in newest  # the root finished last (a fast build's events share one batch)
    completed = json.loads(embedded_stack.ok("tasks", "ls", "--json", "--status", "failed").stdout)
    assert completed == []
    limited = json.loads(embedded_stack.ok("tasks", "ls", "--json", "--limit", "2").stdout)
    assert [row["task_id"] for row in limited] == [row["task_id"] for row in rows[:2]]


def test_tasks_show_by_prefix(embedded_stack, built) -> None:  # type: ignore[no-untyped-def]
    result = embedded_stack.ok("tasks", "show", built[:8])
    out = result.stdout
    assert built in out
    assert "report" in out
    assert "completed" in out
    assert "2 direct dependencies" in out
    assert "0 direct dependents" in out
    assert "target-roots" in out  # the output URI
    detail = json.loads(embedded_stack.ok("tasks", "show", built[:8], "--json").stdout)
    assert detail["task_id"] == built
    assert detail["upstream_count"] == 2


def test_tasks_deps_prints_upstream_tree(embedded_stack, built) -> None:  # type: ignore[no-untyped-def]
    out = embedded_stack.ok("tasks", "deps", built[:8], "--upstream", "--depth", "0").stdout
    for family in ("report", "get_sum", "Scale", "get_range"):
        assert family in out
    assert "(shown above)" in out  # get_range is reached through two paths
    downstream = embedded_stack.ok("tasks", "deps", built[:8], "--downstream").stdout
    assert "get_sum" not in downstream


def test_unknown_and_ambiguous_prefixes(embedded_stack) -> None:  # type: ignore[no-untyped-def]
    prefix = uuid.uuid4().hex[:6]
    ids = [f"{prefix}{n}{uuid.uuid4().hex[7:8]}-{uuid.uuid4()}"[:36] for n in (1, 2)]
    ids = [str(uuid.UUID(prefix + str(n) + uuid.uuid4().hex[7:])) for n in (1, 2)]
    for task_id in ids:
        response = httpx.post(
            f"{embedded_stack.url}/api/v1/tasks", json={"task_id": task_id, "family": "probe"}
        )
        assert response.status_code in (200, 201), response.text
    ambiguous = embedded_stack.run("tasks", "show", prefix)
    assert ambiguous.returncode == 1
    assert "matches several tasks" in ambiguous.stderr
    for task_id in ids:
        assert task_id in ambiguous.stderr
    unknown = embedded_stack.run("tasks", "show", "ffff0000")
    assert unknown.returncode == 1
    assert "Traceback" not in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1


def test_status_reports_health_pids_and_counts(embedded_stack, built) -> None:  # type: ignore[no-untyped-def]
    report = json.loads(embedded_stack.ok("server", "status", "--json").stdout)
    assert report["running"] and report["healthy"]
    assert report["mode"] == "embedded"
    assert set(report["pids"]) == {"API", "Postgres"}
    assert "pgdata" in report["database"]
    assert report["stats"]["tasks"] >= 4
    text = embedded_stack.ok("server", "status").stdout
    assert "healthy" in text and embedded_stack.url in text


def test_logs_show_the_api_log(embedded_stack) -> None:  # type: ignore[no-untyped-def]
    out = embedded_stack.ok("server", "logs", "--lines", "20").stdout
    assert "GET /health" in out or "Uvicorn running" in out


def test_ui_open_without_a_browser_prints_the_url(embedded_stack) -> None:  # type: ignore[no-untyped-def]
    out = embedded_stack.ok("ui", "open").stdout
    assert f"{embedded_stack.url}/" in out
    assert httpx.get(f"{embedded_stack.url}/").status_code == 200


def test_down_then_up_keeps_the_tasks(embedded_stack, built) -> None:  # type: ignore[no-untyped-def]
    down = embedded_stack.ok("server", "down", timeout=60)
    assert "Stopped" in down.stdout and "Data kept" in down.stdout
    offline = embedded_stack.run("tasks", "ls")
    assert offline.returncode == 1
    assert "stardag server up" in offline.stderr
    assert not (embedded_stack.home / "server" / "state.json").exists()
    assert not (embedded_stack.home / "server" / "pgdata" / "postmaster.pid").exists()
    embedded_stack.ok("server", "up", "--port", str(embedded_stack.port))
    rows = json.loads(embedded_stack.ok("tasks", "ls", "--json").stdout)
    assert built in [row["task_id"] for row in rows]
