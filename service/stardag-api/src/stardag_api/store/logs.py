"""Run log records: appended in batches (replays do not duplicate), read in order."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from stardag_api.core.errors import TooLarge, UnknownReferences
from stardag_api.db.models import RunLog
from stardag_api.schemas.runs import (
    LEVEL_NAMES,
    LEVEL_NUMBERS,
    LogRecord,
    LogRecordPublic,
    LogRecordsPublic,
)
from stardag_api.store.rows import json_rows

# Reserve a block of sequence numbers per run; the row lock orders concurrent appends.
_RESERVE_SEQS = text(
    """
    WITH locked AS (
        SELECT run_id FROM runs WHERE run_id = ANY(CAST(:run_ids AS uuid[]))
        ORDER BY run_id FOR NO KEY UPDATE
    )
    UPDATE runs AS r SET log_count = r.log_count + c.n
    FROM unnest(CAST(:run_ids AS uuid[]), CAST(:counts AS int[])) AS c(run_id, n)
    WHERE r.run_id = c.run_id AND r.run_id IN (SELECT run_id FROM locked)
    RETURNING r.run_id, r.log_count
    """
)

_INSERT_LOGS = text(
    """
    INSERT INTO run_logs (run_id, seq, "timestamp", level_no, logger, message, stream)
    SELECT r.run_id, r.seq, r.ts, r.level_no, r.logger, r.message, r.stream
    FROM json_to_recordset(CAST(:rows AS json))
         AS r(run_id uuid, seq int, ts timestamptz, level_no smallint, logger text,
              message text, stream text)
    ON CONFLICT (run_id, "timestamp", stream, md5(message)) DO NOTHING
    """
)


def append_logs(
    session: Session,
    batches: Sequence[tuple[uuid.UUID, Sequence[LogRecord]]],
    max_message_bytes: int,
) -> int:
    """Append records to their runs in order; return how many were new.

    A record identical to one already stored (same time, stream and message) is a
    replay and skipped. NUL characters in messages become U+FFFD (PostgreSQL cannot
    store them). Raises ``UnknownReferences`` (422) for unknown runs and ``TooLarge``
    (413) for a message over ``max_message_bytes``.
    """
    counts: dict[uuid.UUID, int] = {}
    for run_id, records in batches:
        counts[run_id] = counts.get(run_id, 0) + len(records)
        for record in records:
            if len(record.message.encode("utf-8", "surrogatepass")) > max_message_bytes:
                raise TooLarge(
                    f"A log message of run {run_id} is over {max_message_bytes} bytes; "
                    "split it or shorten it."
                )
    counts = {run_id: n for run_id, n in counts.items() if n}
    if not counts:
        return 0
    run_ids = sorted(counts)
    reserved_rows = session.execute(
        _RESERVE_SEQS, {"run_ids": run_ids, "counts": [counts[r] for r in run_ids]}
    )
    reserved: dict[uuid.UUID, int] = {row.run_id: row.log_count for row in reserved_rows}
    if missing := set(run_ids) - set(reserved):
        raise UnknownReferences("run", [str(run_id) for run_id in missing])
    next_seq = {run_id: reserved[run_id] - counts[run_id] + 1 for run_id in run_ids}
    rows: list[dict[str, object]] = []
    for run_id, records in batches:
        for record in records:
            rows.append(
                {
                    "run_id": run_id,
                    "seq": next_seq[run_id],
                    "ts": record.timestamp,
                    "level_no": LEVEL_NUMBERS[record.level],
                    "logger": record.logger,
                    "message": _storable(record.message),
                    "stream": record.stream,
                }
            )
            next_seq[run_id] += 1
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
            level=LEVEL_NAMES.get(row.level_no, "INFO"),  # type: ignore[arg-type]
            logger=row.logger,
            message=row.message,
            stream=row.stream,  # type: ignore[arg-type]
        )
        for row in rows[:limit]
    ]
    has_more = len(rows) > limit
    return LogRecordsPublic(items=items, next_after_seq=items[-1].seq if has_more else None)


def _storable(message: str) -> str:
    """``message`` without what PostgreSQL cannot store: NULs and unpaired surrogates."""
    cleaned = message.replace("\x00", "\ufffd")
    try:
        cleaned.encode("utf-8")
    except UnicodeEncodeError:
        cleaned = cleaned.encode("utf-8", "replace").decode("utf-8")
    return cleaned
