"""The task list: filters, free-text search, sorting and keyset (cursor) pagination.

Pages are cut with ``(sort_column, task_id) < (last value, last id)`` rather than
OFFSET, so page 50 costs what page 1 costs: each filter combination has a btree of
``task_states`` that leads with the filter columns and ends with ``(updated_at, task_id)``
(the created order is ``tasks (created_at, task_id)``).

Searches (``search``, ``param.*``) are ordered by registration time whatever ``sort``
asks (``updated_*`` reads as ``created_*``): their GIN indices are on ``tasks``, and so
is ``created_at``, so a page is either the few matches sorted or a walk of
``ix_tasks_created`` that checks each row where it lies. Ordering by ``task_states``'s
``updated_at`` would look up every match's state first (0.5-2 s for 10,000 matches at
ten million tasks).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, literal_column, or_, select, text, tuple_
from sqlalchemy.orm import Session

from stardag_api.core.errors import InvalidInput
from stardag_api.db.models import Task, TaskState
from stardag_api.schemas.common import JSON_MAX_DEPTH, TaskStatus, check_json_value
from stardag_api.schemas.tasks import TasksPublic
from stardag_api.store.rows import select_tasks, to_task
from stardag_api.store.task_ids import hex_prefix, prefix_range


class TaskSort(StrEnum):
    UPDATED_DESC = "updated_desc"
    UPDATED_ASC = "updated_asc"
    CREATED_DESC = "created_desc"
    CREATED_ASC = "created_asc"

    @property
    def column(self) -> Any:
        return TaskState.updated_at if self.by_update else Task.created_at

    @property
    def id_column(self) -> Any:
        """The task id of the table that holds ``column``, so one btree serves the keyset."""
        return TaskState.task_id if self.by_update else Task.task_id

    @property
    def by_update(self) -> bool:
        return self.value.startswith("updated")

    @property
    def descending(self) -> bool:
        return self.value.endswith("desc")

    def in_created_order(self) -> TaskSort:
        """The created order running the same way (searches are served in it)."""
        return TaskSort.CREATED_DESC if self.descending else TaskSort.CREATED_ASC


@dataclass(frozen=True)
class ParamFilter:
    """``param.<path>=<raw>``: the parameter at ``path`` equals ``raw`` as JSON or as a string."""

    path: tuple[str, ...]
    raw: str

    def condition(self) -> ColumnElement[bool]:
        candidates: list[Any] = [self.raw]
        parsed = _as_json(self.raw)
        if parsed is not None and parsed != self.raw:
            candidates.append(parsed)
        return or_(*(Task.parameters.contains(self._nest(value)) for value in candidates))

    def _nest(self, value: Any) -> dict[str, Any]:
        for key in reversed(self.path[1:]):
            value = {key: value}
        return {self.path[0]: value}


@dataclass(frozen=True)
class TaskFilters:
    family: str | None = None
    namespace: str | None = None
    statuses: tuple[TaskStatus, ...] = ()
    search: str | None = None
    params: tuple[ParamFilter, ...] = ()
    created_after: datetime | None = None
    created_before: datetime | None = None
    updated_after: datetime | None = None
    updated_before: datetime | None = None

    @property
    def needs_state(self) -> bool:
        """Whether a search's filters read the task's state (status, update time)."""
        return bool(self.statuses or self.updated_after or self.updated_before)

    @property
    def searching(self) -> bool:
        """Whether GIN-served filters (``search``, ``param.*``) are present."""
        return bool(self.search or self.params)

    def where(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        # A search walks ``tasks``: its own family/namespace copies filter a row without
        # a lookup of the task's state.
        names = Task if self.searching else TaskState
        if self.family is not None:
            where.append(names.family == self.family)
        if self.namespace is not None:
            where.append(names.namespace == self.namespace)
        if len(self.statuses) == 1:
            where.append(TaskState.status == self.statuses[0].value)
        elif self.statuses:
            where.append(TaskState.status.in_(sorted({s.value for s in self.statuses})))
        if self.search:
            where.append(search_condition(self.search))
        where.extend(param.condition() for param in self.params)
        for column, bound, after in (
            (Task.created_at, self.created_after, True),
            (Task.created_at, self.created_before, False),
            (TaskState.updated_at, self.updated_after, True),
            (TaskState.updated_at, self.updated_before, False),
        ):
            if bound is not None:
                where.append(column >= bound if after else column < bound)
        return where


def search_condition(query: str) -> ColumnElement[bool]:
    """Id prefix OR case-insensitive family prefix OR full-text match of parameter values."""
    escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    options: list[ColumnElement[bool]] = [
        func.lower(Task.family).like(escaped + "%", escape="\\"),
        Task.search_vector.op("@@")(func.plainto_tsquery("simple", query)),
    ]
    digits = hex_prefix(query.strip())
    if digits is not None:
        options.insert(0, prefix_range(digits).condition())
    return or_(*options)


def _as_json(raw: str) -> Any:
    """``raw`` parsed as JSON when it is JSON that parameters can hold, else ``None``."""
    try:
        parsed = json.loads(raw)
        check_json_value(parsed)  # NUL, lone surrogates, inf (1e999), nesting depth
    except (ValueError, RecursionError):
        return None
    return parsed


def parse_param_filter(name: str, raw: str) -> ParamFilter:
    """``ParamFilter`` for the query key ``param.<name>``; ``InvalidInput`` when malformed."""
    path = tuple(name.split("."))
    loc = ["query", f"param.{name[:100]}"]
    if not name or any(not part for part in path):
        raise InvalidInput(
            f"Malformed parameter filter 'param.{name[:100]}': use param.<name>=<value> "
            "(nested fields as param.<outer>.<inner>=<value>).",
            loc=loc,
        )
    if len(path) > JSON_MAX_DEPTH:
        raise InvalidInput(
            f"Parameter filter paths nest at most {JSON_MAX_DEPTH} fields deep.", loc=loc
        )
    try:
        check_json_value([name, raw])
    except ValueError as exc:
        raise InvalidInput(f"Parameter filter {exc}.", loc=loc) from None
    return ParamFilter(path, raw)


def encode_cursor(sort: TaskSort, value: datetime, task_id: uuid.UUID) -> str:
    payload = json.dumps([sort.value, value.isoformat(), str(task_id)], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: TaskSort) -> tuple[datetime, uuid.UUID]:
    """The position a cursor points after; ``InvalidInput`` (422) if it is not one of ours."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        sort_name, value, task_id = json.loads(base64.urlsafe_b64decode(padded.encode()))
        position = datetime.fromisoformat(value), uuid.UUID(task_id)
    except (ValueError, TypeError, binascii.Error, UnicodeError) as exc:
        raise InvalidInput(
            "The cursor is not valid; use next_cursor from a previous page unchanged.",
            loc=["query", "cursor"],
        ) from exc
    if sort_name != sort.value or position[0].tzinfo is None:
        raise InvalidInput(
            f"The cursor belongs to another sort order ({sort_name!r}); start from the first "
            "page when changing the sort.",
            loc=["query", "cursor"],
        )
    return position


