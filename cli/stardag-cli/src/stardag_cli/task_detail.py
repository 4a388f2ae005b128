"""Rendering one task (``tasks show``) and its dependency tree (``tasks deps``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from rich.tree import Tree
from stardag.client.models import RelatedTask, TaskDetail, TaskGraph

from stardag_cli.render import (
    duration,
    family_name,
    local_time,
    parameter_value,
    short_id,
    status_text,
)

TRACEBACK_LINES = 15


def print_task_detail(console: Console, task: TaskDetail) -> None:
    """Print the fields a user asks about first, then parameters and the latest error."""
    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column(overflow="fold")
    fields.add_row("Task", task["task_id"])
    fields.add_row(
        "Family", family_name(task) + (f" (version {task['version']})" if task["version"] else "")
    )
    fields.add_row("Status", status_text(task["status"]))
    fields.add_row("Output", task["output_uri"] or "-")
    fields.add_row("Created", local_time(task["created_at"]))
    fields.add_row("Updated", local_time(task["updated_at"]))
    fields.add_row("Started", local_time(task["started_at"]))
    fields.add_row("Finished", local_time(task["finished_at"]))
    fields.add_row("Duration", duration(task["duration_seconds"]))
    fields.add_row("Upstream", f"{task['upstream_count']} direct dependencies")
    fields.add_row("Downstream", f"{task['downstream_count']} direct dependents")
    who = "@".join(part for part in (task["user"], task["host"]) if part)
    if who:
        fields.add_row("By", who)
    if task["commit_hash"]:
        fields.add_row("Commit", task["commit_hash"])
    console.print(fields)
    console.print()
    console.print(Text("Parameters", style="bold"))
    console.print(_parameters_table(task["parameters"]))
    run = task["latest_run"]
    if run is not None and run["status"] == "failed":
        body: list[Any] = [Text(run["error_message"] or "(no error message)", style="red")]
        if run["traceback"]:
            lines = run["traceback"].rstrip().splitlines()[-TRACEBACK_LINES:]
            body.append(Text("\n".join(lines), style="dim"))
        title = f"Latest run {short_id(run['run_id'])} failed at {local_time(run['finished_at'])}"
        console.print(Panel(Group(*body), title=title, title_align="left", border_style="red"))
    elif run is not None:
        console.print(
            f"Latest run {short_id(run['run_id'])}: ", status_text(run["status"]),
            f" started {local_time(run['started_at'])}",
        )  # fmt: skip


def _parameters_table(parameters: Mapping[str, Any]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="cyan")
    table.add_column(overflow="fold")
    if not parameters:
        table.add_row("(none)", "")
    for name, value in parameters.items():
        if isinstance(value, dict | list) and parameter_value(value).startswith("{"):
            text = json.dumps(value, indent=2, default=str)
        else:
            text = parameter_value(value)
        table.add_row(name, text)
    return table


def dependency_tree(graph: TaskGraph, direction: str) -> Tree:
    """A tree rooted at the graph's root; ``direction`` is upstream, downstream or both."""
    nodes = {node["task_id"]: node for node in graph["nodes"]}
    upstream_of: dict[str, list[str]] = {}
    downstream_of: dict[str, list[str]] = {}
    for edge in graph["edges"]:
        upstream_of.setdefault(edge["downstream_id"], []).append(edge["upstream_id"])
        downstream_of.setdefault(edge["upstream_id"], []).append(edge["downstream_id"])
    root_id = graph["root_id"]
    tree = Tree(_node_label(nodes.get(root_id), root_id), guide_style="dim")
    if direction in ("upstream", "both"):
        branch = (
            tree.add(Text("depends on (upstream)", style="bold")) if direction == "both" else tree
        )
        _grow(branch, root_id, upstream_of, nodes, set())
    if direction in ("downstream", "both"):
        branch = (
            tree.add(Text("used by (downstream)", style="bold")) if direction == "both" else tree
        )
        _grow(branch, root_id, downstream_of, nodes, set())
    return tree


def _grow(
    branch: Tree,
    task_id: str,
    children_of: dict[str, list[str]],
    nodes: dict[str, RelatedTask],
    shown: set[str],
) -> None:
    children = sorted(children_of.get(task_id, []), key=lambda child: _sort_key(nodes, child))
    for child in children:
        if child in shown:
            # A diamond in the DAG: show the task again, but not its subtree.
            branch.add(_node_label(nodes.get(child), child).append(" (shown above)", style="dim"))
            continue
        shown.add(child)
        _grow(branch.add(_node_label(nodes.get(child), child)), child, children_of, nodes, shown)


def _sort_key(nodes: dict[str, RelatedTask], task_id: str) -> tuple[str, str]:
    node = nodes.get(task_id)
    return (family_name(node) if node else "", task_id)


def _node_label(node: Mapping[str, Any] | None, task_id: str) -> Text:
    label = Text(short_id(task_id), style="cyan")
    if node is None:
        return label
    label.append(f"  {family_name(node)}  ")
    label.append_text(status_text(node["status"]))
    params = ", ".join(
        f"{name}={parameter_value(value)}"
        for name, value in node["parameters"].items()
        if not (isinstance(value, dict) and "__task_id__" in value)
    )
    if params:
        label.append(f"  {params[:60]}", style="dim")
    return label
