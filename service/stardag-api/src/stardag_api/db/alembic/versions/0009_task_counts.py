"""task counts: tasks per (namespace, family, status), kept by the database itself (issue 14)

``GET /api/v1/families`` counted every task (a full scan, 144 ms at 1M tasks). Now
statement-level triggers on ``task_states`` turn each INSERT/UPDATE/DELETE into a few
aggregated delta rows (``task_count_deltas``, append-only, so concurrent batches never
wait on a shared counter row), and a periodic rollup folds them into
``task_counts``. A read sums both, so it is exact at any moment and costs the number of
(namespace, family, status) keys plus the deltas not yet folded.

Revision ID: 0009_task_counts
Revises: 0008_task_states
Create Date: 2026-12-02 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_task_counts"
down_revision: str | None = "0008_task_states"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Rows leaving a status count -1, rows entering one +1; an UPDATE that keeps the status
# nets to zero and writes nothing. No join of old and new rows is needed.
_DELTA_FUNCTION = """
CREATE FUNCTION stardag_task_count_deltas() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO task_count_deltas (namespace, family, status, tasks)
        SELECT namespace, family, status, count(*) FROM new_rows
        GROUP BY namespace, family, status;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO task_count_deltas (namespace, family, status, tasks)
        SELECT namespace, family, status, -count(*) FROM old_rows
        GROUP BY namespace, family, status;
    ELSE
        INSERT INTO task_count_deltas (namespace, family, status, tasks)
        SELECT namespace, family, status, sum(n) FROM (
            SELECT namespace, family, status, -1 AS n FROM old_rows
            UNION ALL
            SELECT namespace, family, status, 1 AS n FROM new_rows
        ) AS moved
        GROUP BY namespace, family, status
        HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END
$$
"""

_CLEAR_FUNCTION = """
CREATE FUNCTION stardag_task_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM task_count_deltas;
    DELETE FROM task_counts;
    RETURN NULL;
END
$$
"""

_TRIGGERS = (
    "CREATE TRIGGER task_states_counted_insert AFTER INSERT ON task_states "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_task_count_deltas()",
    "CREATE TRIGGER task_states_counted_update AFTER UPDATE ON task_states "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_task_count_deltas()",
    "CREATE TRIGGER task_states_counted_delete AFTER DELETE ON task_states "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION stardag_task_count_deltas()",
    "CREATE TRIGGER task_states_counted_truncate AFTER TRUNCATE ON task_states "
    "FOR EACH STATEMENT EXECUTE FUNCTION stardag_task_counts_clear()",
)


def upgrade() -> None:
    op.create_table(
        "task_counts",
        sa.Column("namespace", sa.Text(), nullable=False),
        sa.Column("family", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("tasks", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("namespace", "family", "status", name=op.f("pk_task_counts")),
    )
    op.create_table(
        "task_count_deltas",
        sa.Column("delta_id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("namespace", sa.Text(), nullable=False),
        sa.Column("family", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("tasks", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("delta_id", name=op.f("pk_task_count_deltas")),
    )
    op.execute(_DELTA_FUNCTION)
    op.execute(_CLEAR_FUNCTION)
    # The table is locked until commit, so no state changes between the count and the triggers.
    op.execute("LOCK TABLE task_states IN SHARE MODE")
    op.execute(
        "INSERT INTO task_counts (namespace, family, status, tasks) "
        "SELECT namespace, family, status, count(*) FROM task_states "
        "GROUP BY namespace, family, status"
    )
    for trigger in _TRIGGERS:
        op.execute(trigger)


def downgrade() -> None:
    for name in ("insert", "update", "delete", "truncate"):
        op.execute(f"DROP TRIGGER task_states_counted_{name} ON task_states")
    op.execute("DROP FUNCTION stardag_task_count_deltas()")
    op.execute("DROP FUNCTION stardag_task_counts_clear()")
    op.drop_table("task_count_deltas")
    op.drop_table("task_counts")
