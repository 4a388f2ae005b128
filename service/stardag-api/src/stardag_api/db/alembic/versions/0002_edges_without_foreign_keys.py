"""task_edges without foreign keys

Edges are only written by the registration path, which checks the upstream task
exists in the same transaction (and the downstream is the task being registered).
The foreign-key checks took a key-share row lock on two task rows per edge, which
dominated bulk registration and created multixacts under concurrent writers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 09:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint(op.f("fk_task_edges_upstream_id_tasks"), "task_edges", type_="foreignkey")
    op.drop_constraint(op.f("fk_task_edges_downstream_id_tasks"), "task_edges", type_="foreignkey")


def downgrade() -> None:
    # Edges whose tasks vanished cannot get their constraint back; drop them first.
    op.execute(
        sa.text(
            "DELETE FROM task_edges e WHERE NOT EXISTS "
            "(SELECT 1 FROM tasks t WHERE t.task_id = e.upstream_id) "
            "OR NOT EXISTS (SELECT 1 FROM tasks t WHERE t.task_id = e.downstream_id)"
        )
    )
    op.create_foreign_key(
        op.f("fk_task_edges_upstream_id_tasks"),
        "task_edges",
        "tasks",
        ["upstream_id"],
        ["task_id"],
        ondelete="CASCADE",
    )
    op.create_foreign_key(
        op.f("fk_task_edges_downstream_id_tasks"),
        "task_edges",
        "tasks",
        ["downstream_id"],
        ["task_id"],
        ondelete="CASCADE",
    )
