"""The graph around a task rendered as JSON by PostgreSQL: ``TaskGraph`` (every task
field) and ``CompactTaskGraph`` (what the UI draws, edges as node indices).

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

# The picked tasks in order (root first, then nearest first), numbered from 1.
_PICKED = f"""
    picked AS (
        SELECT task_id, depth, n
        FROM unnest(CAST(:ids AS uuid[]), CAST(:depths AS int[])) WITH ORDINALITY
             AS p(task_id, depth, n)
    ),
    node AS (
        SELECT {_TASK_COLUMNS}, c.depth, c.n
        FROM picked c JOIN tasks t ON t.task_id = c.task_id
    )
"""

_NODES_JSON = text(
    f"""
    WITH {_PICKED}
    SELECT coalesce(json_agg(node), '[]'::json)::text
    FROM (SELECT {_TASK_COLUMNS}, t.depth FROM node t ORDER BY t.n) AS node
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

_COMPACT_JSON = text(
    f"""
    WITH {_PICKED}
    SELECT
        (SELECT coalesce(json_agg(json_build_object(
                    'task_id', task_id, 'namespace', namespace, 'family', family,
                    'status', status, 'parameters', parameters, 'depth', depth
                ) ORDER BY n), '[]'::json)::text
         FROM node),
        (SELECT coalesce(json_agg(json_build_array(a.n - 1, b.n - 1) ORDER BY a.n, b.n),
                         '[]'::json)::text
         FROM task_edges e
         JOIN picked a ON a.task_id = e.upstream_id
         JOIN picked b ON b.task_id = e.downstream_id
         WHERE e.upstream_id = ANY(CAST(:ids AS uuid[]))
           AND e.downstream_id = ANY(CAST(:ids AS uuid[])))
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


def _pick(
    session: Session, task_id: uuid.UUID, direction: Direction, depth: int, max_nodes: int
) -> tuple[dict[uuid.UUID, int], bool]:
    """Task id -> depth for the root and its nearest neighbours (upstream before
    downstream), at most ``max_nodes``; and whether some were cut."""
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
    return picked, truncated


def _document(task_id: uuid.UUID, truncated: bool, nodes: str, edges: str) -> str:
    head = json.dumps({"root_id": str(task_id), "truncated": truncated})
    return f'{head[:-1]}, "nodes": {nodes}, "edges": {edges}}}'


def task_graph_json(
    session: Session, task_id: uuid.UUID, direction: Direction, depth: int, max_nodes: int
) -> str:
    """The root (depth 0), its neighbourhood in ``direction`` and the edges among them, as
    a ``TaskGraph`` JSON document; at most ``max_nodes`` nodes (nearest first, upstream
    before downstream), ``truncated`` when some were cut. ``task_id`` must exist."""
    picked, truncated = _pick(session, task_id, direction, depth, max_nodes)
    ids = list(picked)
    nodes = session.scalar(_NODES_JSON, {"ids": ids, "depths": list(picked.values())})
    edges = session.scalar(_EDGES_JSON, {"ids": ids})
    return _document(task_id, truncated, str(nodes), str(edges))


def compact_task_graph_json(
    session: Session, task_id: uuid.UUID, direction: Direction, depth: int, max_nodes: int
) -> str:
    """The same graph as ``task_graph_json`` as a ``CompactTaskGraph`` JSON document."""
    picked, truncated = _pick(session, task_id, direction, depth, max_nodes)
    nodes, edges = session.execute(
        _COMPACT_JSON, {"ids": list(picked), "depths": list(picked.values())}
    ).one()
    return _document(task_id, truncated, str(nodes), str(edges))
