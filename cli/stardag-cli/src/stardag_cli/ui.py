"""``stardag ui``: the web UI served by the registry server."""

from __future__ import annotations

import os
import sys

import typer

from stardag_cli.console import console
from stardag_cli.settings import load_settings

app = typer.Typer(no_args_is_help=True, help="Open the Stardag web UI.")


def _has_graphical_browser() -> bool:
    # Without a display, Python's webbrowser falls back to terminal browsers (lynx,
    # w3m) that would take over this terminal: print the URL instead.
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


@app.command("open")
def open_ui() -> None:
    """Open the UI in the browser (prints the URL when no browser is available)."""
    from stardag.client import StardagClient

    url = load_settings().server_url
    with StardagClient(url, timeout=3.0) as client:
        client.health()
    ui_url = f"{url}/"
    if _has_graphical_browser():
        import webbrowser

        if webbrowser.open(ui_url):
            console.print(f"Opened {ui_url}")
            return
    console.print(f"No browser available; open {ui_url}")
