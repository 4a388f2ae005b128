"""The cheap schema check (no Alembic) agrees with Alembic on every state of a database."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from stardag_api.db import schema_version
from stardag_api.db.migrations import (
    current_revision,
    downgrade_database,
    head_revision,
    upgrade_database,
)
from stardag_api.db.schema_version import database_revision, is_at_head, shipped_head


def test_shipped_head_read_from_the_scripts_is_alembics_head() -> None:
    assert shipped_head() == head_revision()


def test_revision_read_with_one_query_matches_alembic_up_and_down(
    scratch_database_url: str,
) -> None:
    from sqlalchemy import create_engine
    from stardag_api.core.config import sqlalchemy_url

    engine = create_engine(sqlalchemy_url(scratch_database_url))
    try:
        assert database_revision(scratch_database_url) is None  # never migrated
        assert not is_at_head(scratch_database_url)
        upgrade_database(scratch_database_url, "0002")
        assert database_revision(scratch_database_url) == current_revision(engine) == "0002"
        assert not is_at_head(scratch_database_url)
        upgrade_database(scratch_database_url)
        assert database_revision(scratch_database_url) == current_revision(engine)
        assert is_at_head(scratch_database_url)
        downgrade_database(scratch_database_url, "base")
        assert database_revision(scratch_database_url) is None  # empty alembic_version
    finally:
        engine.dispose()


def test_checking_the_schema_does_not_import_alembic(scratch_database_url: str) -> None:
    """What a warm `stardag server up` runs before deciding to migrate, and what the
    API's startup check imports."""
    upgrade_database(scratch_database_url)
    code = (
        "import sys\n"
        "from stardag_api.db.schema_version import is_at_head\n"
        "import stardag_api.main\n"
        f"assert is_at_head({scratch_database_url!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_scripts_that_do_not_form_one_chain_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for revision, down in [("a", None), ("b", "a"), ("c", "a")]:
        (tmp_path / f"{revision}.py").write_text(
            f"revision: str = {revision!r}\ndown_revision: str | None = {down!r}\n"
        )
    monkeypatch.setattr(schema_version, "VERSIONS_DIR", tmp_path)
    schema_version.shipped_head.cache_clear()
    try:
        with pytest.raises(schema_version.UnclearHead, match=r"\['b', 'c'\]"):
            shipped_head()
    finally:
        schema_version.shipped_head.cache_clear()
