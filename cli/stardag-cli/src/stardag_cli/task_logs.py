"""``stardag tasks logs``: a task's run logs, optionally followed live."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from stardag_cli.console import console
from stardag_cli.options import TaskIdArgument
from stardag_cli.settings import load_settings

if TYPE_CHECKING:
    from stardag.client import StardagClient
    from stardag.client.models import LogRecordPublic, RunPublic

LEVEL_STYLES = {"DEBUG": "dim", "WARNING": "yellow", "ERROR": "red", "CRITICAL": "bold red"}
PAGE = 5_000


class LevelChoice(StrEnum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"
    CRITICAL = "CRITICAL"


def show_logs(
    task_id: TaskIdArgument,
    run: Annotated[
        str | None,
        typer.Option("--run", "-r", help="A run id or prefix (default: the task's latest run)."),
    ] = None,
    level: Annotated[
        LevelChoice | None, typer.Option("--level", "-l", help="Minimum level to show.")
    ] = None,
    follow: Annotated[
        bool,
        typer.Option("--follow", "-f", help="Keep printing new lines until the run ends."),
    ] = False,
) -> None:
    """Print what a task logged and printed during a run."""
    from stardag.client import StardagClient

    min_level = level.value if level else None
    with StardagClient(load_settings().server_url) as client:
        task = client.get_task(task_id)
        runs = client.task_runs(task["task_id"], limit=500)
        chosen = _choose_run(runs, run)
        if chosen is None and not follow:
            console.print("This task has not run yet.")
            return
        if chosen is None:
            console.print("Waiting for the task to start…", style="dim")
            chosen = _wait_for_run(client, task["task_id"])
        after = _print_page(client, chosen["run_id"], min_level, None)
        if follow and chosen["status"] == "running":
            after = _follow(client, chosen["run_id"], min_level, after)
        final = client.run(chosen["run_id"])
    if final["status"] == "failed":
        console.print(Text(f"run failed: {final['error_message'] or ''}", style="red"))
        raise typer.Exit(1)


def _choose_run(runs: Sequence[RunPublic], wanted: str | None) -> RunPublic | None:
    if wanted is None:
        return runs[0] if runs else None
    matches = [r for r in runs if r["run_id"].startswith(wanted.lower())]
    if len(matches) != 1:
        problem = "matches no run" if not matches else f"matches {len(matches)} runs"
        raise typer.BadParameter(f"{wanted!r} {problem} of this task", param_hint="--run")
    return matches[0]


def _wait_for_run(client: StardagClient, task_id: str) -> RunPublic:
    for event, data in client.changes(task_ids=[task_id]):
        if event in ("ready", "resync"):
            runs = client.task_runs(task_id, limit=1)
            if runs:
                return runs[0]
            continue
        for change in data:
            if change["kind"] == "run":
                return client.run(change["run_id"])
    raise typer.Exit(1)


def _print_page(
    client: StardagClient, run_id: str, min_level: str | None, after: int | None
) -> int | None:
    """Print every record after ``after``; return the last seq printed."""
    while True:
        page = client.run_logs(run_id, level=min_level, after_seq=after, limit=PAGE)
        if after is None and (removed_before := page.get("removed_before")):
            console.print(
                f"Logs removed by retention: this run's records stamped before "
                f"{removed_before[:16].replace('T', ' ')} UTC are gone.",
                style="yellow",
            )
        for record in page["items"]:
            console.print(_line(record), soft_wrap=True)
            after = record["seq"]
        if page["next_after_seq"] is None:
            return after


def _follow(
    client: StardagClient, run_id: str, min_level: str | None, after: int | None
) -> int | None:
    for event, data in client.changes(run_ids=[run_id]):
        after = _print_page(client, run_id, min_level, after)
        if event == "changes" and any(
            c["kind"] == "run" and c["status"] != "running" for c in data
        ):
            break
        if event in ("ready", "resync") and client.run(run_id)["status"] != "running":
            break
    return _print_page(client, run_id, min_level, after)


def _line(record: LogRecordPublic) -> Text:
    stamp = record["timestamp"][11:23]
    level = record["level"]
    text = Text(f"{stamp} ", style="dim")
    if record["stream"] != "log":
        text.append(f"{record['stream']:<7} ", style="dim")
    else:
        text.append(f"{level:<7} ", style=LEVEL_STYLES.get(level, ""))
    text.append(record["message"])
    return text
