"""What ``stardag server status`` reports, gathered from state, processes and the API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from stardag_cli.settings import CliSettings
from stardag_cli.stack.embedded import EmbeddedPostgres
from stardag_cli.stack.files import ServerFiles
from stardag_cli.stack.local import running_stack

START_HINT = "Start one with `stardag server up`."


def describe_stack(settings: CliSettings) -> dict[str, Any]:
    """A JSON-able report: ``running``, ``healthy``, ``url``, ``pids``, ``database``, ``stats``."""
    from stardag.client import ApiError, ServerUnreachable, StardagClient

    files = ServerFiles(settings.server_dir)
    state = running_stack(files)
    database = EmbeddedPostgres(files.pgdata)
    if state is None:
        report: dict[str, Any] = {"running": False, "hint": START_HINT}
        database_pid = database.pid()
        if database_pid is not None:
            report["hint"] = (
                f"The embedded PostgreSQL still runs (pid {database_pid}); "
                "`stardag server down` stops it."
            )
        return report
    report = {
        "running": True,
        "mode": state.mode,
        "url": state.url,
        "healthy": False,
        "health": {},
        "pids": {},
        "database": state.database,
        "log": str(files.api_log) if state.mode != "docker" else None,
        "started_at": state.started_at,
        "stats": None,
    }
    if state.api_pid is not None:
        report["pids"]["API"] = state.api_pid
    if state.mode == "embedded":
        database_pid = database.pid()
        if database_pid is not None:
            report["pids"]["Postgres"] = database_pid
        report["database"] = f"embedded PostgreSQL {database.data_version()} in {files.pgdata}" + (
            "" if database_pid else " (not running)"
        )
    if state.mode == "docker":
        from stardag_cli.stack.docker import container_health
        from stardag_cli.stack.errors import StackError

        try:
            report["containers"] = [asdict(item) for item in container_health()]
        except StackError as exc:
            report["containers"] = []
            report["health_error"] = str(exc)
    with StardagClient(state.url, timeout=3.0) as client:
        try:
            report["health"] = dict(client.health())
            report["healthy"] = True
            report["stats"] = dict(client.stats())
        except (ServerUnreachable, ApiError) as exc:
            report["health_error"] = str(exc)
    return report
