"""The graph around a task as ``CompactTaskGraph``: what the UI's graph view draws.

The same nodes, in the same order, as ``closure.stream_task_graph`` (the same node set,
filled by the same query into the same temporary table), but each node carries only its
id, family, namespace, status, parameters and depth, and each edge is a pair of indices
into the nodes: about a third of the bytes at 10,000 nodes, so less for PostgreSQL to
render and for the browser to parse.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

from sqlalchemy.orm import Session, sessionmaker

from stardag_api.store.closure import Direction, stream_graph

# Nodes looked up in task id order (consecutive probes share index pages), sent in
# graph order (root, then each walk nearest first), as closure._rendered does.
_NODE_ROWS = """
    SELECT r.row FROM (SELECT * FROM graph_nodes ORDER BY task_id) n
    CROSS JOIN LATERAL (
        SELECT json_build_object(
            'task_id', t.task_id, 'namespace', t.namespace, 'family', t.family,
            'status', s.status, 'parameters', t.parameters, 'depth', n.depth)::text AS row
        FROM tasks t JOIN task_states s ON s.task_id = t.task_id
        WHERE t.task_id = n.task_id OFFSET 0
    ) r
    ORDER BY n.part, n.n
"""

# Each node's index is its place in that order.
_EDGE_ROWS = """
    WITH indexed AS (
        SELECT task_id, row_number() OVER (ORDER BY part, n) - 1 AS i FROM graph_nodes
    )
    SELECT json_build_array(u.i, d.i)::text
    FROM indexed d
    JOIN task_edges e ON e.downstream_id = d.task_id
    JOIN indexed u ON u.task_id = e.upstream_id
    ORDER BY u.i, d.i
"""


def stream_compact_task_graph(
    sessions: sessionmaker[Session],
    task_id: uuid.UUID,
    direction: Direction,
    depth: int,
    max_nodes: int,
) -> Iterator[bytes]:
    """The graph of ``closure.stream_task_graph`` as the JSON of ``CompactTaskGraph``, in
    chunks. The caller checked the task."""
    return stream_graph(sessions, task_id, direction, depth, max_nodes, _NODE_ROWS, _EDGE_ROWS)
