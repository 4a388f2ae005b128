"""``stardag tasks ls/show/deps`` with no server: they read the file-system registry.

Builds record to ``$STARDAG_HOME/registry`` when no server is configured; the
query commands then read the same folder, with the same output as from a server.
"""

from __future__ import annotations

import json
import shutil
import socket
from collections.abc import Iterator

import pytest
from cli_stack_helpers import QUICKSTART, Cli, stardag_home

FAILING_BUILD = """
import stardag as sd

@sd.task
def base(n: int) -> int:
    return n

@sd.task
def broken(value: sd.Depends[int]) -> int:
    raise RuntimeError("this task always fails")

try:
    sd.build(broken(value=base(n=3)))
except sd.TaskFailedError:
    pass
"""


@pytest.fixture(scope="module")
def fs_home() -> Iterator[Cli]:
    """A home whose builds went to the file-system registry (no server anywhere)."""
    cli = Cli(stardag_home())
    cli.env["STARDAG_REGISTRY"] = "fs"
    cli.home.mkdir(parents=True)
    try:
        cli.python(str(QUICKSTART))
        cli.python("-c", FAILING_BUILD)
        yield cli
    finally:
        shutil.rmtree(cli.home.parent, ignore_errors=True)


def _rows(cli: Cli, *args: str) -> list[dict]:  # type: ignore[type-arg]
    return json.loads(cli.ok("tasks", "ls", "--json", *args).stdout)  # type: ignore[no-any-return]


def test_ls_lists_what_the_builds_recorded_newest_first(fs_home: Cli) -> None:
    rows = _rows(fs_home)
    assert {row["family"] for row in rows} == {
        "get_range", "Scale", "get_sum", "report", "base", "broken",
    }  # fmt: skip
    updated = [row["updated_at"] for row in rows]
    assert updated == sorted(updated, reverse=True)
    table = fs_home.ok("tasks", "ls").stdout
    assert "get_sum" in table and "failed" in table
    assert "file-system registry" in fs_home.ok("tasks", "ls").stderr


def test_ls_filters_by_status_family_and_search(fs_home: Cli) -> None:
    assert [row["family"] for row in _rows(fs_home, "--status", "failed")] == ["broken"]
    assert {row["family"] for row in _rows(fs_home, "--family", "Scale")} == {"Scale"}
    assert [row["family"] for row in _rows(fs_home, "--search", "get_r")] == ["get_range"]
    assert len(_rows(fs_home, "--limit", "2")) == 2
    assert fs_home.ok("tasks", "ls", "--family", "nothing").stdout.strip() == "No tasks match."


def test_show_resolves_a_prefix_and_shows_the_failure(fs_home: Cli) -> None:
    broken = _rows(fs_home, "--family", "broken")[0]
    detail = json.loads(fs_home.ok("tasks", "show", broken["task_id"][:8], "--json").stdout)
    assert detail["task_id"] == broken["task_id"]
    assert detail["status"] == "failed" and detail["upstream_count"] == 1
    assert "this task always fails" in detail["latest_run"]["error_message"]
    text = fs_home.ok("tasks", "show", broken["task_id"][:8]).stdout
    assert "this task always fails" in text and "failed" in text


def test_deps_walks_upstream_and_downstream(fs_home: Cli) -> None:
    get_sum = _rows(fs_home, "--family", "get_sum")[0]
    graph = json.loads(fs_home.ok("tasks", "deps", get_sum["task_id"], "--json").stdout)
    families = {node["family"]: node["depth"] for node in graph["nodes"]}
    assert families == {"get_sum": 0, "Scale": 1, "get_range": 2, "report": 1}
    assert len(graph["edges"]) == 4  # range->Scale, Scale->sum, sum->report, range->report
    upstream = fs_home.ok("tasks", "deps", get_sum["task_id"][:8], "--upstream").stdout
    assert "Scale" in upstream and "report" not in upstream


def test_unknown_prefixes_are_one_line_errors(fs_home: Cli) -> None:
    missing = fs_home.run("tasks", "show", "ffffffff")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "Error: No task matches 'ffffffff'."
    too_short = fs_home.run("tasks", "show", "abc")  # the service wants 4+ characters too
    assert too_short.returncode == 1 and too_short.stderr.count("\n") == 1


def _default_port_answers() -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", 8420)) == 0


def test_auto_mode_without_a_configured_server_reads_the_folder_builds_wrote(
    fs_home: Cli,
) -> None:
    if _default_port_answers():
        pytest.skip("a server listens on the default port here; auto mode would read it")
    auto = Cli(fs_home.home)  # STARDAG_REGISTRY unset: auto, and no config.toml
    assert {row["task_id"] for row in _rows(auto)} == {row["task_id"] for row in _rows(fs_home)}
