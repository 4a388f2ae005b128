"""Monthly partitions of ``run_logs`` and the log retention that drops them.

``run_logs`` is partitioned by range on the record's ``timestamp`` (migration 0012):
one partition per UTC month, ``run_logs_yYYYYmMM``, and ``run_logs_default`` for
records far from the present (year 1, year 9999: the client's clock is believed). The
periodic work creates the current and next month ahead; an insert of records of a
recent month that has no partition yet creates it first (``ensure_month_partitions``).

The log retention (``STARDAG_LOG_RETENTION_DAYS``, ``stardag registry prune
--logs-older-than``) removes records stamped before a cutoff, of any run: months
entirely before it are DROPPED (instant, no dead rows to vacuum), the month that
straddles it and the default partition are trimmed by DELETE. ``log_retention`` keeps
the latest cutoff so a run whose records are gone says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

PARENT = "run_logs"
DEFAULT_PARTITION = "run_logs_default"
_MONTH_NAME = re.compile(r"^run_logs_y(\d{4})m(\d{2})$")

# Records of months this far back (or up to next month) get their own partition on
# demand; older or later ones land in the default partition (trimmed by DELETE).
RECENT_MONTHS_BACK = 12

# Serialises partition DDL between replicas and the CLI (the periodic locks' family).
LOG_PARTITION_LOCK = 0x5D_0A_6E_04

# A DROP needs an exclusive lock on run_logs for an instant; never queue readers and
# writers behind it for long: give up and try at the next round instead.
_DDL_LOCK_TIMEOUT = "5s"

_PARTITIONS = text(
    """
    SELECT c.relname AS name
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = :parent AND p.relnamespace = to_regnamespace(current_schema())
    """
)


def month_start(moment: datetime) -> datetime:
    """The first instant (UTC) of ``moment``'s UTC month."""
    moment = moment.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def add_months(month: datetime, count: int) -> datetime:
    index = month.year * 12 + month.month - 1 + count
    return datetime(index // 12, index % 12 + 1, 1, tzinfo=UTC)


def partition_name(month: datetime) -> str:
    return f"run_logs_y{month.year:04d}m{month.month:02d}"


def _partition_month(name: str) -> datetime | None:
    match = _MONTH_NAME.match(name)
    return datetime(int(match[1]), int(match[2]), 1, tzinfo=UTC) if match else None


def month_partitions(session: Session) -> dict[datetime, str]:
    """The monthly partitions that exist, by their month's first instant."""
    names = session.scalars(_PARTITIONS, {"parent": PARENT}).all()
    return {month: name for name in names if (month := _partition_month(name)) is not None}


def is_recent_month(month: datetime, now: datetime) -> bool:
    """True for months that get their own partition (the rest go to the default one)."""
    this_month = month_start(now)
    return add_months(this_month, -RECENT_MONTHS_BACK) <= month <= add_months(this_month, 1)


class PartitionCache:
    """The months this process knows have a partition (or never will: removed by the
    log retention), so an insert costs no catalog query. A month dropped by another
    process since only means its late records land in the default partition, which
    retention trims: never an error, never a loss."""

    def __init__(self) -> None:
        self.months: set[datetime] = set()

    def missing(self, timestamps: Sequence[datetime], now: datetime) -> set[datetime]:
        """The recent months among ``timestamps`` not known to have a partition."""
        if not timestamps:
            return set()
        # The ingest path's common case, in C: a batch within one known month.
        first, last = month_start(min(timestamps)), month_start(max(timestamps))
        if first == last and first in self.months:
            return set()
        months = {month_start(moment) for moment in timestamps}
        return {m for m in months - self.months if is_recent_month(m, now)}


PARTITION_CACHE = PartitionCache()


def ensure_month_partitions(
    session: Session, months: Iterable[datetime], *, commit: bool = True
) -> list[str]:
    """Create the partitions of ``months`` that do not exist yet (skipping months the
    log retention already removed), moving their records out of the default partition.
    Returns the names created. With ``commit=False`` the DDL joins the caller's
    transaction (an insert that needs the partition: a second connection would wait on
    the locks the caller holds), and this process learns the months only when it next
    creates partitions with ``commit``."""
    wanted = sorted(set(months))
    existing = month_partitions(session)
    PARTITION_CACHE.months.update(m for m in wanted if m in existing)
    if all(m in existing for m in wanted):
        return []
    session.execute(text(f"SET LOCAL lock_timeout = '{_DDL_LOCK_TIMEOUT}'"))
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOG_PARTITION_LOCK})
    existing = month_partitions(session)
    removed_before = removed_logs_before(session)
    created: list[str] = []
    for month in wanted:
        upper = add_months(month, 1)
        if month in existing:
            continue
        if removed_before is not None and upper <= removed_before:
            # Removed by retention: its late records stay in the default partition,
            # which the next prune trims. Settled for good, so never looked up again.
            PARTITION_CACHE.months.add(month)
            continue
        name = partition_name(month)
        bounds = {"lower": month, "upper": upper}
        # Created detached and attached after the default partition's records of the
        # month moved in: attaching a range the default partition still holds fails.
        session.execute(text(f"CREATE TABLE {name} (LIKE {PARENT} INCLUDING DEFAULTS)"))
        session.execute(
            text(
                f"""
                WITH moved AS (
                    DELETE FROM {DEFAULT_PARTITION}
                    WHERE "timestamp" >= :lower AND "timestamp" < :upper RETURNING *
                )
                INSERT INTO {name} SELECT * FROM moved
                """
            ),
            bounds,
        )
        session.execute(
            text(
                f"ALTER TABLE {PARENT} ATTACH PARTITION {name} FOR VALUES "
                f"FROM ('{month.isoformat()}') TO ('{upper.isoformat()}')"
            )
        )
        created.append(name)
    if commit:
        session.commit()
        PARTITION_CACHE.months.update(
            m for m in wanted if m in existing or partition_name(m) in created
        )
    return created


