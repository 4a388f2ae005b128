"""Detached processes, their liveness, and the ports they listen on."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could bind ``host:port`` now (with the same options uvicorn uses)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def spawn_detached(
    argv: Sequence[str], log_path: Path, env: Mapping[str, str], *, stdin_pipe: bool = False
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in its own session, output appended to ``log_path``; ``stdin_pipe``
    gives it a pipe to write to (``Popen.stdin``) instead of an empty stdin.

    The new session keeps the process alive after the CLI exits and out of the
    terminal's Ctrl-C; ``terminate`` later signals its whole process group.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        return subprocess.Popen(
            list(argv),
            stdin=subprocess.PIPE if stdin_pipe else subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env=dict(env),
            start_new_session=True,
            close_fds=True,
        )


def process_create_time(pid: int) -> float | None:
    """Start time of process ``pid`` (``None`` when it does not exist)."""
    import psutil

    try:
        return float(psutil.Process(pid).create_time())
    except psutil.Error:
        return None


def is_alive(pid: int | None, create_time: float | None = None) -> bool:
    """Whether ``pid`` runs and, when ``create_time`` is given, is the same process."""
    if pid is None:
        return False
    import psutil

    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        return create_time is None or abs(process.create_time() - create_time) < 1.0
    except psutil.Error:
        return False


def terminate(pid: int, *, timeout: float = 10.0) -> None:
    """SIGTERM the process group led by ``pid``, then SIGKILL it after ``timeout`` s."""
    _signal_group(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not is_alive(pid):
            return
        time.sleep(0.05)
    _signal_group(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5.0
    while is_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def _signal_group(pid: int, sig: signal.Signals) -> None:
    try:
        if os.getpgid(pid) == pid:
            os.killpg(pid, sig)
        else:
            # Not a group leader (e.g. a foreground server started from a shell):
            # signal the process only, never the shell's group.
            os.kill(pid, sig)
    except ProcessLookupError:
        return


def tail(path: Path, lines: int) -> str:
    """The last ``lines`` lines of ``path`` ("" when it does not exist)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024 * max(1, lines // 200)))
            data = handle.read()
    except FileNotFoundError:
        return ""
    return "\n".join(data.decode("utf-8", "replace").splitlines()[-lines:])
