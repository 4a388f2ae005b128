"""Rendering builds (``stardag builds``): the list, one build's tasks, live change lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from stardag_cli.render import (
    duration,
    family_name,
    local_time,
    parameters_summary,
    parse_time,
    relative_time,
    short_id,
    status_text,
)

if TYPE_CHECKING:
    from stardag.client.models import BuildDetail, BuildPublic

# The order states are counted in, most telling first.
STATE_ORDER = (
    "failed",
    "upstream_failed",
    "cancelled",
    "running",
    "pending",
    "completed",
    "skipped",
)
TRACEBACK_LINES = 20


def build_seconds(build: Mapping[str, Any]) -> float | None:
    started = parse_time(build["started_at"])
    finished = parse_time(build["finished_at"]) or datetime.now(UTC)
    return (finished - started).total_seconds() if started else None


def state_counts_text(counts: Mapping[str, int]) -> Text:
    text = Text()
    for state in STATE_ORDER:
        if counts.get(state):
            if text:
                text.append("  ")
            text.append(f"{counts[state]} {state}", style=status_text(state).style)
    return text or Text("-", style="dim")


def builds_table(builds: Sequence[BuildPublic]) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("BUILD", style="cyan", no_wrap=True)
    table.add_column("STATUS", no_wrap=True)
    table.add_column("STARTED", no_wrap=True)
    table.add_column("DURATION", justify="right", no_wrap=True)
    table.add_column("TASKS")
    table.add_column("FIRST FAILURE", no_wrap=True)
    table.add_column("BY", no_wrap=True)
    now = datetime.now(UTC)
    for build in builds:
        failed = build["failed_task_ids"]
        table.add_row(
            short_id(build["build_id"]),
            status_text(build["status"]),
            relative_time(build["started_at"], now),
            duration(build_seconds(build)),
            state_counts_text(build["state_counts"]),
            short_id(failed[0]) if failed else "-",
            "@".join(part for part in (build["user"], build["host"]) if part) or "-",
        )
    return table


def print_build_detail(console: Console, build: BuildDetail) -> None:
    """Summary, what failed first (with traceback) and what it blocked, then every task."""
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column(overflow="fold")
    fields.add_row("Build", build["build_id"])
    status = status_text(build["status"])
    if build["failed_by_sweep"]:
        status.append(" (its process stopped reporting)", style="dim")
    fields.add_row("Status", status)
    fields.add_row("Started", local_time(build["started_at"]))
    fields.add_row("Finished", local_time(build["finished_at"]))
    fields.add_row("Duration", duration(build_seconds(build)))
    fields.add_row("Tasks", state_counts_text(build["state_counts"]))
    console.print(fields)
    names = {task["task_id"]: task for task in build["tasks"]}
    failure = build["first_failure"]
    if failure is not None:
        console.print()
        console.print(
            Text.assemble(
                ("Failed first: ", "bold red"),
                f"{failure['family']} ({short_id(failure['task_id'])})",
            )
        )
        console.print(Text(failure["error_message"] or "(no error message)", style="red"))
        if failure["traceback"]:
            lines = failure["traceback"].rstrip().splitlines()[-TRACEBACK_LINES:]
            console.print(Text("\n".join(lines), style="dim"))
        if failure["blocked_task_ids"]:
            blocked = ", ".join(
                f"{names[t]['family']}({short_id(t)})" if t in names else short_id(t)
                for t in failure["blocked_task_ids"]
            )
            console.print(Text.assemble(("Not run because of it: ", "magenta"), blocked))
    console.print()
    console.print(build_tasks_table(build))
    if build["tasks_truncated"]:
        console.print("[yellow]Only the first tasks are shown.[/]")


def build_tasks_table(build: BuildDetail) -> Table:
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("TASK", style="cyan", no_wrap=True)
    table.add_column("FAMILY", no_wrap=True)
    table.add_column("STATE", no_wrap=True)
    table.add_column("STARTED", no_wrap=True)
    table.add_column("DURATION", justify="right", no_wrap=True)
    table.add_column("PARAMETERS / WHY", overflow="ellipsis", no_wrap=True, max_width=60)
    for task in build["tasks"]:
        if task["state"] == "upstream_failed" and task["cause_task_id"]:
            why = f"upstream {short_id(task['cause_task_id'])} failed"
        elif task["state"] == "failed":
            why = task["error_message"] or ""
        else:
            why = parameters_summary(task["parameters"])
        table.add_row(
            short_id(task["task_id"]),
            family_name(task),
            status_text(task["state"]),
            local_time(task["started_at"]) if task["started_at"] else "-",
            duration(task["duration_seconds"]),
            why,
        )
    return table


def change_line(change: Mapping[str, Any], families: Mapping[str, str]) -> Text | None:
    """One line for a change of a watched build, or ``None`` for changes not worth a line."""
    stamp = datetime.now().strftime("%H:%M:%S")
    kind = change.get("kind")
    if kind == "build":
        return Text.assemble(f"{stamp}  ", "build ", status_text(change["status"]))
    if kind not in ("run", "task_state"):
        return None
    task_id = change["task_id"]
    state = change["status"] if kind == "run" else change["state"]
    if state == "pending":
        return None
    label = f"{families.get(task_id, 'task')}({short_id(task_id)})"
    line = Text.assemble(f"{stamp}  ", status_text(state).copy(), "  ", label)
    if change.get("cause_task_id"):
        line.append(f"  (upstream {short_id(change['cause_task_id'])} failed)", style="dim")
    return line
