"""``stardag config``: where things are and which registry builds report to."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer

from stardag_cli.console import console
from stardag_cli.options import JsonOption
from stardag_cli.settings import load_settings

app = typer.Typer(no_args_is_help=True, help="Show the Stardag configuration.")


@app.command("show")
def show(as_json: JsonOption = False) -> None:
    """Server URL, active registry and why, target roots, Stardag home."""
    from stardag.config import configured_target_roots
    from stardag.registry.provider import describe_active_registry

    settings = load_settings()
    choice = describe_active_registry()
    report: dict[str, Any] = {
        "home": str(settings.home),
        "config_file": str(settings.config_file),
        "server_url": settings.server_url,
        "server_url_source": settings.server_url_source,
        "registry": {"kind": choice.kind, "url": choice.url, "reason": choice.reason},
        "target_roots": configured_target_roots(),
    }
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
        return
    console.print(f"[bold]Stardag home[/]     {report['home']}")
    console.print(f"[bold]Config file[/]      {report['config_file']}")
    console.print(
        f"[bold]Server URL[/]       {settings.server_url}  (from {settings.server_url_source})"
    )
    where = f" at {choice.url}" if choice.url else ""
    console.print(f"[bold]Active registry[/]  {choice.kind}{where}")
    console.print(f"                   {choice.reason}", markup=False, highlight=False)
    console.print("[bold]Target roots[/]")
    for name, uri in report["target_roots"].items():
        console.print(f"  {name:<16} {uri}")
