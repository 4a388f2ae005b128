"""``stardag tasks``: list, show and trace the dependencies of registered tasks."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stardag_cli.console import console
from stardag_cli.options import JsonOption, TaskIdArgument
from stardag_cli.settings import load_settings
from stardag_cli.task_logs import show_logs

if TYPE_CHECKING:
    from stardag.client import StardagClient
    from stardag.client.models import Direction

app = typer.Typer(no_args_is_help=True, help="Query the tasks recorded by the registry server.")


class TaskStatusChoice(StrEnum):
    pending = "pending"
    running = "running"
    completed = "completed"
    failed = "failed"
    upstream_failed = "upstream_failed"


def _client() -> StardagClient:
    from stardag.client import StardagClient

    return StardagClient(load_settings().server_url)


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


@app.command("ls")
def list_tasks(
    family: Annotated[str | None, typer.Option("--family", "-f", help="Only this family.")] = None,
    namespace: Annotated[
        str | None, typer.Option("--namespace", help="Only this namespace.")
    ] = None,
    status: Annotated[
        list[TaskStatusChoice] | None,
        typer.Option("--status", "-s", help="Only tasks with this status (repeatable)."),
    ] = None,
    search: Annotated[
        str | None,
        typer.Option("--search", "-q", help="Id prefix, family prefix or parameter value."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="At most this many.")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List tasks, most recently updated first."""
    with _client() as client:
        tasks = list(
            client.iter_tasks(
                limit=limit,
                family=family,
                namespace=namespace,
                status=[s.value for s in status] if status else None,
                search=search,
            )
        )
    if as_json:
        _print_json(tasks)
        return
    if not tasks:
        console.print("No tasks match.")
        return
    from stardag_cli.render import task_table

    console.print(task_table(tasks, console.width))


@app.command("show")
def show_task(task_id: TaskIdArgument, as_json: JsonOption = False) -> None:
    """Show a task: parameters, output, status, timings, latest error, dependency counts."""
    with _client() as client:
        task = client.get_task(task_id)
    if as_json:
        _print_json(task)
        return
    from stardag_cli.task_detail import print_task_detail

    print_task_detail(console, task)


@app.command("deps")
def show_dependencies(
    task_id: TaskIdArgument,
    upstream: Annotated[
        bool, typer.Option("--upstream", help="Only what the task depends on.")
    ] = False,
    downstream: Annotated[
        bool, typer.Option("--downstream", help="Only what depends on the task.")
    ] = False,
    depth: Annotated[
        int, typer.Option("--depth", "-d", min=0, help="Edges to follow (0 = all).")
    ] = 2,
    as_json: JsonOption = False,
) -> None:
    """Show a task's upstream and/or downstream dependencies as a tree."""
    if upstream and downstream:
        raise typer.BadParameter("choose one of --upstream and --downstream (default: both)")
    direction: Direction = "upstream" if upstream else "downstream" if downstream else "both"
    with _client() as client:
        root = client.get_task(task_id)
        graph = client.graph(root["task_id"], direction=direction, depth=depth)
    if as_json:
        _print_json(graph)
        return
    from stardag_cli.task_detail import dependency_tree

    console.print(dependency_tree(graph, direction))
    if graph["truncated"]:
        console.print("[yellow]Graph truncated; use a smaller --depth.[/]")


app.command("logs")(show_logs)
