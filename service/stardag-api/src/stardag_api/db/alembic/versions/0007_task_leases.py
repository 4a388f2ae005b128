"""task leases: which builder may run a task now (issue 10)

Revision ID: 0007_task_leases
Revises: 0006_build_task_states
Create Date: 2026-12-02 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007_task_leases"
down_revision: str | None = "0006_build_task_states"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "task_leases",
        sa.Column("task_id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("holder", sa.Text(), nullable=False),
        sa.Column("build_id", postgresql.UUID(as_uuid=True), nullable=True),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_task_leases")),
    )


def downgrade() -> None:
    op.drop_table("task_leases")
