"""Keeping the dependency graph acyclic: a write whose new edges close a cycle is refused.

Every stored graph is acyclic, so a cycle after a write must run through one of its
new edges ``u -> d`` and back from ``d`` to ``u``: every task on it is downstream of
some new edge's ``d``. One bounded recursive walk collects that downstream region
and its edges; the cycle, if any, is found in Python. When new tasks are registered
below existing ones (the usual order), the region is just the batch itself.
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


def reject_cycles(session: Session, new_edges: Sequence[tuple[uuid.UUID, uuid.UUID]]) -> None:
    """Raise ``InvalidInput`` (422) naming the cycle when ``new_edges`` close one.

    Call after inserting the edges, in the same transaction (the caller rolls back).
    Raises ``TooLarge`` (413) when the region below the new edges is too big to check.
    """
    if not new_edges:
        return
    rows = session.execute(
        _DOWNSTREAM_REGION,
        {
            "edges": json_rows({"up": up, "down": down} for up, down in new_edges),
            "cap": MAX_REGION_EDGES + 1,
        },
    ).all()
    if len(rows) > MAX_REGION_EDGES:
        raise TooLarge(
            f"The new dependencies reach over {MAX_REGION_EDGES} edges downstream; "
            "register tasks upstream first, in smaller batches."
        )
    cycle = find_cycle((row.upstream_id, row.downstream_id) for row in rows)
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
