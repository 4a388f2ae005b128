"""Schema management: migrations up and down, no drift from the models, refuse-to-start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect
from stardag_api.core.config import Settings, sqlalchemy_url
from stardag_api.core.errors import SchemaNotAtHead
from stardag_api.db.migrations import (
    database_revision,
    downgrade_database,
    head_revision,
    upgrade_database,
)
from stardag_api.db.models import Base
from stardag_api.main import create_app
from stardag_testing import LOOPBACK


@pytest.fixture
def scratch_url(scratch_database_url: str) -> str:
    return scratch_database_url


def table_names(url: str) -> set[str]:
    engine = create_engine(sqlalchemy_url(url))
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade(scratch_url: str) -> None:
    upgrade_database(scratch_url)
    assert database_revision(scratch_url) == head_revision()
    assert {"tasks", "task_edges", "runs", "builds", "run_logs"} <= table_names(scratch_url)
    downgrade_database(scratch_url, "base")
    assert database_revision(scratch_url) is None
    assert table_names(scratch_url) <= {"alembic_version"}
    upgrade_database(scratch_url)
    assert database_revision(scratch_url) == head_revision()


def test_models_and_migrations_do_not_drift(scratch_url: str) -> None:
    upgrade_database(scratch_url)
    engine = create_engine(sqlalchemy_url(scratch_url))
    try:
        with engine.connect() as connection:
            # run_logs' monthly partitions are made at run time (store/log_partitions.py),
            # not declared in the models: compare everything but the tables PostgreSQL
            # itself lists as partitions of another table.
            partitions = set(
                connection.exec_driver_sql(
                    "SELECT inhrelid::regclass::text FROM pg_inherits i "
                    "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relkind = 'p'"
                ).scalars()
            )
            assert "run_logs_default" in partitions

            def declared(name: str | None, kind: str, _parent: object) -> bool:
                return not (kind == "table" and name in partitions)

            context = MigrationContext.configure(
                connection,
                opts={
                    "compare_type": True,
                    "compare_server_default": True,
                    "include_name": declared,
                },
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert diff == [], f"models and migrations differ; add a migration: {diff}"


def test_app_refuses_to_start_on_an_unmigrated_database(scratch_url: str) -> None:
    app = create_app(Settings(database_url=scratch_url))
    with pytest.raises(SchemaNotAtHead) as excinfo, TestClient(app):
        pass
    message = str(excinfo.value)
    assert "python -m stardag_api.migrate" in message
    assert head_revision() in message


def test_app_refuses_to_start_on_an_older_revision(scratch_url: str) -> None:
    upgrade_database(scratch_url)
    downgrade_database(scratch_url, "base")
    with pytest.raises(SchemaNotAtHead), TestClient(create_app(Settings(database_url=scratch_url))):
        pass


def test_migrate_command_brings_database_to_head(scratch_url: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "stardag_api.migrate", "--database-url", scratch_url],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert database_revision(scratch_url) == head_revision()
    assert head_revision() in result.stdout


def test_concurrent_upgrades_do_not_collide(scratch_url: str) -> None:
    # Two migrators at once (CLI and a container, say): the advisory lock serialises them.
    # Processes, not threads: Alembic's migration context is process-global.
    command = [sys.executable, "-m", "stardag_api.migrate", "--database-url", scratch_url]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr.decode()
    assert database_revision(scratch_url) == head_revision()


def test_database_going_away_is_503_not_500(
    postgres_admin_url: str, scratch_url: str, tmp_path: Path
) -> None:
    import psycopg

    upgrade_database(scratch_url)
    settings = Settings(database_url=scratch_url, ui_dir=tmp_path, db_pool_timeout_seconds=2)
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        assert client.get("/health").status_code == 200
        name = urlsplit(scratch_url).path.lstrip("/")
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        health = client.get("/health")
        assert health.status_code == 503
        assert health.json()["status"] == "unavailable"
        listing = client.get("/api/v1/tasks")
        assert listing.status_code == 503
        assert listing.json()["code"] == "database_unavailable"


def test_task_states_and_counts_migrate_existing_tasks(scratch_url: str) -> None:
    """0008 moves each task's run state to task_states; 0009 counts the tasks already there."""
    upgrade_database(scratch_url, "0007_task_leases")
    with psycopg.connect(scratch_url) as conn:
        conn.execute(
            "INSERT INTO tasks (task_id, namespace, family, status, created_at, updated_at)"
            " SELECT gen_random_uuid(), 'ns', 'fam' || (i % 2),"
            " (ARRAY['pending', 'completed', 'failed'])[1 + i % 3], now(), now()"
            " FROM generate_series(0, 11) AS i"
        )
    upgrade_database(scratch_url)
    with psycopg.connect(scratch_url) as conn:
        states = conn.execute(
            "SELECT family, status, count(*) FROM task_states GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
        counted = conn.execute(
            "SELECT family, status, tasks FROM task_counts ORDER BY 1, 2"
        ).fetchall()
    assert sum(n for _, _, n in states) == 12
    assert counted == states
    downgrade_database(scratch_url, "0007_task_leases")
    with psycopg.connect(scratch_url) as conn:
        back = conn.execute(
            "SELECT family, status, count(*) FROM tasks GROUP BY 1, 2 ORDER BY 1, 2"
        ).fetchall()
    assert back == states


def test_build_counts_migrate_existing_builds(scratch_url: str) -> None:
    """0013 counts the build tasks and runs already there; a TRUNCATE clears what it
    counted; downgrading drops the counts and their triggers."""
    upgrade_database(scratch_url, "0012_run_logs_partitioned")
    builds = ["00000000-0000-0000-0000-00000000000a", "00000000-0000-0000-0000-00000000000b"]
    truth = (
        "SELECT build_id::text, key, n FROM ("
        " SELECT build_id, state AS key, count(*) AS n FROM build_tasks GROUP BY 1, 2"
        " UNION ALL SELECT build_id, 'runs', count(*) FROM runs"
        " WHERE build_id IS NOT NULL GROUP BY 1) AS t ORDER BY 1, 2"
    )
    counted = "SELECT build_id::text, key, n FROM build_counts ORDER BY 1, 2"
    with psycopg.connect(scratch_url) as conn:
        conn.execute(
            "INSERT INTO builds (build_id, started_at) SELECT unnest(%s::uuid[]), now()", [builds]
        )
        conn.execute(
            "INSERT INTO build_tasks (build_id, task_id, state, updated_at)"
            " SELECT (%s::uuid[])[1 + i %% 2], gen_random_uuid(),"
            " (ARRAY['pending', 'completed', 'failed'])[1 + i %% 3], now()"
            " FROM generate_series(0, 11) AS i",
            [builds],
        )
        conn.execute(
            "INSERT INTO runs (run_id, task_id, build_id, status, started_at)"
            " SELECT gen_random_uuid(), gen_random_uuid(),"
            " CASE WHEN i < 5 THEN (%s::uuid[])[1 + i %% 2] END, 'completed', now()"
            " FROM generate_series(0, 6) AS i",
            [builds],
        )
        before = conn.execute(truth).fetchall()
    upgrade_database(scratch_url)
    with psycopg.connect(scratch_url) as conn:
        assert conn.execute(counted).fetchall() == before
        assert sum(n for _, key, n in before if key == "runs") == 5
        conn.execute("TRUNCATE build_tasks")
        assert conn.execute(counted).fetchall() == [row for row in before if row[1] == "runs"]
        conn.execute("TRUNCATE run_logs, runs")
        assert conn.execute(counted).fetchall() == []
    downgrade_database(scratch_url, "0012_run_logs_partitioned")
    assert not {"build_counts", "build_count_deltas"} & table_names(scratch_url)
    with psycopg.connect(scratch_url) as conn:
        functions = conn.execute(
            "SELECT count(*) FROM pg_proc WHERE proname LIKE 'stardag_build_%'"
        ).fetchone()
    assert functions == (0,)  # and so no trigger calls one
    upgrade_database(scratch_url)
    assert database_revision(scratch_url) == head_revision()
