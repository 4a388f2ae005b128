"""What ``stardag server up`` was asked for, and the URL clients use to reach it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

Progress = Callable[[str], None]
"""Receives a short description of each start/stop step (shown by the spinner)."""


@dataclass(frozen=True)
class UpRequest:
    host: str
    port: int
    database_url: str | None = None  # None: the embedded PostgreSQL
    workers: int = 1  # issue 10: API processes over the one database


def server_url(host: str, port: int) -> str:
    """URL clients on this machine use for a server bound to ``host:port``."""
    if host in ("0.0.0.0", "", "::"):
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"
