"""Alembic environment: runs the packaged migrations against ``sqlalchemy.url``.

Two processes may migrate the same database at once (the CLI and a container, or
two replicas starting): a transaction-level advisory lock serialises them, and the
second one finds the schema already at head.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, pool, text
from stardag_api.db.models import Base

MIGRATION_LOCK_KEY = 0x5DA6  # arbitrary, constant: "stardag migrations"

config = context.config
target_metadata = Base.metadata


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.connect() as connection:
            context.configure(connection=connection, target_metadata=target_metadata)
            with context.begin_transaction():
                connection.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})"))
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
