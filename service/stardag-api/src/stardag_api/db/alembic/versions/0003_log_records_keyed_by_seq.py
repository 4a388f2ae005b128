"""log records keyed by (run_id, seq) only

The SDK numbers each run's log records itself (``seq``, from 0) and the service
stores each (run, seq) once, so replays are idempotent without comparing content.
The unique index on (run, timestamp, stream, md5(message)) went: it dropped two
identical lines written within one clock tick. ``runs.log_count`` becomes
``next_log_seq``, the seq the server gives the next record sent without one.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("uq_run_logs_record", table_name="run_logs")
    op.alter_column("runs", "log_count", new_column_name="next_log_seq")
    # Until now the server numbered records 1..log_count; the next one comes after them.
    op.execute(sa.text("UPDATE runs SET next_log_seq = next_log_seq + 1 WHERE next_log_seq > 0"))


def downgrade() -> None:
    # The old unique index cannot hold identical lines of one tick: keep the first of each.
    op.execute(
        sa.text(
            "DELETE FROM run_logs a USING run_logs b "
            "WHERE a.run_id = b.run_id AND a.seq > b.seq AND a.timestamp = b.timestamp "
            "AND a.stream = b.stream AND md5(a.message) = md5(b.message)"
        )
    )
    op.execute(sa.text("UPDATE runs SET next_log_seq = greatest(next_log_seq - 1, 0)"))
    op.alter_column("runs", "next_log_seq", new_column_name="log_count")
    op.create_index(
        "uq_run_logs_record",
        "run_logs",
        ["run_id", "timestamp", "stream", sa.literal_column("md5(message)").label("message_md5")],
        unique=True,
    )
