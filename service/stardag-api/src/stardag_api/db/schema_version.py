"""Which schema revision this code needs and which one a database is at — cheaply.

Starting the server is on the user's critical path, and importing Alembic and
loading every migration script costs about a second. The head revision is read
from the migration scripts' ``revision``/``down_revision`` lines instead, and the
database's from its ``alembic_version`` table; migrations run only when they differ.
A test checks that :func:`shipped_head` agrees with Alembic's own answer.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

VERSIONS_DIR = Path(__file__).resolve().parent / "alembic" / "versions"

# `revision: str = "0004"` / `down_revision: str | None = "0003"` (annotation optional).
_ASSIGNMENT = re.compile(
    r"^(?P<name>revision|down_revision)\s*(?::[^=\n]+)?=\s*(?P<value>.+?)\s*$", re.MULTILINE
)


class UnclearHead(RuntimeError):
    """The shipped migration scripts have no single head (a broken chain)."""


def _revisions(script: str) -> tuple[str | None, tuple[str, ...]]:
    found = {
        match["name"]: ast.literal_eval(match["value"]) for match in _ASSIGNMENT.finditer(script)
    }
    down = found.get("down_revision")
    parents = () if down is None else (down,) if isinstance(down, str) else tuple(down)
    return found.get("revision"), parents


@functools.cache
def shipped_head() -> str:
    """The newest revision among the migration scripts shipped with this code.

    Raises ``UnclearHead`` when the scripts do not form a chain with one head.
    """
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        revision, down = _revisions(path.read_text(encoding="utf-8"))
        if revision is not None:
            revisions.add(revision)
            parents.update(down)
    heads = revisions - parents
    if len(heads) != 1:
        raise UnclearHead(f"migration scripts in {VERSIONS_DIR} have heads {sorted(heads)}")
    return heads.pop()


def libpq_url(database_url: str) -> str:
    """``database_url`` as libpq takes it (no SQLAlchemy driver name)."""
    for prefix in ("postgresql+psycopg://", "postgres://"):
        if database_url.startswith(prefix):
            return "postgresql://" + database_url[len(prefix) :]
    return database_url


def database_revision(database_url: str, connect_timeout: float = 10) -> str | None:
    """The revision the database is at; ``None`` when it was never migrated.

    Raises ``psycopg.OperationalError`` when the database cannot be reached.
    """
    import psycopg

    with psycopg.connect(libpq_url(database_url), connect_timeout=int(connect_timeout)) as conn:
        try:
            rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        except psycopg.errors.UndefinedTable:
            return None
    return str(rows[0][0]) if len(rows) == 1 else None


def is_at_head(database_url: str) -> bool:
    """Whether the database's schema is exactly the one this code needs."""
    return database_revision(database_url) == shipped_head()


MIGRATE_COMMAND = "python -m stardag_api.migrate"


def check_database_at_head(engine: Engine) -> str:
    """Return the head revision, or raise ``SchemaNotAtHead`` naming the command that fixes it."""
    from sqlalchemy import text

    from stardag_api.core.errors import SchemaNotAtHead

    with engine.connect() as connection:
        migrated = connection.scalar(text("SELECT to_regclass('alembic_version') IS NOT NULL"))
        current = (
            connection.scalar(text("SELECT max(version_num) FROM alembic_version"))
            if migrated
            else None
        )
    head = shipped_head()
    if current != head:
        raise SchemaNotAtHead(current=current, head=head, command=MIGRATE_COMMAND)
    return head
