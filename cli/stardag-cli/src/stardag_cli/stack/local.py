"""Starting and stopping the stack without Docker: database + detached API process.

``start_background`` either returns a healthy, recorded stack or raises a
``StackError`` after stopping everything it started — never a half-started stack.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from stardag_cli.settings import CliSettings
from stardag_cli.stack.database import mask_password, migrate_database, normalize_database_url
from stardag_cli.stack.embedded import EmbeddedPostgres
from stardag_cli.stack.errors import PortInUse
from stardag_cli.stack.files import ServerFiles, ServerState, StackMode, record_stack
from stardag_cli.stack.health import wait_until_healthy
from stardag_cli.stack.process import (
    is_alive,
    port_is_free,
    process_create_time,
    spawn_detached,
    terminate,
)
from stardag_cli.stack.request import Progress, UpRequest, server_url


@dataclass
class _Rollback:
    """Undo steps for what a failed start already did, run newest first."""

    steps: list[Callable[[], None]] = field(default_factory=list)

    def run(self) -> None:
        for undo in reversed(self.steps):
            # Best effort: one failed undo must not keep the others from running.
            with contextlib.suppress(Exception):
                undo()


def running_stack(files: ServerFiles) -> ServerState | None:
    """The recorded stack if its API process still runs; forgets a stale record."""
    state = ServerState.load(files)
    if state is None or state.mode == "docker":
        return state
    if is_alive(state.api_pid, state.api_create_time):
        return state
    ServerState.clear(files)
    return None


def start_background(settings: CliSettings, request: UpRequest, progress: Progress) -> ServerState:
    """Start database (unless external), migrate, start the API detached, wait for health.

    Records the stack in ``state.json``/``api.pid`` and the URL in ``config.toml``.
    Raises ``StackError`` subclasses; on any failure stops what it started.
    """
    files = ServerFiles(settings.server_dir)
    rollback = _Rollback()
    try:
        if not port_is_free(request.host, request.port):
            raise PortInUse(request.host, request.port)
        # Started first: the API imports its modules (~1 s) while the database starts,
        # then takes the database URL from its stdin (see stardag_cli.stack.serve).
        argv = [
            sys.executable, "-m", "stardag_cli.stack.serve",
            "--host", request.host, "--port", str(request.port), "--database-url-on-stdin",
            "--workers", str(request.workers),  # issue 10
        ]  # fmt: skip
        env = {k: v for k, v in os.environ.items() if k != "STARDAG_DATABASE_URL"}
        api = spawn_detached(argv, files.api_log, env, stdin_pipe=True)
        rollback.steps.append(lambda: terminate(api.pid))
        mode, database_url = _prepare_database(files, request, progress, rollback)
        progress("Starting the API")
        _hand_over(api, database_url)
        url = server_url(request.host, request.port)
        wait_until_healthy(url, progress, exit_code=api.poll, log_path=files.api_log)
        state = _record(files, settings, mode, url, request, database_url, api.pid)
        return state
    except BaseException:
        progress("Start failed; stopping what was started")
        rollback.run()
        raise


def _hand_over(api: subprocess.Popen[bytes], database_url: str) -> None:
    """Give the waiting API process its database URL (first line of its stdin)."""
    assert api.stdin is not None
    try:
        api.stdin.write(database_url.encode() + b"\n")
        api.stdin.close()
    except BrokenPipeError:
        pass  # it exited already: wait_until_healthy reports that, with the end of its log


def run_foreground(settings: CliSettings, request: UpRequest, progress: Progress) -> None:
    """Like ``start_background`` but serves in this process until interrupted.

    On exit it forgets the recorded stack and stops an embedded database it started.
    """
    from stardag_cli.stack.serve import serve_api

    files = ServerFiles(settings.server_dir)
    rollback = _Rollback()
    try:
        mode, database_url = _prepare_database(files, request, progress, rollback)
        url = server_url(request.host, request.port)
        _record(files, settings, mode, url, request, database_url, os.getpid())
        rollback.steps.append(lambda: ServerState.clear(files))
        # uvicorn shuts down gracefully on SIGTERM and then re-raises the signal with
        # the handler it found: make that handler an ordinary exit, so the cleanup
        # below runs and `docker stop` sees exit code 0.
        signal.signal(signal.SIGTERM, _exit_quietly)
        serve_api(database_url, request.host, request.port, request.workers)  # issue 10: workers
    finally:
        rollback.run()


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def stop_local(files: ServerFiles, progress: Progress) -> list[str]:
    """Stop the API process and the embedded database (data kept); return what stopped."""
    stopped: list[str] = []
    state = ServerState.load(files)
    if state is not None and is_alive(state.api_pid, state.api_create_time):
        assert state.api_pid is not None
        progress("Stopping the API")
        terminate(state.api_pid)
        stopped.append(f"API (pid {state.api_pid})")
    database = EmbeddedPostgres(files.pgdata)
    database_pid = database.pid()
    if database_pid is not None:
        progress("Stopping the embedded PostgreSQL")
        database.stop()
        stopped.append(f"embedded PostgreSQL (pid {database_pid})")
    ServerState.clear(files)
    return stopped


def _prepare_database(
    files: ServerFiles, request: UpRequest, progress: Progress, rollback: _Rollback
) -> tuple[StackMode, str]:
    if not port_is_free(request.host, request.port):
        raise PortInUse(request.host, request.port)
    if request.database_url is not None:
        database_url = normalize_database_url(request.database_url)
        migrate_database(database_url, progress)
        return "external", database_url
    database = EmbeddedPostgres(files.pgdata)
    database.check_compatible()
    if not database.is_running():
        first_start = database.data_version() is None
        progress(
            "Initialising the embedded PostgreSQL (first start)"
            if first_start
            else "Starting the embedded PostgreSQL"
        )
        rollback.steps.append(database.stop)
    database_url = database.start()
    migrate_database(database_url, progress)
    return "embedded", database_url


def _record(
    files: ServerFiles,
    settings: CliSettings,
    mode: StackMode,
    url: str,
    request: UpRequest,
    database_url: str,
    api_pid: int,
) -> ServerState:
    database = str(files.pgdata) if mode == "embedded" else mask_password(database_url)
    state = ServerState(
        mode=mode,
        url=url,
        host=request.host,
        port=request.port,
        database=database,
        api_pid=api_pid,
        api_create_time=process_create_time(api_pid),
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    record_stack(files, settings.config_file, state)
    return state
