"""``stardag server``: start, stop and inspect the local Stardag stack."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from stardag_cli.console import console, err_console
from stardag_cli.options import (
    DEFAULT_SERVER_HOST,
    DEFAULT_SERVER_PORT,
    HostOption,
    JsonOption,
    PortOption,
)
from stardag_cli.settings import load_settings

app = typer.Typer(
    no_args_is_help=True, help="Start, stop and inspect the Stardag server (API, UI, database)."
)


def _refuse_unsafe_bind(host: str) -> None:
    """Exit 2 before starting anything when ``host`` is reachable from other machines and
    the server would run without authentication (the API refuses too; this says it here)."""
    if host.lower() in ("127.0.0.1", "localhost", "::1", "[::1]") or host.startswith("127."):
        return  # the usual case: no need to import the service's settings (~0.4 s)
    from stardag_api.core.config import Settings
    from stardag_api.server import UnsafeBind, check_bind_is_safe

    try:
        check_bind_is_safe(host, Settings())
    except UnsafeBind as exc:
        raise typer.BadParameter(str(exc), param_hint="--host") from None


@app.command()
def up(
    port: PortOption = DEFAULT_SERVER_PORT,
    host: HostOption = DEFAULT_SERVER_HOST,
    database_url: Annotated[
        str | None,
        typer.Option(
            "--database-url",
            help="Use this existing PostgreSQL (migrated on start) instead of the embedded one.",
        ),
    ] = None,
    foreground: Annotated[
        bool, typer.Option("--foreground", help="Serve in this process until Ctrl-C.")
    ] = False,
    docker: Annotated[
        bool, typer.Option("--docker", help="Run the stack with docker compose (compose/).")
    ] = False,
    # issue 10: several API processes over the one PostgreSQL (see docs/deployment.md)
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="API processes serving the port.")
    ] = 1,
) -> None:
    """Start the database, apply migrations and serve the API with the UI."""
    from stardag_cli.stack.extra import require_server_extra
    from stardag_cli.stack.files import ServerFiles
    from stardag_cli.stack.local import running_stack
    from stardag_cli.stack.request import UpRequest

    if docker and (database_url or foreground):
        raise typer.BadParameter("--docker cannot be combined with --database-url or --foreground")
    require_server_extra(docker=docker)
    _refuse_unsafe_bind(host)
    settings = load_settings()
    files = ServerFiles(settings.server_dir)
    running = running_stack(files)
    if running is not None:
        console.print(f"Stardag server is already running at {running.url} ({running.mode}).")
        if running.port != port:
            console.print("Stop it with `stardag server down` to start it on another port.")
        return
    request = UpRequest(host=host, port=port, database_url=database_url, workers=workers)
    if foreground:
        from stardag_cli.stack.local import run_foreground

        run_foreground(settings, request, lambda step: err_console.print(f"{step}…"))
        return
    started = time.monotonic()
    with err_console.status("Starting the Stardag server…") as status:

        def progress(step: str) -> None:
            status.update(f"{step}…")

        if docker:
            from stardag_cli.stack.docker import start_docker

            state = start_docker(settings, request, progress)
        else:
            from stardag_cli.stack.local import start_background

            state = start_background(settings, request, progress)
    elapsed = time.monotonic() - started
    console.print(f"[green]Stardag server is running[/] ({state.mode}, ready in {elapsed:.1f} s)")
    console.print(f"  UI    {state.url}/")
    console.print(f"  API   {state.url}/api/v1")
    console.print(f"  Docs  {state.url}/docs")
    console.print(f"  Logs  {files.api_log if state.mode != 'docker' else 'stardag server logs'}")
    console.print(f"Builds now report to this server (recorded in {settings.config_file}).")
    _send_spooled_builds(state.url, settings.home / "spool")


def _send_spooled_builds(url: str, spool_root: Path) -> None:
    """Replay builds spooled on this machine while no server answered, and say so."""
    if not spool_root.is_dir() or not any(spool_root.iterdir()):
        return  # nothing waits (the usual case): no need to load the SDK's registry client
    from stardag_cli.stack.spool_sync import send_waiting_spools

    results = send_waiting_spools(url)
    sent = sum(result.sent for result in results)
    if sent:
        console.print(f"Sent {sent} spooled events of builds that ran while no server answered.")
    for result in results:
        if not result.ok:
            reason = f" ({result.error})" if result.error else ""
            err_console.print(
                f"[yellow]Spool {result.spool_directory}: {result.remaining} events left, "
                f"{result.rejected} refused{reason}; retry with `stardag registry sync`.[/]"
            )


@app.command()
def down() -> None:
    """Stop the API and the embedded database; the data is kept."""
    from stardag_cli.stack.files import ServerFiles, ServerState

    settings = load_settings()
    files = ServerFiles(settings.server_dir)
    state = ServerState.load(files)
    with err_console.status("Stopping the Stardag server…") as status:

        def progress(step: str) -> None:
            status.update(f"{step}…")

        if state is not None and state.mode == "docker":
            from stardag_cli.stack.docker import stop_docker

            stopped = stop_docker(files, progress)
        else:
            from stardag_cli.stack.local import stop_local

            stopped = stop_local(files, progress)
    if stopped:
        console.print(f"Stopped {', '.join(stopped)}. Data kept in {settings.server_dir}.")
    else:
        console.print("No Stardag server is running.")


@app.command()
def status(as_json: JsonOption = False) -> None:
    """Show URL, health, processes, database location and task counts."""
    from stardag_cli.stack.status import describe_stack

    settings = load_settings()
    report = describe_stack(settings)
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        _print_status(report)
    if not report["running"]:
        raise typer.Exit(1)


@app.command()
def logs(
    follow: Annotated[
        bool, typer.Option("--follow", "-f", help="Keep printing new lines.")
    ] = False,
    lines: Annotated[int, typer.Option("--lines", "-n", min=1, help="Lines to show.")] = 100,
) -> None:
    """Print the API server's log (``--follow`` to keep watching it)."""
    from stardag_cli.stack.files import ServerFiles, ServerState
    from stardag_cli.stack.process import tail

    settings = load_settings()
    files = ServerFiles(settings.server_dir)
    state = ServerState.load(files)
    if state is not None and state.mode == "docker":
        from stardag_cli.stack.docker import compose_logs

        compose_logs(follow)
        return
    if not files.api_log.exists():
        err_console.print(f"No server log yet at {files.api_log} (start with `stardag server up`).")
        raise typer.Exit(1)
    text = tail(files.api_log, lines)
    if text:
        sys.stdout.write(text + "\n")
    if follow:
        _follow(files.api_log)


