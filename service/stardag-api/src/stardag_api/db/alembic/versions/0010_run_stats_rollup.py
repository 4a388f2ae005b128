"""run statistics rollup: per day and family, refreshed from marks the runs table leaves

``run_day_stats`` holds, per (UTC day a run started, namespace, family), the run
counts, the exact median duration of that day's completed runs and a histogram of
their durations (``store/run_rollup.py`` documents the buckets). Every statement
that writes ``runs`` appends the days it touched to ``run_stat_changes`` (a trigger
over the statement's transition tables, no join, no row locks shared between
writers); the rollup recomputes exactly those days. Existing runs are rolled up here.
Also the indices the reads at ten million tasks need: runs by start time (windows,
retention), failed runs by start, runs by duration, task states by namespace; and
shorter GIN pending lists (every search scans them).

Revision ID: 0010_run_stats_rollup
Revises: 0009_task_counts
Create Date: 2026-12-02 08:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010_run_stats_rollup"
down_revision: str | None = "0009_task_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The days a statement's rows started on. Statement-level, so a batch of 2,000 runs adds
# one or two rows. An UPDATE reads only the new rows: no write path changes a run's
# ``started_at``, and capturing the old rows too cost ~15% more per finished batch.
_MARK_FUNCTION = """
CREATE FUNCTION mark_run_stat_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO run_stat_changes (day)
        SELECT DISTINCT (started_at AT TIME ZONE 'UTC')::date FROM old_runs;
    ELSE
        INSERT INTO run_stat_changes (day)
        SELECT DISTINCT (started_at AT TIME ZONE 'UTC')::date FROM new_runs;
    END IF;
    RETURN NULL;
END
$$
"""

# Recompute the days marked since the last refresh: the marks it saw are deleted and
# those days' rows rebuilt from ``runs``, in one statement (one snapshot): a writer's
# marks and runs become visible together, so a mark it adds during the refresh is
# seen by the next one. Durations go in buckets 20% wide from 1 ms
# (``bucket = floor(ln(seconds / 0.001) / ln(1.2))``, 0..127); see store/run_rollup.py.
_REFRESH_FUNCTION = """
CREATE FUNCTION refresh_run_day_stats() RETURNS integer LANGUAGE sql AS $$
    WITH marks AS (DELETE FROM run_stat_changes RETURNING day),
    days AS (SELECT DISTINCT day FROM marks),
    picked AS MATERIALIZED (
        SELECT d.day, t.namespace, t.family, r.status, r.duration_seconds,
               least(127, greatest(0, floor(ln(greatest(r.duration_seconds, 0.001) / 0.001)
                                            / ln(1.2))))::smallint AS bucket
        FROM days d
        JOIN runs r ON r.started_at >= d.day::timestamp AT TIME ZONE 'UTC'
                   AND r.started_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
        JOIN tasks t ON t.task_id = r.task_id
    ),
    totals AS (
        SELECT day, namespace, family, count(*) AS runs,
               count(*) FILTER (WHERE status = 'completed') AS completed,
               count(*) FILTER (WHERE status = 'failed') AS failed,
               percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_seconds)
                   FILTER (WHERE status = 'completed') AS p50_seconds
        FROM picked GROUP BY day, namespace, family
    ),
    per_bucket AS (
        SELECT day, namespace, family, bucket, count(*) AS n FROM picked
        WHERE status = 'completed' AND duration_seconds IS NOT NULL
        GROUP BY day, namespace, family, bucket
    ),
    histograms AS (
        SELECT day, namespace, family, array_agg(bucket ORDER BY bucket) AS buckets,
               array_agg(n ORDER BY bucket)::integer[] AS counts
        FROM per_bucket GROUP BY day, namespace, family
    ),
    gone AS (
        DELETE FROM run_day_stats s USING days d
        WHERE s.day = d.day
          AND NOT EXISTS (SELECT 1 FROM totals t WHERE (t.day, t.namespace, t.family)
                                                    = (s.day, s.namespace, s.family))
    ),
    written AS (
        INSERT INTO run_day_stats AS s
            (day, namespace, family, runs, completed, failed, p50_seconds, buckets, counts)
        SELECT t.day, t.namespace, t.family, t.runs, t.completed, t.failed, t.p50_seconds,
               coalesce(h.buckets, '{}'), coalesce(h.counts, '{}')
        FROM totals t LEFT JOIN histograms h USING (day, namespace, family)
        ON CONFLICT (day, namespace, family) DO UPDATE
        SET runs = excluded.runs, completed = excluded.completed, failed = excluded.failed,
            p50_seconds = excluded.p50_seconds, buckets = excluded.buckets,
            counts = excluded.counts
    )
    SELECT count(*)::integer FROM days