def ensure_partitions_ahead(session: Session, now: datetime | None = None) -> list[str]:
    """The periodic step: the current and the next month have their partitions."""
    this_month = month_start(now or datetime.now(UTC))
    return ensure_month_partitions(session, [this_month, add_months(this_month, 1)])


def removed_logs_before(session: Session) -> datetime | None:
    """Log records stamped before this time were removed by the log retention."""
    value = session.scalar(text("SELECT removed_before FROM log_retention WHERE id = 1"))
    return value if isinstance(value, datetime) else None


@dataclass(frozen=True)
class LogPruneResult:
    """What a log prune removed (or with ``dry_run`` would remove)."""

    records: int
    dropped_partitions: list[str] = field(default_factory=list)
    trimmed_partitions: list[str] = field(default_factory=list)
    dry_run: bool = False


def prune_logs(
    session: Session, cutoff: datetime, dry_run: bool = False, count_dropped: bool = True
) -> LogPruneResult:
    """Remove (or with ``dry_run`` only count) the log records, of any run, stamped
    before ``cutoff``: months entirely before it are dropped, the month straddling it
    and the default partition are trimmed by DELETE. Records the run retention keeps
    are not spared: this is the separate, explicit policy for logs. Counting a dropped
    month reads it once (~0.1 s per million records); ``count_dropped=False`` skips that
    and ``records`` counts only the trimmed ones."""
    cutoff = cutoff.astimezone(UTC)
    months = month_partitions(session)
    to_drop = sorted(m for m in months if add_months(m, 1) <= cutoff)
    to_trim = [months[m] for m in sorted(months) if m < cutoff < add_months(m, 1)]
    to_trim.append(DEFAULT_PARTITION)
    dropped_records = sum(
        int(session.scalar(text(f"SELECT count(*) FROM {months[m]}")) or 0)
        for m in to_drop
        if count_dropped or dry_run
    )
    older = 'WHERE "timestamp" < :cutoff'
    if dry_run:
        trimmed = sum(
            int(session.scalar(text(f"SELECT count(*) FROM {name} {older}"), {"cutoff": cutoff}))
            for name in to_trim
        )
        session.rollback()
        return LogPruneResult(
            dropped_records + trimmed, [months[m] for m in to_drop], to_trim, dry_run=True
        )
    session.execute(text(f"SET LOCAL lock_timeout = '{_DDL_LOCK_TIMEOUT}'"))
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": LOG_PARTITION_LOCK})
    # The watermark first, in the same transaction as the drops: a reader never sees
    # records missing without the marker that explains it.
    session.execute(
        text(
            "INSERT INTO log_retention (id, removed_before) VALUES (1, :cutoff) "
            "ON CONFLICT (id) DO UPDATE SET removed_before = "
            "greatest(log_retention.removed_before, EXCLUDED.removed_before)"
        ),
        {"cutoff": cutoff},
    )
    for month in to_drop:
        session.execute(text(f"DROP TABLE {months[month]}"))
        PARTITION_CACHE.months.discard(month)
    session.commit()
    trimmed = 0
    for name in to_trim:  # at most a month each: one statement, one transaction
        result = session.execute(text(f"DELETE FROM {name} {older}"), {"cutoff": cutoff})
        session.commit()
        trimmed += int(result.rowcount)  # type: ignore[attr-defined]
    return LogPruneResult(
        dropped_records + trimmed, [months[m] for m in to_drop], to_trim, dry_run=False
    )
