"""Bringing a database to the service's current schema, and describing it safely."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from stardag_cli.stack.errors import DatabaseUnavailable, MigrationFailed
from stardag_cli.stack.request import Progress


def normalize_database_url(url: str) -> str:
    """``url`` with the psycopg 3 driver named (``postgresql://`` is accepted)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def mask_password(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for display and state files)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def migrate_database(database_url: str, progress: Progress = lambda step: None) -> None:
    """Bring the database to the service's head revision.

    A database already at head (every warm start) costs one query: neither Alembic
    nor the migration scripts are loaded then. Raises ``DatabaseUnavailable`` when
    the database cannot be reached and ``MigrationFailed`` when the upgrade itself
    fails (message names the cause).
    """
    if not database_url.startswith(("postgresql", "postgres")):
        raise DatabaseUnavailable(
            f"{mask_password(database_url)} is not a PostgreSQL URL "
            "(expected postgresql://user:password@host:port/database)."
        )
    progress("Checking the database schema")
    if _is_at_head(database_url):
        return
    progress("Applying database migrations")
    try:
        from stardag_api.db.migrations import upgrade_database
    except ImportError as exc:
        raise MigrationFailed(
            f"The registry service (stardag-api) cannot be imported: {exc}"
        ) from exc
    import sqlalchemy.exc

    try:
        upgrade_database(database_url)
    except sqlalchemy.exc.OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise DatabaseUnavailable(
            f"Cannot connect to the database at {mask_password(database_url)}: {reason}"
        ) from exc
    except Exception as exc:
        first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise MigrationFailed(
            f"Migrating the database at {mask_password(database_url)} failed: "
            f"{type(exc).__name__}: {first_line}"
        ) from exc


def _is_at_head(database_url: str) -> bool:
    try:
        from stardag_api.db.schema_version import UnclearHead, is_at_head
    except ImportError as exc:
        raise MigrationFailed(
            f"The registry service (stardag-api) cannot be imported: {exc}"
        ) from exc
    import psycopg

    try:
        return bool(is_at_head(database_url))
    except psycopg.OperationalError as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise DatabaseUnavailable(
            f"Cannot connect to the database at {mask_password(database_url)}: {reason}"
        ) from exc
    except (psycopg.Error, UnclearHead):
        return False  # let Alembic look, and report what it finds
