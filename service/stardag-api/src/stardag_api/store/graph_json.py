"""The graph around a task (``TaskGraph``) rendered as JSON by PostgreSQL.

The UI draws graphs of 10,000 tasks. Validating that many ``RelatedTask`` models in
Python, and FastAPI validating them again on the way out, cost several times the
recursive query itself (about 1 s of a 1.5 s answer at 10,000 nodes); here Python only
handles task ids, and PostgreSQL writes the document. The walk (which tasks, at which
depth) is the same as ``closure.task_graph``'s, from the same CTEs.
"""

from __future__ import annotations

import json
import uuid

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.store.closure import _TASK_COLUMNS, MAX_DEPTH, Direction, _walk_ctes

# The nodes in the order given (root first, then nearest first), one JSON array.
_NODES_JSON = text(
    f"""
    WITH picked AS (
        SELECT task_id, depth, n
        FROM unnest(CAST(:ids AS uuid[]), CAST(:depths AS int[])) WITH ORDINALITY
             AS p(task_id, depth, n)
    )
    SELECT coalesce(json_agg(node), '[]'::json)::text
    FROM (
        SELECT {_TASK_COLUMNS}, c.depth
        FROM picked c JOIN tasks t ON t.task_id = c.task_id
        ORDER BY c.n
    ) AS node
    """
)

_EDGES_JSON = text(
    """
    SELECT coalesce(json_agg(edge), '[]'::json)::text
    FROM (
        SELECT upstream_id, downstream_id FROM task_edges
        WHERE upstream_id = ANY(CAST(:ids AS uuid[]))
          AND downstream_id = ANY(CAST(:ids AS uuid[]))
        ORDER BY upstream_id, downstream_id
    ) AS edge
    """
)


def _walk_ids(
    session: Session, root: uuid.UUID, direction: Direction, depth: int, fetch: int
) -> list[tuple[uuid.UUID, int]]:
    rows = session.execute(
        text(f"{_walk_ctes(direction)} SELECT task_id, depth FROM closest ORDER BY depth, task_id"),
        {"root": root, "max_depth": depth if depth > 0 else MAX_DEPTH, "fetch": fetch},
    )
    return [(row.task_id, row.depth) for row in rows]


def task_graph_json(
    session: Session, task_id: uuid.UUID, direction: Direction, depth: int, max_nodes: int
) -> str:
    """The root (depth 0), its neighbourhood in ``direction`` and the edges among them, as
    a ``TaskGraph`` JSON document; at most ``max_nodes`` nodes (nearest first, upstream
    before downstream), ``truncated`` when some were cut. ``task_id`` must exist."""
    picked: dict[uuid.UUID, int] = {task_id: 0}
    truncated = False
    directions = (
        [Direction.UPSTREAM, Direction.DOWNSTREAM] if direction is Direction.BOTH else [direction]
    )
    for walk_direction in directions:
        budget = max_nodes - len(picked)
        found = _walk_ids(session, task_id, walk_direction, depth, budget + 1)
        truncated = truncated or len(found) > budget
        for node, node_depth in found[:budget]:
            picked.setdefault(node, node_depth)
    ids = list(picked)
    nodes = session.scalar(_NODES_JSON, {"ids": ids, "depths": list(picked.values())})
    edges = session.scalar(_EDGES_JSON, {"ids": ids})
    head = json.dumps({"root_id": str(task_id), "truncated": truncated})
    return f'{head[:-1]}, "nodes": {nodes}, "edges": {edges}}}'
