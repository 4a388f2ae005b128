"""``stardag registry``: the registry the SDK reports builds to."""

from __future__ import annotations

from typing import Annotated

import typer

from stardag_cli.console import console, err_console
from stardag_cli.settings import load_settings

app = typer.Typer(no_args_is_help=True, help="Manage what the SDK reports to the registry.")


@app.command("sync")
def sync(
    all_servers: Annotated[
        bool,
        typer.Option(
            "--all", help="Replay the spools of every server URL, not only the configured one."
        ),
    ] = False,
) -> None:
    """Replay events spooled while the server was unreachable (offline spool)."""
    from stardag.registry.api import sync_all_spools, sync_spool

    results = sync_all_spools() if all_servers else [sync_spool(load_settings().server_url)]
    if not results:
        console.print("Nothing spooled.")
        return
    failed = False
    for result in results:
        line = (
            f"{result.url}: sent {result.sent}, rejected {result.rejected}, "
            f"remaining {result.remaining}"
        )
        if result.ok:
            console.print(f"[green]✓[/] {line}")
            continue
        failed = True
        reason = f" ({result.error})" if result.error else ""
        err_console.print(f"[red]✗[/] {line}{reason}; spool: {result.spool_directory}")
        if result.rejected:
            err_console.print(
                f"  Refused events were moved to {result.spool_directory / 'rejected'}."
            )
    if failed:
        raise typer.Exit(1)
