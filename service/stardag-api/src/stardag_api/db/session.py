"""Engine and session factory: SQLAlchemy's connection pool over psycopg 3."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker

from stardag_api.core.config import Settings, sqlalchemy_url


def make_engine(settings: Settings) -> Engine:
    """A pooled engine for ``settings.database_url`` (``pool_pre_ping`` survives DB restarts)."""
    # Custom plans always: a generic plan for `family LIKE $1` or `parameters @> $1` cannot
    # use the prefix/GIN indices, and psycopg prepares statements after a few executions.
    options = "-c timezone=UTC -c plan_cache_mode=force_custom_plan"
    if settings.db_statement_timeout_ms:
        options += f" -c statement_timeout={settings.db_statement_timeout_ms}"
    return create_engine(
        sqlalchemy_url(settings.database_url),
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout_seconds,
        pool_pre_ping=True,
        connect_args={"options": options, "connect_timeout": 5},
    )


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that never expire loaded rows on commit (responses are built after commit)."""
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=False)
