"""A pooled connection that sent a large statement is closed, not kept (libpq buffers)."""

from __future__ import annotations

from sqlalchemy import text
from stardag_api.core.config import Settings
from stardag_api.db.session import LARGE_STATEMENT_BYTES, make_engine


def test_connections_are_retired_after_large_statements(api_database_url: str) -> None:
    engine = make_engine(Settings(database_url=api_database_url, db_pool_size=1))
    pid = text("SELECT pg_backend_pid()")
    try:
        with engine.connect() as conn:
            first = conn.scalar(pid)
            conn.execute(text("SELECT length(:x)"), {"x": "a" * 1000})
        with engine.connect() as conn:
            assert conn.scalar(pid) == first  # small statements: the connection is reused
            conn.execute(text("SELECT length(:x)"), {"x": "a" * (LARGE_STATEMENT_BYTES + 1)})
        with engine.connect() as conn:
            assert conn.scalar(pid) != first  # after a large one: a fresh connection
    finally:
        engine.dispose()