# When the GIN-served filters (search, param.*) match at most this many tasks (or more on
# a large registry, see ``few_matches_cap``), the page is cut from exactly those rows.
FEW_MATCHES = 2_000
# Sorting the matches reads one random heap page per match; the walk of ``ix_tasks_created``
# reads rows in the order they were written, ~15 to a page. Measured at ten million
# tasks: ~6 us per sorted match, ~0.35 us per walked row.
SORTED_MATCH_TO_WALKED_ROW_COST = 16


def list_tasks_query(
    filters: TaskFilters,
    sort: TaskSort,
    limit: int,
    cursor: str | None,
    sort_matches: bool = False,
) -> Select[Any] | Any:
    """The SELECT for one page (``limit + 1`` rows, to learn whether another page exists).

    ``sort_matches`` orders by an expression no btree serves, which makes PostgreSQL
    collect the matching rows through the GIN indices and sort them, instead of
    walking the time index and filtering row by row.
    """
    column, id_column = sort.column, sort.id_column
    query = select_tasks().where(*filters.where())
    if cursor is not None:
        value, task_id = decode_cursor(cursor, sort)
        key = tuple_(column, id_column)
        position = tuple_(value, task_id)
        query = query.where(key < position if sort.descending else key > position)
    order = column + literal_column("interval '0'") if sort_matches else column
    if sort.descending:
        query = query.order_by(order.desc(), id_column.desc())
    else:
        query = query.order_by(order.asc(), id_column.asc())
    return query.limit(limit + 1)


def few_matches_cap(limit: int, tasks: float) -> int:
    """Up to how many matches sorting them beats walking the time index.

    Sorting costs one random page per match (m, ``c`` each); walking costs one row per
    ``tasks / m`` rows for each of the ``limit`` rows of the page (1 each). They break
    even at ``m = sqrt(limit * tasks / c)``: ~5,600 at ten million tasks (where 10,000
    matches sort in ~60 ms warm and the walk to 51 of them takes ~17 ms).
    """
    walked_rows = (limit + 1) * max(tasks, 0) / SORTED_MATCH_TO_WALKED_ROW_COST
    return max(FEW_MATCHES, math.isqrt(int(walked_rows)))


