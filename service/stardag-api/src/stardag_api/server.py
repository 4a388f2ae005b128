"""The serve entry point used by ``stardag server up`` and the container.

``serve(host, port, database_url, migrate=True)`` waits until the database accepts
connections, applies migrations (``alembic upgrade head``) unless told not to, and
runs uvicorn in the foreground. ``python -m stardag_api.prestart`` runs the first
two steps only.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import psycopg

from stardag_api.api.security import is_loopback
from stardag_api.core.config import Settings, get_settings, sqlalchemy_url

logger = logging.getLogger("stardag_api.server")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8420


class UnsafeBind(RuntimeError):
    """The server was asked to listen beyond this machine without authentication."""


def _libpq_url(database_url: str) -> str:
    return sqlalchemy_url(database_url).replace("postgresql+psycopg://", "postgresql://", 1)


def wait_for_database(database_url: str, timeout: float = 60.0) -> None:
    """Return once the database accepts connections; ``TimeoutError`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with psycopg.connect(_libpq_url(database_url), connect_timeout=3) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError as exc:
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"The database did not accept connections within {timeout:g} s: {exc}"
                ) from exc
            time.sleep(0.5)


def prestart(database_url: str, migrate: bool = True, wait_timeout: float = 60.0) -> None:
    """Wait for the database, then migrate it to head (unless ``migrate`` is False)."""
    wait_for_database(database_url, wait_timeout)
    if migrate:
        # Imported here: Alembic costs ~0.5 s, which `serve(migrate=False)` never needs.
        from stardag_api.db.migrations import upgrade_database

        upgrade_database(database_url)


def serve(
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    database_url: str | None = None,
    migrate: bool = True,
    log_level: str = "info",
    workers: int = 1,
) -> None:
    """Prestart, then run the API (with the UI) in the foreground until interrupted.

    ``database_url`` defaults to ``STARDAG_DATABASE_URL``; it is exported to the app
    (and any worker processes) through that variable.
    """
    import uvicorn

    if database_url is not None:
        os.environ["STARDAG_DATABASE_URL"] = database_url
        get_settings.cache_clear()
    settings = get_settings()
    check_bind_is_safe(host, settings)
    prestart(settings.database_url, migrate=migrate)
    uvicorn.run(
        "stardag_api.main:app",
        host=host,
        port=port,
        log_level=log_level,
        workers=workers,
        **uvicorn_safety_options(settings),
    )


# What ``stardag_api.main`` imports, without creating the app (that reads the settings).
APP_MODULES = (
    "uvicorn",
    "sqlalchemy.orm",
    "stardag_api.api.routes",
    "stardag_api.api.json_body",
    "stardag_api.api.body_limit",
    "stardag_api.db.session",
    "stardag_api.schemas.events",
    "stardag_api.schemas.tasks",
    "stardag_api.store.sweep",
    "stardag_api.ui",
)


def preload_app_modules() -> None:
    """Import the app's modules ahead of time (about a second), e.g. while the
    database is still being started, so that :func:`serve` only builds the app."""
    import importlib

    for module in APP_MODULES:
        importlib.import_module(module)


def uvicorn_safety_options(settings: Settings) -> dict[str, Any]:
    """uvicorn options that keep clients from spoofing addresses or holding connections."""
    return {
        # X-Forwarded-For / -Proto are believed only from the configured proxies; by
        # default from nobody, so the logged client address is the real peer.
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": ",".join(settings.trusted_proxies) or None,
        # Idle keep-alive connections are closed quickly; a stalled body is cut by the
        # app's BodySizeLimit (uvicorn has no body timeout of its own).
        "timeout_keep_alive": 5,
        "limit_concurrency": settings.max_connections,
    }


def check_bind_is_safe(host: str, settings: Settings) -> None:
    """Refuse to listen on a non-loopback address while authentication is off.

    Raises:
        UnsafeBind: ``host`` reaches other machines and ``STARDAG_AUTH`` is not enabled.
    """
    if not is_loopback(host) and not settings.auth and not settings.allow_unauthenticated_network:
        raise UnsafeBind(
            f"Refusing to listen on {host}: without authentication anyone who can reach "
            "this address could read and write the registry. Enable API keys "
            "(STARDAG_AUTH=true, then `stardag keys create --scope admin`) or bind to 127.0.0.1 "
            "(in a container whose port only the host's loopback reaches, set "
            "STARDAG_ALLOW_UNAUTHENTICATED_NETWORK=true)."
        )


def main(argv: list[str] | None = None) -> int:
    """``python -m stardag_api.server [--host H] [--port P] [--database-url URL]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m stardag_api.server")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--database-url", default=None, help="default: STARDAG_DATABASE_URL")
    parser.add_argument("--no-migrate", action="store_true", help="do not apply migrations")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    try:
        check_bind_is_safe(args.host, get_settings())
    except UnsafeBind as exc:
        parser.exit(2, f"{exc}\n")
    serve(
        args.host,
        args.port,
        args.database_url,
        migrate=not args.no_migrate,
        log_level=args.log_level,
        workers=args.workers,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
