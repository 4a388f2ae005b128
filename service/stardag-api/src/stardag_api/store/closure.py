"""Upstream/downstream closures and the graph around a task (recursive CTEs over the edges)."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.schemas.tasks import Edge, RelatedTask, TaskGraph
from stardag_api.store.tasks import get_task

# "Unlimited" depth still stops here, so a cycle smuggled in through one batch cannot
# make the recursion run away.
MAX_DEPTH = 10_000

_TASK_COLUMNS = (
    "t.task_id, t.namespace, t.family, t.version, t.parameters, t.output_uri, s.status, "
    "t.created_at, s.updated_at, s.started_at, s.finished_at, s.duration_seconds, "
    't."user", t.host, t.commit_hash'
)


class Direction(StrEnum):
    UPSTREAM = "upstream"
    DOWNSTREAM = "downstream"
    BOTH = "both"


def _walk_ctes(direction: Direction) -> str:
    """CTEs ``walk`` (every reachable (task, depth)) and ``closest`` (each task's least depth).

    UNION (not ALL) drops a (task, depth) pair already seen, so shared ancestors in
    diamonds are walked once per depth. ``closest`` keeps the nearest ``:fetch`` tasks.
    """
    # Upstream of X: the tasks X's edges come from.
    near, far = (
        ("downstream_id", "upstream_id")
        if direction is Direction.UPSTREAM
        else ("upstream_id", "downstream_id")
    )
    return f"""
        WITH RECURSIVE walk(task_id, depth) AS (
            SELECT e.{far}, 1 FROM task_edges e WHERE e.{near} = :root
            UNION
            SELECT e.{far}, w.depth + 1
            FROM walk w JOIN task_edges e ON e.{near} = w.task_id
            WHERE w.depth < :max_depth
        ),
        closest AS (
            SELECT task_id, min(depth) AS depth FROM walk GROUP BY task_id
            ORDER BY min(depth), task_id LIMIT :fetch
        )
    """


def _closure_sql(direction: Direction) -> Any:
    return text(
        f"""
        {_walk_ctes(direction)}
        SELECT {_TASK_COLUMNS}, c.depth
        FROM closest c JOIN tasks t ON t.task_id = c.task_id
        JOIN task_states s ON s.task_id = c.task_id
        ORDER BY c.depth, t.task_id
        """
    )


def _closure_json_sql(direction: Direction) -> Any:
    return text(
        f"""
        {_walk_ctes(direction)},
        page AS (SELECT * FROM closest ORDER BY depth, task_id LIMIT :limit)
        SELECT json_build_object(
            'task_id', CAST(:root AS uuid),
            'items', (
                SELECT coalesce(json_agg(row), '[]'::json)
                FROM (
                    SELECT {_TASK_COLUMNS}, c.depth
                    FROM page c JOIN tasks t ON t.task_id = c.task_id
                    JOIN task_states s ON s.task_id = c.task_id
                    ORDER BY c.depth, t.task_id
                ) AS row
            ),
            'truncated', (SELECT count(*) FROM closest) > :limit
        )::text
        """
    )


def _walk(
    session: Session, root: uuid.UUID, direction: Direction, depth: int, limit: int
) -> tuple[list[RelatedTask], bool]:
    max_depth = depth if depth > 0 else MAX_DEPTH
    rows = session.execute(
        _closure_sql(direction), {"root": root, "max_depth": max_depth, "fetch": limit + 1}
    )
    items = [RelatedTask.model_validate(row._mapping) for row in rows]
    return items[:limit], len(items) > limit


def related_tasks_json(
    session: Session, task_id: uuid.UUID, direction: Direction, depth: int, limit: int
) -> str:
    """Tasks up to ``depth`` edges up- or downstream (0 = all), nearest first, at most ``limit``,
    as a JSON document (the shape of ``RelatedTasks``) rendered by PostgreSQL.

    Closures reach tens of thousands of tasks; building the JSON in the database
    skips converting every row to Python objects and back, which costs more than the
    recursive query itself.
    """
    get_task(session, task_id)
    max_depth = depth if depth > 0 else MAX_DEPTH
    document: str = session.scalar(
        _closure_json_sql(direction),
        {"root": task_id, "max_depth": max_depth, "limit": limit, "fetch": limit + 1},
    )
    return document


def task_graph(
    session: Session, task_id: uuid.UUID, direction: Direction, depth: int, max_nodes: int
) -> TaskGraph:
    """The root (depth 0), its neighbourhood in ``direction`` and the edges among them.

    At most ``max_nodes`` nodes (nearest first); ``truncated`` says whether some were cut.
    """
    root = RelatedTask(**get_task(session, task_id).model_dump(), depth=0)
    budget = max_nodes - 1
    nodes, truncated = [root], False
    directions = (
        [Direction.UPSTREAM, Direction.DOWNSTREAM] if direction is Direction.BOTH else [direction]
    )
    for walk_direction in directions:
        items, cut = _walk(session, task_id, walk_direction, depth, budget)
        known = {node.task_id for node in nodes}
        items = [item for item in items if item.task_id not in known]
        nodes.extend(items)
        budget -= len(items)
        truncated = truncated or cut
    ids = [node.task_id for node in nodes]
    edge_rows = session.execute(
        text(
            "SELECT upstream_id, downstream_id FROM task_edges "
            "WHERE upstream_id = ANY(CAST(:ids AS uuid[])) "
            "AND downstream_id = ANY(CAST(:ids AS uuid[])) "
            "ORDER BY upstream_id, downstream_id"
        ),
        {"ids": ids},
    )
    edges = [
        Edge(upstream_id=row.upstream_id, downstream_id=row.downstream_id) for row in edge_rows
    ]
    return TaskGraph(root_id=task_id, nodes=nodes, edges=edges, truncated=truncated)