$$
"""

_TRIGGERS = {
    "runs_mark_stats_insert": "AFTER INSERT ON runs REFERENCING NEW TABLE AS new_runs",
    "runs_mark_stats_update": "AFTER UPDATE ON runs REFERENCING NEW TABLE AS new_runs",
    "runs_mark_stats_delete": "AFTER DELETE ON runs REFERENCING OLD TABLE AS old_runs",
}


def upgrade() -> None:
    op.create_table(
        "run_day_stats",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("namespace", sa.Text(), nullable=False),
        sa.Column("family", sa.Text(), nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.Column("completed", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("p50_seconds", sa.Float(), nullable=True),
        sa.Column(
            "buckets",
            postgresql.ARRAY(sa.SmallInteger()),
            server_default=sa.text("'{}'"),
            nullable=False,
        ),
        sa.Column(
            "counts", postgresql.ARRAY(sa.Integer()), server_default=sa.text("'{}'"), nullable=False
        ),
        sa.PrimaryKeyConstraint("day", "namespace", "family", name=op.f("pk_run_day_stats")),
    )
    op.create_table("run_stat_changes", sa.Column("day", sa.Date(), nullable=False))
    op.execute(_MARK_FUNCTION)
    for name, clause in _TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} {clause} FOR EACH STATEMENT "
            "EXECUTE FUNCTION mark_run_stat_days()"
        )
    op.execute(_REFRESH_FUNCTION)
    op.create_index("ix_runs_started", "runs", ["started_at"])
    # For the most-failing tasks of a window (store/run_stats.py), read from the index alone.
    op.create_index(
        "ix_runs_failed_started",
        "runs",
        ["started_at", "task_id"],
        postgresql_where=sa.text("status = 'failed'"),
    )
    # For the slowest tasks: the longest finished runs first.
    op.create_index(
        "ix_runs_duration",
        "runs",
        ["duration_seconds"],
        postgresql_where=sa.text("duration_seconds IS NOT NULL"),
    )
    # The task list filtered by namespace, newest first (the namespace-led index of
    # ``tasks`` went away with 0008; without it the filter walks every newer task).
    op.create_index(
        "ix_task_states_namespace_updated", "task_states", ["namespace", "updated_at", "task_id"]
    )
    # Every search scans the GIN pending list: keep it short (see db/models.py).
    for index in ("ix_tasks_parameters", "ix_tasks_search_vector"):
        op.execute(f"ALTER INDEX {index} SET (gin_pending_list_limit = 512)")
    # Roll up what exists, once, here, so no request pays for a whole history.
    op.execute(
        "INSERT INTO run_stat_changes (day) "
        "SELECT DISTINCT (started_at AT TIME ZONE 'UTC')::date FROM runs"
    )
    op.execute("SELECT refresh_run_day_stats()")


def downgrade() -> None:
    for name in _TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON runs")
    op.execute("DROP FUNCTION mark_run_stat_days()")
    op.execute("DROP FUNCTION refresh_run_day_stats()")
    for index in ("ix_tasks_parameters", "ix_tasks_search_vector"):
        op.execute(f"ALTER INDEX {index} RESET (gin_pending_list_limit)")
    op.drop_index("ix_task_states_namespace_updated", table_name="task_states")
    op.drop_index("ix_runs_duration", table_name="runs")
    op.drop_index("ix_runs_failed_started", table_name="runs")
    op.drop_index("ix_runs_started", table_name="runs")
    op.drop_table("run_stat_changes")
    op.drop_table("run_day_stats")
