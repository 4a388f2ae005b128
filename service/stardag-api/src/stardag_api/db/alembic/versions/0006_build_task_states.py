"""Per-build task states, upstream_failed tasks, builds failed by the sweep

A build records the state of every task of its graph (``build_tasks``): what it ran
(running/completed/failed), what it found complete (``skipped``), what it did not
run because an upstream task failed (``upstream_failed``, naming that task) and what
it never reached (``cancelled``). A task the latest build left unrun because of a
failed upstream task is ``upstream_failed`` instead of ``pending`` forever.
``builds.failed_by_sweep`` lets a late real finish overwrite a build the stale sweep
failed, as for runs.

Revision ID: 0006_build_task_states
Revises: 0005_api_keys
Create Date: 2026-12-02 06:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006_build_task_states"
down_revision: str | None = "0005_api_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_TASK_STATUSES = "'pending', 'running', 'completed', 'failed'"
NEW_TASK_STATUSES = "'pending', 'running', 'completed', 'failed', 'upstream_failed'"
BUILD_TASK_STATES = (
    "'pending', 'running', 'completed', 'failed', 'upstream_failed', 'skipped', 'cancelled'"
)


def upgrade() -> None:
    op.drop_constraint(op.f("ck_tasks_status"), "tasks", type_="check")
    op.create_check_constraint(op.f("ck_tasks_status"), "tasks", f"status IN ({NEW_TASK_STATUSES})")
    op.add_column(
        "builds",
        sa.Column("failed_by_sweep", sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )
    op.create_index(
        "ix_builds_running",
        "builds",
        ["started_at"],
        postgresql_where=sa.text("status = 'running'"),
    )
    op.create_table(
        "build_tasks",
        sa.Column("build_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("task_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.Column("cause_task_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("run_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"state IN ({BUILD_TASK_STATES})", name=op.f("ck_build_tasks_state")),
        sa.PrimaryKeyConstraint("build_id", "task_id", name=op.f("pk_build_tasks")),
    )
    op.create_index("ix_build_tasks_task", "build_tasks", ["task_id", "updated_at"])


def downgrade() -> None:
    op.drop_index("ix_build_tasks_task", table_name="build_tasks")
    op.drop_table("build_tasks")
    op.drop_index("ix_builds_running", table_name="builds")
    op.drop_column("builds", "failed_by_sweep")
    op.execute("UPDATE tasks SET status = 'pending' WHERE status = 'upstream_failed'")
    op.drop_constraint(op.f("ck_tasks_status"), "tasks", type_="check")
    op.create_check_constraint(op.f("ck_tasks_status"), "tasks", f"status IN ({OLD_TASK_STATUSES})")
