"""build counts: a build's tasks per state and its runs, kept by the database (issue 14)

``GET /api/v1/builds`` (the home page) counted every ``build_tasks`` row of the listed
builds per state and every run of them, so it cost more the larger the builds. Now
statement-level triggers on ``build_tasks`` and ``runs`` turn each write into a few
aggregated delta rows (``build_count_deltas``, append-only, so concurrent batches of
one build never wait on a shared counter row), and the periodic rollup folds them into
``build_counts``, keyed by build and by a build task state, or ``runs`` for the runs
recorded in the build. A read sums both for the builds it shows: exact at any moment.

Deleting a build deletes its build tasks and forgets its counts (its runs stay, without
a build: the foreign key's SET NULL, which counts nowhere). A partial index
on failed runs by build lets the list show a build's first failed tasks without reading
the others.

Revision ID: 0013_build_counts
Revises: 0012_run_logs_partitioned
Create Date: 2026-12-02 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_build_counts"
down_revision: str | None = "0012_run_logs_partitioned"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As 0009: rows leaving a state count -1, rows entering one +1; an UPDATE that keeps the
# state (a newer run of the same outcome, a later timestamp) nets to zero and writes nothing.
_TASK_DELTA_FUNCTION = """
CREATE FUNCTION stardag_build_task_count_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO build_count_deltas (build_id, key, n)
        SELECT build_id, state, count(*) FROM new_rows GROUP BY build_id, state;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO build_count_deltas (build_id, key, n)
        SELECT build_id, state, -count(*) FROM old_rows GROUP BY build_id, state;
    ELSE
        INSERT INTO build_count_deltas (build_id, key, n)
        SELECT build_id, state, sum(n) FROM (
            SELECT build_id, state, -1 AS n FROM old_rows
            UNION ALL
            SELECT build_id, state, 1 AS n FROM new_rows
        ) AS moved
        GROUP BY build_id, state
        HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END
$$
"""

# Runs count on insert and delete only: their updates (finish, heartbeat, log seq) are the
# hot path and never change the build. The rare change of build (the SET NULL of a
# deleted build, a hand edit) is a row trigger whose WHEN keeps it off that path.
_RUN_DELTA_FUNCTION = """
CREATE FUNCTION stardag_build_run_count_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO build_count_deltas (build_id, key, n)
        SELECT build_id, 'runs', count(*) FROM new_rows
        WHERE build_id IS NOT NULL GROUP BY build_id;
    ELSE
        INSERT INTO build_count_deltas (build_id, key, n)
        SELECT build_id, 'runs', -count(*) FROM old_rows
        WHERE build_id IS NOT NULL GROUP BY build_id;
    END IF;
    RETURN NULL;
END
$$
"""

# A run leaving a deleted build (the foreign key's SET NULL) counts nowhere: that build's
# counts are already forgotten, and the SET NULL fires after the build's delete trigger.
_RUN_MOVED_FUNCTION = """
CREATE FUNCTION stardag_build_run_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO build_count_deltas (build_id, key, n)
    SELECT moved.build_id, 'runs', moved.n
    FROM (VALUES (OLD.build_id, -1), (NEW.build_id, 1)) AS moved(build_id, n)
    WHERE EXISTS (SELECT 1 FROM builds b WHERE b.build_id = moved.build_id);
    RETURN NULL;
END
$$
"""

# Build tasks go first: their delete trigger appends deltas, which are then dropped too.
_FORGET_FUNCTION = """
CREATE FUNCTION stardag_build_counts_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM build_tasks WHERE build_id IN (SELECT build_id FROM old_rows);
    DELETE FROM build_counts WHERE build_id IN (SELECT build_id FROM old_rows);
    DELETE FROM build_count_deltas WHERE build_id IN (SELECT build_id FROM old_rows);
    RETURN NULL;
END
$$
"""

# A TRUNCATE clears what counted the truncated table (builds: every count, they are gone).
_CLEAR_FUNCTION = """
CREATE FUNCTION stardag_build_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'build_tasks' THEN
        DELETE FROM build_count_deltas WHERE key <> 'runs';
        DELETE FROM build_counts WHERE key <> 'runs';
    ELSIF TG_TABLE_NAME = 'runs' THEN
        DELETE FROM build_count_deltas WHERE key = 'runs';
        DELETE FROM build_counts WHERE key = 'runs';
    ELSE
        DELETE FROM build_count_deltas;
        DELETE FROM build_counts;
    END IF;
    RETURN NULL;
