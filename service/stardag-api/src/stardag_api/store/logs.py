"""Run log records: appended in batches (replays, recognised by seq, add nothing), read in order."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from stardag_api.core.errors import InvalidInput, TooLarge, UnknownReferences
from stardag_api.db.models import RunLog
from stardag_api.schemas.runs import (
    LEVEL_NAMES,
    LEVEL_NUMBERS,
    LogRecord,
    LogRecordPublic,
    LogRecordsPublic,
)
from stardag_api.store.log_partitions import PARTITION_CACHE, ensure_month_partitions
from stardag_api.store.rows import by_uuid, json_rows

# Lock the runs in key order (concurrent appends to one run queue up), then move each
# run's server-side counter past this batch: records sent without a seq are numbered
# from ``base``, after every seq the run has and every seq this batch carries.
_RESERVE_SEQS = text(
    """
    WITH locked AS (
        SELECT run_id, next_log_seq FROM runs WHERE run_id = ANY(CAST(:run_ids AS uuid[]))
        ORDER BY run_id FOR NO KEY UPDATE
    ),
    c AS (
        SELECT l.run_id, greatest(l.next_log_seq, c.top) AS base, c.n, l.next_log_seq AS before
        FROM locked AS l
        JOIN unnest(CAST(:run_ids AS uuid[]), CAST(:unnumbered AS bigint[]),
                    CAST(:tops AS bigint[]))
             AS c(run_id, n, top) ON c.run_id = l.run_id
    )
    UPDATE runs AS r SET next_log_seq = least(c.base + c.n, :seq_limit)
    FROM c
    WHERE r.run_id = c.run_id
    RETURNING r.run_id, c.base, c.before
    """
)

# run_logs is partitioned on "timestamp", so its key is (run_id, seq, "timestamp"): a
# replay (same record, same client timestamp) conflicts with it. A seq the run already
# has under another timestamp must be skipped too, and that needs a look into every
# partition; only records numbered below the run's counter before this batch
# (``fresh`` false: maybe replays) pay for it.
_INSERT_LOGS = text(
    """
    INSERT INTO run_logs (run_id, seq, "timestamp", level_no, logger, message, stream)
    SELECT r.run_id, r.seq, r.ts, r.level_no, r.logger, r.message, r.stream
    FROM json_to_recordset(CAST(:rows AS json))
         AS r(run_id uuid, seq int, ts timestamptz, level_no smallint, logger text,
              message text, stream text, fresh boolean)
    WHERE r.fresh
       OR NOT EXISTS (SELECT 1 FROM run_logs l WHERE l.run_id = r.run_id AND l.seq = r.seq)
    ON CONFLICT (run_id, seq, "timestamp") DO NOTHING
    """
)


# The log retention's cutoff, for a run that started before it (some of its records may
# be gone; a run started after it lost none).
_REMOVED_BEFORE = text(
    """
    SELECT lr.removed_before FROM log_retention lr JOIN runs r ON r.run_id = :run_id
    WHERE lr.id = 1 AND r.started_at < lr.removed_before
    """
)

# seq is a PostgreSQL int.
SEQ_LIMIT = 2**31 - 1


def append_logs(
    session: Session,
    batches: Sequence[tuple[uuid.UUID, Sequence[LogRecord]]],
    max_message_bytes: int,
    max_records: int,
) -> int:
    """Append records to their runs; return how many were new.

    A record carrying a ``seq`` its run already has is a replay and skipped (the SDK
    numbers every run's records from 0). Records without one are numbered after the
    run's last record, in order (older clients). NUL characters in messages become
    U+FFFD (PostgreSQL cannot store them). Raises ``UnknownReferences`` (422) for
    unknown runs, ``TooLarge`` (413) for a message over ``max_message_bytes`` or more than
    ``max_records`` records for one run in one request, and ``InvalidInput`` (422) when
    a run's numbering would run past PostgreSQL's int range.
    """
    unnumbered: dict[uuid.UUID, int] = {}
    tops: dict[uuid.UUID, int] = {}  # one past the highest seq given, per run
    for run_id, records in batches:
        if not records:
            continue
        if len(records) > max_records:
            raise TooLarge(
                f"{len(records)} log records for run {run_id} in one request; the limit "
                f"is {max_records}. Split them into smaller batches."
            )
        unnumbered.setdefault(run_id, 0)
        tops.setdefault(run_id, 0)
        for record in records:
            if len(record.message.encode("utf-8", "surrogatepass")) > max_message_bytes:
                raise TooLarge(
                    f"A log message of run {run_id} is over {max_message_bytes} bytes; "
                    "split it or shorten it."
                )
            if record.seq is None:
                unnumbered[run_id] += 1
            elif record.seq >= tops[run_id]:
                tops[run_id] = record.seq + 1
    if not unnumbered:
        return 0
    run_ids = sorted(unnumbered, key=by_uuid)
    reserved_rows = session.execute(
        _RESERVE_SEQS,
        {
            "run_ids": run_ids,
            "unnumbered": [unnumbered[r] for r in run_ids],
            "tops": [tops[r] for r in run_ids],
            "seq_limit": SEQ_LIMIT,
        },
    )
    next_seq: dict[uuid.UUID, int] = {}
    counter_before: dict[uuid.UUID, int] = {}
    for row in reserved_rows:
        next_seq[row.run_id], counter_before[row.run_id] = row.base, row.before
    for run_id, base in next_seq.items():
        if unnumbered[run_id] and base + unnumbered[run_id] - 1 > SEQ_LIMIT:
            raise InvalidInput(
                f"Run {run_id}'s log is numbered up to {SEQ_LIMIT}; records without a "
                "seq cannot be appended after that.",
                loc=["body", "records"],
            )
    if missing := set(run_ids) - set(next_seq):
        raise UnknownReferences("run", [str(run_id) for run_id in missing])
    rows: list[dict[str, object]] = []
    seen: set[tuple[uuid.UUID, int]] = set()
    for run_id, records in batches:
        for record in records:
            seq = record.seq
            if seq is None:
                seq = next_seq[run_id]
                next_seq[run_id] += 1
            if (run_id, seq) in seen:  # one seq twice in a request: the first one counts
                continue
            seen.add((run_id, seq))
            rows.append(
                {
                    "run_id": run_id,
                    "seq": seq,
                    "ts": record.timestamp,
                    "level_no": LEVEL_NUMBERS[record.level],
                    "logger": record.logger,
                    "message": _storable(record.message),
                    "stream": record.stream,
                    "fresh": seq >= counter_before[run_id],
                }
            )
    stamps = [record.timestamp for _, records in batches for record in records]
    if unmade_months := PARTITION_CACHE.missing(stamps, datetime.now(UTC)):
        ensure_month_partitions(session, unmade_months, commit=False)
    result = session.execute(_INSERT_LOGS, {"rows": json_rows(rows)})
    return int(result.rowcount)  # type: ignore[attr-defined]


def read_logs(
    session: Session,
    run_id: uuid.UUID,
    *,
    min_level: str | None,
    search: str | None,
    after_seq: int | None,
    limit: int,
) -> LogRecordsPublic:
    """A page of the run's records in ``seq`` order (``next_after_seq`` continues it)."""
    query = select(RunLog).where(RunLog.run_id == run_id)
    if min_level is not None:
        query = query.where(RunLog.level_no >= LEVEL_NUMBERS[min_level])
    if search:
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(RunLog.message.ilike(pattern, escape="\\"))
    if after_seq is not None:
        query = query.where(RunLog.seq > after_seq)
    rows = session.scalars(query.order_by(RunLog.seq).limit(limit + 1)).all()
    items = [
        LogRecordPublic(
            seq=row.seq,
            timestamp=row.timestamp,
            level=LEVEL_NAMES.get(row.level_no, "INFO"),
            logger=row.logger,
            message=row.message,
            stream=row.stream,
        )
        for row in rows[:limit]
    ]
    has_more = len(rows) > limit
    return LogRecordsPublic(
        items=items,
        next_after_seq=items[-1].seq if has_more else None,
        removed_before=session.scalar(_REMOVED_BEFORE, {"run_id": run_id}),
    )


def _storable(message: str) -> str:
    """``message`` without what PostgreSQL cannot store: NULs and unpaired surrogates."""
    cleaned = message.replace("\x00", "\ufffd")
    try:
        cleaned.encode("utf-8")
    except UnicodeEncodeError:
        cleaned = cleaned.encode("utf-8", "replace").decode("utf-8")
    return cleaned
