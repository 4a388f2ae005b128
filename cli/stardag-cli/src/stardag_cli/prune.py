"""``stardag registry prune``: forget old runs and their logs (never a task's latest run).

Writes the registry's database directly, like ``stardag keys`` (see ``registry_db``).
The server applies the same policy on its own when ``STARDAG_RETENTION_DAYS`` is set.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from stardag_cli.console import console
from stardag_cli.options import JsonOption
from stardag_cli.registry_db import DatabaseUrlOption, registry_session

_AGE = re.compile(r"^(\d+(?:\.\d+)?)([dhw])$")
_UNIT_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0}


def parse_age(text: str) -> timedelta:
    """``30d``, ``12h`` or ``2w`` as a timedelta; ``typer.BadParameter`` otherwise."""
    match = _AGE.match(text.strip())
    if match is None or float(match.group(1)) <= 0:
        raise typer.BadParameter(f"{text!r} is not an age like 30d, 12h or 2w")
    return timedelta(days=float(match.group(1)) * _UNIT_DAYS[match.group(2)])


def prune(
    older_than: Annotated[
        str, typer.Option("--older-than", help="Age of runs to forget: 30d, 12h, 2w.")
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count what would be removed.")
    ] = False,
    database_url: DatabaseUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Remove finished runs started before the age, with their logs; each task keeps its
    latest run, and tasks, edges and builds are kept."""
    from stardag_api.store.retention import prune_runs

    cutoff = datetime.now(UTC) - parse_age(older_than)
    with registry_session(database_url) as session:
        result = prune_runs(session, cutoff, dry_run=dry_run)
    if as_json:
        console.print_json(
            json.dumps({"runs": result.runs, "logs": result.logs, "dry_run": dry_run})
        )
        return
    verb = "Would remove" if dry_run else "Removed"
    console.print(
        f"{verb} {result.runs} runs and {result.logs} log records started before "
        f"{cutoff:%Y-%m-%d %H:%M} UTC."
    )
