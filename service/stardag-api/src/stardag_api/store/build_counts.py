"""A build's tasks per state and its runs in constant time: counts plus unfolded deltas.

Triggers on ``build_tasks`` and ``runs`` (migration 0013) append every statement's net
change per build to ``build_count_deltas`` inside the writer's transaction, so the
counts are exact under replayed and concurrent batches without any writer waiting on a
shared counter row. ``roll_up_build_counts`` folds the deltas into ``build_counts``
beside the task count rollup (``TaskCountRollup``); reads add the deltas not yet folded.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# The key that counts a build's runs; the others are build task states.
RUNS_KEY = "runs"

# Keys in sorted order, so two rollups (should the advisory lock ever be bypassed) lock
# counter rows in the same order and cannot deadlock; deleted deltas are folded once.
# Returns the keys the fold brought to zero (a build's pending and running at its end).
_ROLL_UP = text(
    """
    WITH folded AS (
        DELETE FROM build_count_deltas RETURNING build_id, key, n
    ),
    upserted AS (
        INSERT INTO build_counts AS c (build_id, key, n)
        SELECT build_id, key, sum(n) FROM folded
        GROUP BY build_id, key
        HAVING sum(n) <> 0
        ORDER BY build_id, key
        ON CONFLICT (build_id, key) DO UPDATE SET n = c.n + excluded.n
        RETURNING build_id, key, n
    )
    SELECT build_id, key FROM upserted WHERE n = 0
    """
)

# A statement cannot delete the rows its own upsert wrote: a second one drops the zeros.
_DROP_ZEROS = text(
    """
    DELETE FROM build_counts AS c
    USING unnest(CAST(:build_ids AS uuid[]), CAST(:keys AS text[])) AS z(build_id, key)
    WHERE c.build_id = z.build_id AND c.key = z.key AND c.n = 0
    """
)

# Each of the builds ``:ids`` with its counts as one JSON object (key -> n, zeros left
# out; no row: nothing counted), for composing into a read. One snapshot sees the
# rollup's delete and insert both or neither: never double counted. The deltas are read
# through their build index: a scan would also read the dead rows of every folded delta.
COUNTS_BY_BUILD_SQL = """
    SELECT build_id, json_object_agg(key, n) AS counts
    FROM (
        SELECT build_id, key, sum(n) AS n
        FROM (
            SELECT build_id, key, n FROM build_counts WHERE build_id = ANY(CAST(:ids AS uuid[]))
            UNION ALL
            SELECT build_id, key, n FROM build_count_deltas
            WHERE build_id = ANY(CAST(:ids AS uuid[]))
        ) AS parts
        GROUP BY build_id, key
        HAVING sum(n) <> 0
    ) AS counted
    GROUP BY build_id
"""


def roll_up_build_counts(session: Session) -> None:
    """Fold the deltas into the counts and drop the counts that fell to zero (in the
    caller's transaction)."""
    zeros = session.execute(_ROLL_UP).all()
    if zeros:
        session.execute(
            _DROP_ZEROS,
            {"build_ids": [row.build_id for row in zeros], "keys": [row.key for row in zeros]},
        )
