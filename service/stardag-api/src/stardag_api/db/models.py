"""The registry's tables as typed SQLAlchemy 2 models.

The schema itself only changes through Alembic (``db/alembic/versions``); a test
compares these models with the migrations so the two cannot drift apart.
Indices are chosen for the queries in ``store/``: keyset pagination on
``task_states (updated_at, task_id)`` (optionally led by the filter columns), id-prefix ranges
on the primary key, case-insensitive family prefixes, JSONB containment for
``param.<name>=<value>`` and full-text search over parameter values.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR, UUID
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# ``upstream_failed``: the latest build left the task unrun because an upstream task failed.
TASK_STATUSES = ("pending", "running", "completed", "failed", "upstream_failed")
RUN_STATUSES = ("running", "completed", "failed")
# What one build did with one task of its graph (see ``BuildTask``).
BUILD_TASK_STATES = (
    "pending",
    "running",
    "completed",
    "failed",
    "upstream_failed",
    "skipped",
    "cancelled",
)

# Only parameter *values* are searchable; keys would make every task match its own field names.
SEARCH_VECTOR_SQL = (
    "jsonb_to_tsvector('simple'::regconfig, parameters, "
    '\'["string", "numeric", "boolean"]\'::jsonb)'
)


def _in(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# New GIN entries wait in a pending list that every search scans in full; PostgreSQL's
# default 4 MB of it costs ~20 ms per search while tasks are being registered. 512 kB
# bounds that to a few ms; the list is merged into the index 8x as often (migration 0010).
GIN_PENDING_LIST_KB = 512


class Task(Base):
    """One task, identified by its content hash: what was registered, written once.

    Runs never rewrite this row (its GIN indices and the stored search vector are
    costly to update); the state runs change lives in ``TaskState``.
    """

    __tablename__ = "tasks"

    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    namespace: Mapped[str] = mapped_column(Text, server_default="")
    family: Mapped[str] = mapped_column(Text)
    version: Mapped[str | None] = mapped_column(Text)
    parameters: Mapped[dict[str, object]] = mapped_column(JSONB, server_default=text("'{}'"))
    task_data: Mapped[dict[str, object]] = mapped_column(JSONB, server_default=text("'{}'"))
    output_uri: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(Text)
    commit_hash: Mapped[str | None] = mapped_column(Text)
    search_vector: Mapped[str] = mapped_column(
        TSVECTOR, Computed(SEARCH_VECTOR_SQL, persisted=True), deferred=True
    )

    __table_args__ = (
        Index("ix_tasks_created", "created_at", "task_id"),
        Index(
            "ix_tasks_family_lower_pattern",
            func.lower(text("family")).label("family_lower"),
            postgresql_ops={"family_lower": "text_pattern_ops"},
        ),
        Index(
            "ix_tasks_parameters",
            "parameters",
            postgresql_using="gin",
            postgresql_ops={"parameters": "jsonb_path_ops"},
            postgresql_with={"gin_pending_list_limit": GIN_PENDING_LIST_KB},
        ),
        Index(
            "ix_tasks_search_vector",
            "search_vector",
            postgresql_using="gin",
            postgresql_with={"gin_pending_list_limit": GIN_PENDING_LIST_KB},
        ),
    )


# Below 100 so the new version of an updated row usually fits on the same heap page.
TASK_STATES_FILLFACTOR = 80


class TaskState(Base):
    """The changing half of a task (migration 0008): ``status`` follows its latest run.

    One narrow row per task, written at registration and by every run event. Only
    btrees index it, so a status change rewrites a few small index entries instead of
    the task's GIN and full-text entries. ``namespace`` and ``family`` are copies of
    the task's (never changed), so listing filters and the keyset order
    ``(family, status, updated_at, task_id)`` are index scans of this table alone.
    """

    __tablename__ = "task_states"

    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    namespace: Mapped[str] = mapped_column(Text, server_default="")
    family: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text, server_default="pending")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    # The run whose outcome the task's status mirrors (the most recently started one).
    latest_run_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))

    __table_args__ = (
        CheckConstraint(f"status IN ({_in(TASK_STATUSES)})", name="status"),
        Index("ix_task_states_updated", "updated_at", "task_id"),
        Index("ix_task_states_family_updated", "family", "updated_at", "task_id"),
        Index("ix_task_states_family_status_updated", "family", "status", "updated_at", "task_id"),
        Index("ix_task_states_status_updated", "status", "updated_at", "task_id"),
        Index("ix_task_states_namespace_updated", "namespace", "updated_at", "task_id"),
        {"postgresql_with": {"fillfactor": TASK_STATES_FILLFACTOR}},
    )


class TaskCount(Base):
    """How many tasks of a family have a status, as of the last rollup (migration 0009).

    Triggers on ``task_states`` append each statement's net change to
    ``TaskCountDelta``; ``store/task_counts.py`` folds those in periodically and reads
    the sum of both, which is exact at any moment.
    """

    __tablename__ = "task_counts"

    namespace: Mapped[str] = mapped_column(Text, primary_key=True)
    family: Mapped[str] = mapped_column(Text, primary_key=True)
    status: Mapped[str] = mapped_column(Text, primary_key=True)
    tasks: Mapped[int] = mapped_column(BigInteger)


class TaskCountDelta(Base):
    """A change to ``TaskCount`` not yet folded in: appended, never updated, so concurrent
    writers never queue on a shared counter row."""

    __tablename__ = "task_count_deltas"

    delta_id: Mapped[int] = mapped_column(BigInteger, Identity(always=False), primary_key=True)
    namespace: Mapped[str] = mapped_column(Text)
    family: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(Text)
    tasks: Mapped[int] = mapped_column(BigInteger)


class TaskEdge(Base):
    """A dependency: ``downstream_id`` requires ``upstream_id``.

    No foreign keys (migration 0002): every edge is written by ``register_tasks``,
    which checks that the upstream task exists in the same transaction, and its
    downstream task is the one being registered. The per-row key-share locks of FK
    checks cost about half of bulk registration time; tasks are never deleted.
    """

    __tablename__ = "task_edges"

    upstream_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    downstream_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)

    __table_args__ = (Index("ix_task_edges_downstream", "downstream_id", "upstream_id"),)


class Build(Base):
    """One ``sd.build`` call."""

    __tablename__ = "builds"

    build_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    # Not foreign keys: a build starts before its tasks are registered.
    root_task_ids: Mapped[list[uuid.UUID]] = mapped_column(
        ARRAY(UUID(as_uuid=True)), server_default=text("'{}'")
    )
    status: Mapped[str] = mapped_column(Text, server_default="running")
    user: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(Text)
    commit_hash: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the stale sweep failed it (its process died), so a late real finish may still win.
    failed_by_sweep: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))

    __table_args__ = (
        CheckConstraint(f"status IN ({_in(RUN_STATUSES)})", name="status"),
        Index("ix_builds_started", "started_at", "build_id"),
        Index("ix_builds_running", "started_at", postgresql_where=text("status = 'running'")),
    )


class BuildTask(Base):
    """The state of one task of a build's graph in that build.

    ``skipped``: found complete, not run; ``upstream_failed``: not run because
    ``cause_task_id`` (an upstream task) failed; ``cancelled``: never reached because
    the build stopped after a failure elsewhere. ``updated_at`` is the client's time of
    the state's event. No foreign keys: rows arrive in bulk with the build's events.
    """

    __tablename__ = "build_tasks"

    build_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    state: Mapped[str] = mapped_column(Text)
    cause_task_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    run_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(f"state IN ({_in(BUILD_TASK_STATES)})", name="state"),
        Index("ix_build_tasks_task", "task_id", "updated_at"),
    )


class BuildCount(Base):
    """How many tasks of a build are in a state, or (``key`` = ``runs``) how many runs the
    build recorded, as of the last rollup (migration 0013).

    Triggers on ``build_tasks`` and ``runs`` append each statement's net change to
    ``BuildCountDelta``; ``store/build_counts.py`` folds those in periodically and reads
    the sum of both, which is exact at any moment.
    """

    __tablename__ = "build_counts"

    build_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    key: Mapped[str] = mapped_column(Text, primary_key=True)
    n: Mapped[int] = mapped_column(BigInteger)


class BuildCountDelta(Base):
    """A change to ``BuildCount`` not yet folded in: appended, never updated, so concurrent
    batches of one build never queue on a shared counter row."""

    __tablename__ = "build_count_deltas"

    delta_id: Mapped[int] = mapped_column(BigInteger, Identity(always=False), primary_key=True)
    build_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    key: Mapped[str] = mapped_column(Text)
    n: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_build_count_deltas_build", "build_id"),)


class Run(Base):
    """One execution attempt of a task.

    ``task_id`` is not a foreign key (migration 0004): ``start_runs`` checks that the
    task exists in the same transaction, and tasks are never deleted. The FK check's
    per-run key-share lock on the task row cost about a tenth of run ingest.
    """

    __tablename__ = "runs"

    run_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True))
    build_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("builds.build_id", ondelete="SET NULL")
    )
    status: Mapped[str] = mapped_column(Text, server_default="running")
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    # Server time of the last sign of life (start or heartbeat); the stale-run sweep reads it.
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(Text)
    commit_hash: Mapped[str | None] = mapped_column(Text)
    error_message: Mapped[str | None] = mapped_column(Text)
    traceback: Mapped[str | None] = mapped_column(Text)
    # Set when the stale-run sweep failed it, so a late real finish may still overwrite it.
    failed_by_sweep: Mapped[bool] = mapped_column(Boolean, server_default=text("false"))
    # The seq the server gives the next log record sent without one (the run's row lock
    # orders concurrent appends); kept above every seq a client sent.
    next_log_seq: Mapped[int] = mapped_column(Integer, server_default=text("0"))

    __table_args__ = (
        CheckConstraint(f"status IN ({_in(RUN_STATUSES)})", name="status"),
        Index("ix_runs_task_started", "task_id", "started_at"),
        Index("ix_runs_build", "build_id"),
        Index(
            "ix_runs_running_liveness",
            func.coalesce(text("last_heartbeat_at"), text("started_at")).label("liveness"),
            postgresql_where=text("status = 'running'"),
        ),
        # Windows of time: the stats rollup's days, retention's cutoff.
        Index("ix_runs_started", "started_at"),
        # A build's failed runs, first first (the builds list shows the first few).
        Index(
            "ix_runs_build_failed",
            "build_id",
            "finished_at",
            "run_id",
            postgresql_where=text("status = 'failed'"),
        ),
        Index(
            "ix_runs_failed_started",
            "started_at",
            "task_id",
            postgresql_where=text("status = 'failed'"),
        ),
        Index(
            "ix_runs_duration",
            "duration_seconds",
            postgresql_where=text("duration_seconds IS NOT NULL"),
        ),
    )


class RunDayStats(Base):
    """Runs of one family started on one UTC day: counts, exact median, duration histogram.

    ``buckets``/``counts`` are a sparse histogram of completed runs' durations (see
    ``store/run_rollup.py``). Rebuilt by ``refresh_run_day_stats()`` (migration 0010) for
    the days ``run_stat_changes`` names; never written by the request path directly.
    """

    __tablename__ = "run_day_stats"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    namespace: Mapped[str] = mapped_column(Text, primary_key=True)
    family: Mapped[str] = mapped_column(Text, primary_key=True)
    runs: Mapped[int] = mapped_column(Integer)
    completed: Mapped[int] = mapped_column(Integer)
    failed: Mapped[int] = mapped_column(Integer)
    p50_seconds: Mapped[float | None] = mapped_column(Float)
    buckets: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger), server_default=text("'{}'"))
    counts: Mapped[list[int]] = mapped_column(ARRAY(Integer), server_default=text("'{}'"))


# Days whose runs changed since the last rollup refresh: appended by statement triggers on
# ``runs`` (migration 0010), consumed by ``refresh_run_day_stats()``. No key: writers only
# append, so they never wait on each other here.
run_stat_changes = Table("run_stat_changes", Base.metadata, Column("day", Date, nullable=False))


class RunLog(Base):
    """One log record of a run; ``seq`` orders records within the run.

    The client numbers a run's records (``seq`` from 0) and stamps each with its own
    clock, so a replayed record repeats ``(run_id, seq, timestamp)`` and the unique key
    makes replays idempotent; two identical lines are two records. The table is
    partitioned by month on ``timestamp`` (migration 0012): the partitions are created
    and dropped by store/log_partitions.py, not declared here. A run's ``seq`` stays
    unique across partitions because store/logs.py skips seqs the run already has.
    """

    __tablename__ = "run_logs"
    # The key is a unique index rather than a PRIMARY KEY constraint: pg_restore --clean
    # cannot drop a partition's inherited constraint (migration 0012).
    __table_args__ = (
        Index("ix_run_logs_record", "run_id", "seq", "timestamp", unique=True),
        {"postgresql_partition_by": 'RANGE ("timestamp")'},
    )
    __mapper_args__ = {"primary_key": ["run_id", "seq", "timestamp"]}

    run_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("runs.run_id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(Integer)
    timestamp: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    level_no: Mapped[int] = mapped_column(SmallInteger)
    logger: Mapped[str] = mapped_column(Text, server_default="")
    message: Mapped[str] = mapped_column(Text)
    stream: Mapped[str] = mapped_column(Text, server_default="log")


class LogRetention(Base):
    """One row: log records stamped before ``removed_before`` have been removed by the
    log retention (``stardag registry prune --logs-older-than``), so a run's missing
    records read "removed by retention" rather than "no logs"."""

    __tablename__ = "log_retention"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    removed_before: Mapped[datetime] = mapped_column(DateTime(timezone=True))


API_KEY_SCOPES = ("read", "write", "admin")


class ApiKey(Base):
    """An API key: the public ``key_id`` and a SHA-256 of the secret, never the secret.

    Secrets are 256 random bits, so a fast hash is enough (nothing to brute-force);
    see docs/security.md.
    """

    __tablename__ = "api_keys"

    key_id: Mapped[str] = mapped_column(Text, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    scopes: Mapped[list[str]] = mapped_column(ARRAY(Text))
    secret_sha256: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        CheckConstraint(
            f"scopes <@ ARRAY[{_in(API_KEY_SCOPES)}]::text[] AND cardinality(scopes) > 0",
            name="scopes",
        ),
    )


# issue 10: cross-builder task leases (migration 0007_task_leases; store/leases.py).
class TaskLease(Base):
    """Which builder may run a task now; free again once ``expires_at`` passed.

    ``task_id`` is not a foreign key: a builder may lease a task before its
    registration (sent in the background) arrived.
    """

    __tablename__ = "task_leases"

    task_id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True)
    holder: Mapped[str] = mapped_column(Text)
    build_id: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True))
    acquired_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
