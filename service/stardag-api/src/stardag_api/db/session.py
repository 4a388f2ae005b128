"""Engine and session factory: SQLAlchemy's connection pool over psycopg 3."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from stardag_api.core.config import Settings, sqlalchemy_url


def make_engine(settings: Settings) -> Engine:
    """A pooled engine for ``settings.database_url`` (``pool_pre_ping`` survives DB restarts)."""
    # Custom plans always: a generic plan for `family LIKE $1` or `parameters @> $1` cannot
    # use the prefix/GIN indices, and psycopg prepares statements after a few executions.
    options = "-c timezone=UTC -c plan_cache_mode=force_custom_plan"
    if settings.db_statement_timeout_ms:
        options += f" -c statement_timeout={settings.db_statement_timeout_ms}"
    engine = create_engine(
        sqlalchemy_url(settings.database_url),
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        pool_pre_ping=True,
        connect_args={"options": options, "connect_timeout": 5},
    )
    _retire_connections_after_large_statements(engine)
    return engine


# libpq grows a connection's buffers to its largest message and never shrinks them:
# a pooled connection that once carried a 10 MB batch keeps ~10 MB for good.
LARGE_STATEMENT_BYTES = 1024 * 1024


def _retire_connections_after_large_statements(engine: Engine) -> None:
    """Close (rather than pool) a connection once it sent a statement over the size."""

    @event.listens_for(engine, "before_cursor_execute")
    def _note_size(
        conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        values: Iterable[Any]
        if isinstance(parameters, dict):
            values = parameters.values()
        elif isinstance(parameters, (list, tuple)):
            values = parameters
        else:
            return
        size = sum(len(value) for value in values if isinstance(value, (str, bytes)))
        if size > LARGE_STATEMENT_BYTES:
            conn.connection.info["large_statement"] = True

    @event.listens_for(engine, "checkin")
    def _retire(dbapi_connection: Any, record: Any) -> None:
        if record.info.pop("large_statement", False):
            record.invalidate()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that never expire loaded rows on commit (responses are built after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
