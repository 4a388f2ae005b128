"""runs.task_id without a foreign key

Runs are only written by ``start_runs``, which checks that every task exists in the
same transaction (an unknown task is a 422 naming it), and tasks are never deleted.
The foreign-key check took a key-share lock on the task row per inserted run: about
a tenth of ingesting run events, on rows the same transaction then updates anyway.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint(op.f("fk_runs_task_id_tasks"), "runs", type_="foreignkey")


def downgrade() -> None:
    # Runs whose task vanished cannot get their constraint back; drop them (and their logs).
    op.execute(
        sa.text(
            "DELETE FROM runs r WHERE NOT EXISTS "
            "(SELECT 1 FROM tasks t WHERE t.task_id = r.task_id)"
        )
    )
    op.create_foreign_key(
        op.f("fk_runs_task_id_tasks"),
        "runs",
        "tasks",
        ["task_id"],
        ["task_id"],
        ondelete="CASCADE",
    )
