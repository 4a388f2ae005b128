"""task states: the run state of a task moves out of ``tasks`` into a narrow table (issue 14)

Every status change used to rewrite a ``tasks`` row, and with it every index of the
table: two GIN indices (parameters, the stored search vector) and five btrees (0 of
139k updates were HOT). Now ``tasks`` is written once, at registration (its search
vector computed then and never again), and what runs change — status, times, the
latest run — lives in ``task_states``, one narrow row per task indexed by btrees
only. ``namespace`` and ``family`` are copied in (they never change), so the list's
filters and keyset orders stay index scans of one table.

Revision ID: 0008_task_states
Revises: 0007_task_leases
Create Date: 2026-12-02 08:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_task_states"
down_revision: str | None = "0007_task_leases"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TASK_STATUSES = "'pending', 'running', 'completed', 'failed', 'upstream_failed'"
STATE_COLUMNS = "status, updated_at, started_at, finished_at, duration_seconds, latest_run_id"
# (name, columns) of the btrees that follow the state, on task_states now, on tasks before.
STATE_INDEXES = (
    ("updated", ["updated_at", "task_id"]),
    ("family_updated", ["family", "updated_at", "task_id"]),
    ("family_status_updated", ["family", "status", "updated_at", "task_id"]),
    ("status_updated", ["status", "updated_at", "task_id"]),
)


def upgrade() -> None:
    op.create_table(
        "task_states",
        sa.Column("task_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("namespace", sa.Text(), server_default="", nullable=False),
        sa.Column("family", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), server_default="pending", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("duration_seconds", sa.Float(), nullable=True),
        sa.Column("latest_run_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.CheckConstraint(f"status IN ({TASK_STATUSES})", name=op.f("ck_task_states_status")),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_task_states")),
        postgresql_with={"fillfactor": 80},
    )
    op.execute(
        f"""
        INSERT INTO task_states (task_id, namespace, family, {STATE_COLUMNS})
        SELECT task_id, namespace, family, {STATE_COLUMNS} FROM tasks ORDER BY task_id
        """
    )
    for name, columns in STATE_INDEXES:
        op.create_index(f"ix_task_states_{name}", "task_states", columns, unique=False)
    for name, _ in STATE_INDEXES:
        op.drop_index(f"ix_tasks_{name}", table_name="tasks")
    op.drop_index("ix_tasks_namespace_family_status", table_name="tasks")
    op.drop_constraint(op.f("ck_tasks_status"), "tasks", type_="check")
    for column in STATE_COLUMNS.split(", "):
        op.drop_column("tasks", column)


def downgrade() -> None:
    op.add_column("tasks", sa.Column("status", sa.Text(), server_default="pending"))
    op.add_column("tasks", sa.Column("updated_at", sa.DateTime(timezone=True)))
    op.add_column("tasks", sa.Column("started_at", sa.DateTime(timezone=True)))
    op.add_column("tasks", sa.Column("finished_at", sa.DateTime(timezone=True)))
    op.add_column("tasks", sa.Column("duration_seconds", sa.Float()))
    op.add_column("tasks", sa.Column("latest_run_id", postgresql.UUID(as_uuid=True)))
    assignments = ", ".join(f"{column} = s.{column}" for column in STATE_COLUMNS.split(", "))
    op.execute(
        f"UPDATE tasks AS t SET {assignments} FROM task_states AS s WHERE s.task_id = t.task_id"
    )
    # A task without a state row (none should exist) falls back to its registration.
    op.execute("UPDATE tasks SET updated_at = created_at WHERE updated_at IS NULL")
    op.execute("UPDATE tasks SET status = 'pending' WHERE status IS NULL")
    op.alter_column("tasks", "status", nullable=False)
    op.alter_column("tasks", "updated_at", nullable=False)
    op.create_check_constraint(op.f("ck_tasks_status"), "tasks", f"status IN ({TASK_STATUSES})")
    for name, columns in STATE_INDEXES:
        op.create_index(f"ix_tasks_{name}", "tasks", columns, unique=False)
    op.create_index(
        "ix_tasks_namespace_family_status", "tasks", ["namespace", "family", "status"], unique=False
    )
    op.drop_table("task_states")