END
$$
"""

_TRIGGERS = (
    "CREATE TRIGGER build_tasks_counted_insert AFTER INSERT ON build_tasks "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_build_task_count_deltas()",
    "CREATE TRIGGER build_tasks_counted_update AFTER UPDATE ON build_tasks "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_build_task_count_deltas()",
    "CREATE TRIGGER build_tasks_counted_delete AFTER DELETE ON build_tasks "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_build_task_count_deltas()",
    "CREATE TRIGGER build_tasks_counted_truncate AFTER TRUNCATE ON build_tasks "
    "FOR EACH STATEMENT EXECUTE FUNCTION stardag_build_counts_clear()",
    "CREATE TRIGGER runs_counted_insert AFTER INSERT ON runs "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_build_run_count_deltas()",
    "CREATE TRIGGER runs_counted_delete AFTER DELETE ON runs "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_build_run_count_deltas()",
    "CREATE TRIGGER runs_counted_move AFTER UPDATE OF build_id ON runs FOR EACH ROW "
    "WHEN (OLD.build_id IS DISTINCT FROM NEW.build_id) "
    "EXECUTE FUNCTION stardag_build_run_moved()",
    "CREATE TRIGGER runs_counted_truncate AFTER TRUNCATE ON runs "
    "FOR EACH STATEMENT EXECUTE FUNCTION stardag_build_counts_clear()",
    "CREATE TRIGGER builds_counted_delete AFTER DELETE ON builds "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_build_counts_forget()",
    "CREATE TRIGGER builds_counted_truncate AFTER TRUNCATE ON builds "
    "FOR EACH STATEMENT EXECUTE FUNCTION stardag_build_counts_clear()",
)

# The triggers above, named <table>_counted_<event>.
_TRIGGERED = {
    "build_tasks": ("insert", "update", "delete", "truncate"),
    "runs": ("insert", "delete", "move", "truncate"),
    "builds": ("delete", "truncate"),
}

_FUNCTIONS = {
    "stardag_build_task_count_deltas": _TASK_DELTA_FUNCTION,
    "stardag_build_run_count_deltas": _RUN_DELTA_FUNCTION,
    "stardag_build_run_moved": _RUN_MOVED_FUNCTION,
    "stardag_build_counts_forget": _FORGET_FUNCTION,
    "stardag_build_counts_clear": _CLEAR_FUNCTION,
}


def upgrade() -> None:
    op.create_table(
        "build_counts",
        sa.Column("build_id", sa.UUID(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("build_id", "key", name=op.f("pk_build_counts")),
    )
    op.create_table(
        "build_count_deltas",
        sa.Column("delta_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("build_id", sa.UUID(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("delta_id", name=op.f("pk_build_count_deltas")),
    )
    # Reads look up the deltas of a few builds: without the index they scan the table,
    # dead rows of folded deltas included, which grows where autovacuum is off.
    op.create_index("ix_build_count_deltas_build", "build_count_deltas", ["build_id"])
    op.create_index(
        "ix_runs_build_failed",
        "runs",
        ["build_id", "finished_at", "run_id"],
        postgresql_where=sa.text("status = 'failed'"),
    )
    for sql in _FUNCTIONS.values():
        op.execute(sql)
    # Both tables are locked until commit: nothing changes between the count and the triggers.
    op.execute("LOCK TABLE build_tasks, runs IN SHARE MODE")
    op.execute(
        "INSERT INTO build_counts (build_id, key, n) "
        "SELECT build_id, state, count(*) FROM build_tasks GROUP BY build_id, state "
        "UNION ALL "
        "SELECT build_id, 'runs', count(*) FROM runs WHERE build_id IS NOT NULL GROUP BY build_id"
    )
    for trigger in _TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    for table, events in _TRIGGERED.items():
        for event in events:
            op.execute(f"DROP TRIGGER {table}_counted_{event} ON {table}")
    for name in _FUNCTIONS:
        op.execute(f"DROP FUNCTION {name}()")
    op.drop_index("ix_runs_build_failed", table_name="runs")
    op.drop_table("build_count_deltas")
    op.drop_table("build_counts")
