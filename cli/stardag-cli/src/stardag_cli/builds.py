"""``stardag builds``: list builds, show one with its tasks' states, watch one live."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from stardag_cli.console import console
from stardag_cli.options import JsonOption
from stardag_cli.settings import load_settings

if TYPE_CHECKING:
    from stardag.client import StardagClient

app = typer.Typer(no_args_is_help=True, help="Builds: what ran, what failed, what it blocked.")

BuildIdArgument = Annotated[
    str, typer.Argument(metavar="BUILD_ID_OR_PREFIX", help="A build id or a unique id prefix.")
]


class BuildStatusChoice(StrEnum):
    running = "running"
    completed = "completed"
    failed = "failed"


def _client() -> StardagClient:
    from stardag.client import StardagClient

    return StardagClient(load_settings().server_url)


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


@app.command("ls")
def list_builds(
    status: Annotated[
        BuildStatusChoice | None,
        typer.Option("--status", "-s", help="Only builds with this status."),
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=500)] = 20,
    as_json: JsonOption = False,
) -> None:
    """List the latest builds with their tasks counted per state and what failed first."""
    with _client() as client:
        builds = client.builds(limit=limit, status=status.value if status else None)
    if as_json:
        _print_json(builds)
        return
    if not builds:
        console.print("No builds yet.")
        return
    from stardag_cli.build_render import builds_table

    console.print(builds_table(builds))


@app.command("show")
def show_build(build_id: BuildIdArgument, as_json: JsonOption = False) -> None:
    """Show a build: status, what failed first and its traceback, what it blocked, every task."""
    with _client() as client:
        build = client.build(build_id)
    if as_json:
        _print_json(build)
        return
    from stardag_cli.build_render import print_build_detail

    print_build_detail(console, build)


@app.command("watch")
def watch_build(build_id: BuildIdArgument) -> None:
    """Follow a build live: one line per task that starts, finishes, fails or is skipped,
    then the build's summary when it ends. Exits 1 when the build failed."""
    from stardag_cli.build_render import change_line, print_build_detail

    with _client() as client:
        build = client.build(build_id)
        full_id = build["build_id"]
        families = {task["task_id"]: task["family"] for task in build["tasks"]}
        if build["status"] == "running":
            console.print(f"Watching build {full_id} (Ctrl-C to stop)")
            for event, data in client.changes(build_ids=[full_id]):
                if event == "ready":
                    # Changes before the subscription: catch up once, then follow.
                    build = client.build(full_id)
                    families.update({t["task_id"]: t["family"] for t in build["tasks"]})
                    if build["status"] != "running":
                        break
                    continue
                if event == "resync":
                    build = client.build(full_id)
                    if build["status"] != "running":
                        break
                    continue
                ended = False
                for change in data:
                    if change.get("task_id") and change["task_id"] not in families:
                        families.update(
                            {t["task_id"]: t["family"] for t in client.build(full_id)["tasks"]}
                        )
                    line = change_line(change, families)
                    if line is not None:
                        console.print(line)
                    ended = ended or (change["kind"] == "build" and change["status"] != "running")
                if ended:
                    break
            build = client.build(full_id)
    console.print()
    print_build_detail(console, build)
    if build["status"] == "failed":
        raise typer.Exit(1)
