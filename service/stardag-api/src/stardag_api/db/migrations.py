"""Schema migrations: the Alembic scripts shipped inside this package, driven from Python.

``upgrade_database(url)`` is the one call that brings a database to the schema this
code needs; the CLI, the container's prestart step and the tests all use it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine

from stardag_api.core.config import sqlalchemy_url

# The cheap schema check (no Alembic import) lives in schema_version; re-exported here.
from stardag_api.db.schema_version import MIGRATE_COMMAND, check_database_at_head

__all__ = [
    "MIGRATE_COMMAND",
    "alembic_config",
    "check_database_at_head",
    "current_revision",
    "database_revision",
    "downgrade_database",
    "head_revision",
    "upgrade_database",
]

ALEMBIC_DIR = Path(__file__).resolve().parent / "alembic"


def alembic_config(database_url: str) -> Config:
    """An Alembic ``Config`` pointing at the packaged scripts and ``database_url``."""
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    # ConfigParser interpolation would choke on '%' in passwords.
    config.set_main_option("sqlalchemy.url", sqlalchemy_url(database_url).replace("%", "%%"))
    return config


def upgrade_database(database_url: str, revision: str = "head") -> None:
    """Apply every migration up to ``revision`` (default: head). Safe to run concurrently."""
    command.upgrade(alembic_config(database_url), revision)


def downgrade_database(database_url: str, revision: str = "base") -> None:
    """Revert migrations down to ``revision`` (default: an empty schema)."""
    command.downgrade(alembic_config(database_url), revision)


def head_revision() -> str:
    """The newest revision shipped with this code."""
    head = ScriptDirectory.from_config(alembic_config("postgresql://unused")).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (``None`` for a database never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def database_revision(database_url: str) -> str | None:
    """``current_revision`` for a URL (opens and disposes a short-lived engine)."""
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        return current_revision(engine)
    finally:
        engine.dispose()
