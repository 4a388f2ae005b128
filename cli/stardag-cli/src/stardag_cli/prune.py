"""``stardag registry prune``: forget old runs (never a task's latest run) and old logs.

Writes the registry's database directly, like ``stardag keys`` (see ``registry_db``).
The server applies the same policies on its own when ``STARDAG_RETENTION_DAYS`` (runs)
and ``STARDAG_LOG_RETENTION_DAYS`` (log records, by dropping monthly partitions) are set.
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
        str | None,
        typer.Option(
            "--older-than",
            help="Age of runs to forget: 30d, 12h, 2w (each task keeps its latest run).",
        ),
    ] = None,
    logs_older_than: Annotated[
        str | None,
        typer.Option(
            "--logs-older-than",
            help="Age of log records to remove, of any run: 90d. Whole months go at once.",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only count what would be removed.")
    ] = False,
    database_url: DatabaseUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Remove finished runs started before the age, with their logs (each task keeps its
    latest run; tasks, edges and builds are kept), and/or log records stamped before
    their age, of any run."""
    if older_than is None and logs_older_than is None:
        raise typer.BadParameter("give --older-than, --logs-older-than or both")
    from stardag_api.store.log_partitions import prune_logs
    from stardag_api.store.retention import prune_runs

    now = datetime.now(UTC)
    report: dict[str, object] = {}
    lines: list[str] = []
    verb = "Would remove" if dry_run else "Removed"
    with registry_session(database_url) as session:
        if older_than is not None:
            cutoff = now - parse_age(older_than)
            result = prune_runs(session, cutoff, dry_run=dry_run)
            report.update(runs=result.runs, logs=result.logs)
            lines.append(
                f"{verb} {result.runs} runs and {result.logs} log records started before "
                f"{cutoff:%Y-%m-%d %H:%M} UTC."
            )
        if logs_older_than is not None:
            logs_cutoff = now - parse_age(logs_older_than)
            logs = prune_logs(session, logs_cutoff, dry_run=dry_run)
            report["log_retention"] = {
                "records": logs.records,
                "dropped_partitions": logs.dropped_partitions,
                "trimmed_partitions": logs.trimmed_partitions,
                "cutoff": logs_cutoff.isoformat(),
            }
            dropped = ", ".join(logs.dropped_partitions) or "none"
            lines.append(
                f"{verb} {logs.records} log records stamped before "
                f"{logs_cutoff:%Y-%m-%d %H:%M} UTC (partitions dropped: {dropped})."
            )
    report["dry_run"] = dry_run
    if as_json:
        console.print_json(json.dumps(report))
        return
    for line in lines:
        console.print(line)
