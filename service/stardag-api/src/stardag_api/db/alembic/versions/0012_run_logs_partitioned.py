"""run_logs partitioned by month on the record's timestamp; a log retention watermark

``run_logs`` becomes a declaratively partitioned table (``PARTITION BY RANGE
("timestamp")``), one partition per UTC month named ``run_logs_yYYYYmMM`` plus
``run_logs_default`` for records far from the present. A separate log retention then
drops whole months instead of deleting rows (store/log_partitions.py). The timestamp
is the client's, identical on replay, so it joins the key (the unique index
``ix_run_logs_record (run_id, seq, "timestamp")``: partitioning requires the partition
column in it) and replays still conflict.

``log_retention`` holds one row: the time before which log records have been removed,
so a run whose logs are gone reads "removed by retention", not "no logs".

Existing records are copied month by month into partitions created for the months
that hold them (within ten years of now; the rest go to the default partition).

Revision ID: 0012_run_logs_partitioned
Revises: 0010_run_stats_rollup
Create Date: 2026-12-02 09:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_run_logs_partitioned"
down_revision: str | None = "0010_run_stats_rollup"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = 'run_id, seq, "timestamp", level_no, logger, message, stream'

# The key is a unique index, not a PRIMARY KEY constraint: each partition's copy of a
# constraint is "inherited", and ``pg_restore --clean`` (``stardag server restore``)
# fails trying to drop it; a partition's copy of an index it leaves alone.
_KEY = "ix_run_logs_record"

_CREATE_PARTITIONED = """
CREATE TABLE run_logs (
    run_id uuid NOT NULL,
    seq integer NOT NULL,
    "timestamp" timestamptz NOT NULL,
    level_no smallint NOT NULL,
    logger text NOT NULL DEFAULT '',
    message text NOT NULL,
    stream text NOT NULL DEFAULT 'log',
    CONSTRAINT fk_run_logs_run_id_runs FOREIGN KEY (run_id)
        REFERENCES runs (run_id) ON DELETE CASCADE
) PARTITION BY RANGE ("timestamp")
"""

# The months (UTC) that hold records, within ten years of now, and the current and next
# month: each gets its partition (the same names and bounds store/log_partitions.py uses).
_MONTHS = """
SELECT DISTINCT month FROM (
    SELECT date_trunc('month', "timestamp" AT TIME ZONE 'UTC') AS month
    FROM run_logs_unpartitioned
    UNION ALL SELECT date_trunc('month', now() AT TIME ZONE 'UTC')
    UNION ALL SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month'
) AS m
WHERE month >= date_trunc('month', now() AT TIME ZONE 'UTC') - interval '10 years'
  AND month <= date_trunc('month', now() AT TIME ZONE 'UTC') + interval '1 month'
ORDER BY month
"""


def upgrade() -> None:
    op.execute("ALTER TABLE run_logs RENAME TO run_logs_unpartitioned")
    op.execute(
        "ALTER TABLE run_logs_unpartitioned RENAME CONSTRAINT pk_run_logs "
        "TO pk_run_logs_unpartitioned"
    )
    op.execute(_CREATE_PARTITIONED)
    op.execute(f'CREATE UNIQUE INDEX {_KEY} ON run_logs (run_id, seq, "timestamp")')
    op.execute("CREATE TABLE run_logs_default PARTITION OF run_logs DEFAULT")
    connection = op.get_bind()
    for (month,) in connection.execute(sa.text(_MONTHS)):
        name = f"run_logs_y{month.year:04d}m{month.month:02d}"
        upper = (
            month.replace(year=month.year + 1, month=1)
            if month.month == 12
            else month.replace(month=month.month + 1)
        )
        op.execute(
            f"CREATE TABLE {name} PARTITION OF run_logs FOR VALUES "
            f"FROM ('{month:%Y-%m-%d} 00:00+00') TO ('{upper:%Y-%m-%d} 00:00+00')"
        )
        # One month per statement: each copy reads the old table once more, but no
        # statement holds more than a month of rows in flight.
        op.execute(
            f"INSERT INTO {name} ({_COLUMNS}) SELECT {_COLUMNS} FROM run_logs_unpartitioned "
            f"WHERE \"timestamp\" >= '{month:%Y-%m-%d} 00:00+00' "
            f"AND \"timestamp\" < '{upper:%Y-%m-%d} 00:00+00'"
        )
    op.execute(
        f"INSERT INTO run_logs ({_COLUMNS}) SELECT {_COLUMNS} FROM run_logs_unpartitioned u "
        "WHERE NOT EXISTS (SELECT 1 FROM run_logs l WHERE l.run_id = u.run_id "
        'AND l.seq = u.seq AND l."timestamp" = u."timestamp")'
    )
    op.execute("DROP TABLE run_logs_unpartitioned")
    op.create_table(
        "log_retention",
        sa.Column("id", sa.SmallInteger(), nullable=False),
        sa.Column("removed_before", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_log_retention_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_retention")),
    )
    op.execute("ANALYZE run_logs")


def downgrade() -> None:
    op.drop_table("log_retention")
    op.execute("ALTER TABLE run_logs RENAME TO run_logs_partitioned")
    op.execute(
        "ALTER TABLE run_logs_partitioned RENAME CONSTRAINT fk_run_logs_run_id_runs "
        "TO fk_run_logs_partitioned_run_id_runs"
    )
    op.create_table(
        "run_logs",
        sa.Column("run_id", sa.UUID(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("level_no", sa.SmallInteger(), nullable=False),
        sa.Column("logger", sa.Text(), server_default="", nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("stream", sa.Text(), server_default="log", nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"], ["runs.run_id"], name=op.f("fk_run_logs_run_id_runs"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "seq", name=op.f("pk_run_logs")),
    )
    # (run_id, seq) is the key again: should a run hold one seq at two timestamps (the
    # insert path prevents it), the earliest record is kept.
    op.execute(
        f"INSERT INTO run_logs ({_COLUMNS}) "
        f"SELECT DISTINCT ON (run_id, seq) {_COLUMNS} FROM run_logs_partitioned "
        'ORDER BY run_id, seq, "timestamp"'
    )
    op.execute("DROP TABLE run_logs_partitioned")  # with its partitions
