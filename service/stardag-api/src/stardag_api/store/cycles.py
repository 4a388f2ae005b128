"""Keeping the dependency graph acyclic: a write whose new edges close a cycle is refused.

Every stored graph is acyclic, so a cycle after a write must run through one of its
new edges ``u -> d`` and back from ``d`` to ``u``: every task on it is downstream of
some new edge's ``d``. That downstream region is walked first over the batch's own
edges: a task created by this write has no other edges yet (edges are only written
with their tasks, and a dependency must exist first), so when the walk meets only new
tasks (the usual case: new tasks registered below existing ones) no query is needed.
Otherwise one bounded recursive walk in SQL continues from the existing tasks it met,
under a transaction-level advisory lock so concurrent checks see each other's edges.
The cycle, if any, is found in Python.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from sqlalchemy import text
from sqlalchemy.orm import Session

from stardag_api.core.errors import InvalidInput, TooLarge
from stardag_api.store.rows import json_rows

# Edges walked at most; a write reaching further below is refused rather than
# letting one request scan the whole registry.
MAX_REGION_EDGES = 200_000
# Held (to commit) by a write whose new edges reach stored tasks: two such writes that each
# add half of a cycle would otherwise both pass, each walking before the other committed.
# Only edges among already stored tasks take it; new tasks below existing ones never do.
CYCLE_CHECK_LOCK = 0x5D_0A_6E_10

# UNION (not ALL) keeps each task once, so the walk ends even on a cyclic graph.
_DOWNSTREAM_REGION = text(
    """
    WITH RECURSIVE region(task_id) AS (
        SELECT DISTINCT e.down FROM json_to_recordset(CAST(:edges AS json)) AS e(up uuid, down uuid)
        UNION
        SELECT t.downstream_id FROM region r JOIN task_edges t ON t.upstream_id = r.task_id
    )
    SELECT t.upstream_id, t.downstream_id
    FROM region r JOIN task_edges t ON t.upstream_id = r.task_id
    LIMIT :cap
    """
)


Edge = tuple[uuid.UUID, uuid.UUID]


def reject_cycles(
    session: Session,
    new_edges: Sequence[Edge],
    batch_edges: Sequence[Edge],
    created: set[uuid.UUID],
) -> None:
    """Raise ``InvalidInput`` (422) naming the cycle when ``new_edges`` close one.

    ``batch_edges`` are all edges the write named (new or not), ``created`` the tasks
    it created. Call after inserting, in the same transaction (the caller rolls back).
    Raises ``TooLarge`` (413) when the region below the new edges is too big to check.
    """
    if not new_edges:
        return
    below: dict[uuid.UUID, list[uuid.UUID]] = {}
    for up, down in batch_edges:
        below.setdefault(up, []).append(down)
    reached = {down for _, down in new_edges}
    stack = list(reached)
    while stack:
        for child in below.get(stack.pop(), ()):
            if child not in reached:
                reached.add(child)
                stack.append(child)
    edges = {(up, down) for up, down in batch_edges if up in reached}
    existing = reached - created
    if existing:  # their stored downstream edges are part of the region too
        # After the lock, READ COMMITTED's next statement sees every earlier checker's edges.
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CYCLE_CHECK_LOCK})
        rows = session.execute(
            _DOWNSTREAM_REGION,
            {
                "edges": json_rows({"up": task_id, "down": task_id} for task_id in existing),
                "cap": MAX_REGION_EDGES + 1,
            },
        ).all()
        if len(rows) > MAX_REGION_EDGES:
            raise TooLarge(
                f"The new dependencies reach over {MAX_REGION_EDGES} edges downstream; "
                "register tasks upstream first, in smaller batches."
            )
        edges.update((row.upstream_id, row.downstream_id) for row in rows)
    cycle = find_cycle(edges)
    if cycle is not None:
        shown = " -> ".join(str(task_id) for task_id in [*cycle, cycle[0]])
        raise InvalidInput(
            f"The dependencies form a cycle: {shown}. A task cannot depend on itself, "
            "directly or through other tasks.",
            loc=["body", "dependencies"],
            cycle=[str(task_id) for task_id in cycle],
        )


def find_cycle(edges: Iterable[tuple[uuid.UUID, uuid.UUID]]) -> list[uuid.UUID] | None:
    """One cycle of the directed graph ``edges`` (upstream, downstream), in edge order."""
    below: dict[uuid.UUID, list[uuid.UUID]] = {}
    for up, down in edges:
        below.setdefault(up, []).append(down)
    done: set[uuid.UUID] = set()
    for start in below:
        if start in done:
            continue
        # Iterative depth-first search: ``path`` is the current chain from ``start``.
        path: list[uuid.UUID] = [start]
        on_path = {start}
        children = [iter(below.get(start, ()))]
        while children:
            child = next(children[-1], None)
            if child is None:
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                children.pop()
                continue
            if child in on_path:
                return path[path.index(child) :]
            if child not in done:
                path.append(child)
                on_path.add(child)
                children.append(iter(below.get(child, ())))
    return None
