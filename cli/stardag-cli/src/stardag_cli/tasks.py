"""``stardag tasks``: list, show and trace the dependencies of registered tasks."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, get_args

import typer
from stardag.client.models import TaskStatusName

from stardag_cli.console import console, err_console
from stardag_cli.options import JsonOption, TaskIdArgument
from stardag_cli.settings import load_settings
from stardag_cli.task_logs import show_logs

if TYPE_CHECKING:
    from stardag.client.models import Direction
    from stardag.client.reader import RegistryReader

app = typer.Typer(
    no_args_is_help=True,
    help="Query the recorded tasks (the server's, or the file-system registry's "
    "when no server is configured).",
)

# The statuses come from the one wire contract (checked against the service's OpenAPI).
TaskStatusChoice = StrEnum(  # type: ignore[misc]
    "TaskStatusChoice", [(name, name) for name in get_args(TaskStatusName)]
)


def _client() -> RegistryReader:
    from stardag_cli.reader import open_reader

    return open_reader(load_settings())


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def _say_where(reader: RegistryReader) -> None:
    """Name the folder when no server is read, so an empty list is not a mystery."""
    root = getattr(reader, "root", None)
    if root is not None:
        err_console.print(f"[dim]From the file-system registry at {root}.[/]")


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
                status=[str(s.value) for s in status] if status else None,
                search=search,
            )
        )
    if as_json:
        _print_json(tasks)
        return
    _say_where(client)
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
