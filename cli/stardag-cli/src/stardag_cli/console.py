"""The CLI's two consoles: results to stdout, messages and errors to stderr."""

from __future__ import annotations

from rich.console import Console

console = Console()
err_console = Console(stderr=True)


def print_error(message: str) -> None:
    """Print ``message`` to stderr as is: no markup, no highlighting, no hard wrapping."""
    err_console.print(message, markup=False, highlight=False, soft_wrap=True)