def _follow(path: Any) -> None:
    with open(path, encoding="utf-8", errors="replace") as handle:
        handle.seek(0, 2)
        try:
            while True:
                line = handle.readline()
                if line:
                    sys.stdout.write(line)
                    sys.stdout.flush()
                else:
                    time.sleep(0.2)
        except KeyboardInterrupt:
            return


def _print_status(report: dict[str, Any]) -> None:
    if not report["running"]:
        console.print(f"No Stardag server is running. {report.get('hint', '')}".rstrip())
        return
    health = report["health"]
    health_text = (
        f"[green]healthy[/] (schema {health.get('schema_revision', '?')})"
        if report["healthy"]
        else f"[red]unhealthy[/] ({report.get('health_error', 'no answer')})"
    )
    console.print(f"Stardag server: [bold]running[/] ({report['mode']})")
    console.print(f"  URL       {report['url']}  {health_text}")
    for name, pid in report["pids"].items():
        console.print(f"  {name:<9} pid {pid}")
    for container in report.get("containers", []):
        console.print(
            f"  container {container['service']}: {container['state']}"
            + (f", {container['health']}" if container["health"] else "")
        )
    console.print(f"  Database  {report['database']}")
    stats = report.get("stats")
    if stats:
        by_status = ", ".join(f"{name} {count}" for name, count in stats["by_status"].items())
        console.print(f"  Tasks     {stats['tasks']} ({by_status}); runs {stats['runs']}")
    if report.get("log"):
        console.print(f"  Log       {report['log']}")
