"""Options shared by several commands, defined once."""

from __future__ import annotations

from typing import Annotated

import typer

from stardag_cli.settings import DEFAULT_HOST, DEFAULT_PORT

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print JSON (for scripts) instead of a table.")
]
PortOption = Annotated[
    int, typer.Option("--port", "-p", min=1, max=65535, help="Port the API listens on.")
]
HostOption = Annotated[
    str, typer.Option("--host", help="Interface the API binds to (0.0.0.0 for all).")
]
TaskIdArgument = Annotated[
    str, typer.Argument(metavar="TASK_ID_OR_PREFIX", help="A task id or a unique id prefix.")
]

DEFAULT_SERVER_HOST = DEFAULT_HOST
DEFAULT_SERVER_PORT = DEFAULT_PORT