def walk_budget(limit: int, tasks: float) -> int:
    """How many of the next tasks a search first walks for its page: enough to find
    ``limit + 1`` matches when they are at least ``few_matches_cap`` (~90,000 rows at
    ten million tasks, ~30 ms)."""
    cap = few_matches_cap(limit, tasks)
    return max(FEW_MATCHES, (limit + 1) * int(max(tasks, 0)) // cap)


def _registry_size(session: Session) -> float:
    tasks = session.scalar(
        text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'tasks'::regclass")
    )
    return float(tasks or 0)


def _matches_up_to(session: Session, filters: TaskFilters, cap: int) -> int:
    """How many tasks the GIN-served filters match, counted up to ``cap + 1``.

    PostgreSQL has no statistics inside JSONB and rough ones for tsvectors, so it guesses
    how many rows ``parameters @> ...`` or ``search_vector @@ ...`` match; a capped count
    settles it. It reads one heap page per match counted (the GIN recheck).
    """
    gin_only = TaskFilters(search=filters.search, params=filters.params)
    capped: Select[Any] = select(literal_column("1")).select_from(Task).where(*gin_only.where())
    return session.scalar(select(func.count()).select_from(capped.limit(cap + 1).subquery())) or 0


def _walked_ids(
    session: Session,
    filters: TaskFilters,
    sort: TaskSort,
    limit: int,
    cursor: str | None,
    budget: int,
) -> list[uuid.UUID]:
    """The first ``limit + 1`` matches among the next ``budget`` tasks in the created order
    (fewer when the budget runs out first), checked in place along ``ix_tasks_created``.

    The filters are a column of the walk, not its WHERE, so PostgreSQL cannot swap the
    walk for a GIN bitmap; the outer LIMIT stops the walk at the last match it needs.
    """
    hit = and_(*filters.where()).label("hit")
    walk: Any = select(Task.task_id, hit).select_from(Task)
    if filters.needs_state:
        walk = walk.join(TaskState, TaskState.task_id == Task.task_id)
    if cursor is not None:
        value, task_id = decode_cursor(cursor, sort)
        key, position = tuple_(Task.created_at, Task.task_id), tuple_(value, task_id)
        walk = walk.where(key < position if sort.descending else key > position)
    if sort.descending:
        walk = walk.order_by(Task.created_at.desc(), Task.task_id.desc())
    else:
        walk = walk.order_by(Task.created_at.asc(), Task.task_id.asc())
    walked = walk.limit(budget).subquery()
    return list(session.scalars(select(walked.c.task_id).where(walked.c.hit).limit(limit + 1)))


def _search_rows(
    session: Session, filters: TaskFilters, sort: TaskSort, limit: int, cursor: str | None
) -> list[Any]:
    """A search's page (``limit + 1`` rows), ``sort`` in the created order.

    Few matches (a capped count) are sorted. Otherwise the next tasks are walked in
    order, a budget of them: when it holds ``limit + 1`` matches they are the page, as
    every task walked precedes every task not walked. When it does not, the matches are
    counted up to ``few_matches_cap``, then sorted or walked without a budget.
    """
    tasks = _registry_size(session)
    few = 4 * (limit + 1)
    sort_matches = _matches_up_to(session, filters, few) <= few
    if not sort_matches:
        ids = _walked_ids(session, filters, sort, limit, cursor, walk_budget(limit, tasks))
        if len(ids) > limit:
            query = list_tasks_query(filters, sort, limit, cursor).where(Task.task_id.in_(ids))
            return list(session.execute(query).all())
        cap = few_matches_cap(limit, tasks)
        sort_matches = _matches_up_to(session, filters, cap) <= cap
    if sort_matches:
        # PostgreSQL guesses "many" for GIN filters and would start parallel workers (a
        # few ms each, more on a busy machine) to sort a few thousand rows.
        session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    else:
        # Many matches, sparse among the next tasks: walk ``ix_tasks_created`` to the end
        # of the page. Without statistics inside JSONB PostgreSQL guesses few and would
        # fetch every match's page through the GIN bitmap to sort them.
        session.execute(text("SET LOCAL enable_bitmapscan = off"))
    query = list_tasks_query(filters, sort, limit, cursor, sort_matches)
    return list(session.execute(query).all())


def list_tasks(
    session: Session, filters: TaskFilters, sort: TaskSort, limit: int, cursor: str | None
) -> TasksPublic:
    """One page of tasks matching ``filters`` in ``sort`` order (searches: in the created
    order running the same way), and the cursor of the next."""
    # Compiling a page's plan to machine code costs 15+ ms; running it costs less.
    session.execute(text("SET LOCAL jit = off"))
    if filters.searching:
        sort = sort.in_created_order()
        rows = _search_rows(session, filters, sort, limit, cursor)
    else:
        rows = list(session.execute(list_tasks_query(filters, sort, limit, cursor)).all())
    items = [to_task(row) for row in rows[:limit]]
    next_cursor = None
    if len(rows) > limit:
        last = items[-1]
        value = last.updated_at if sort.by_update else last.created_at
        next_cursor = encode_cursor(sort, value, last.task_id)
    return TasksPublic(items=items, next_cursor=next_cursor)
