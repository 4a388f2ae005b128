"""The task list: filters, free-text search, sorting and keyset (cursor) pagination.

Pages are cut with ``(sort_column, task_id) < (last value, last id)`` rather than
OFFSET, so page 50 costs what page 1 costs: each filter combination has a btree of
``task_states`` that leads with the filter columns and ends with ``(updated_at, task_id)``
(the created order is ``tasks (created_at, task_id)``).

Searches (``search``, ``param.*``) are ordered by registration time whatever ``sort``
asks (``updated_*`` reads as ``created_*``): their GIN indices are on ``tasks``, and so
is ``created_at``, so a page is either the few matches sorted or the matches inside
windows of registration time, found by ANDing a bitmap of ``ix_tasks_created`` with the
GIN bitmaps. Ordering by ``task_states``'s ``updated_at`` would look up every match's
state first (0.5-2 s for 10,000 matches at ten million tasks).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    tuple_,
)
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
        # A search reads ``tasks``: its own family/namespace copies filter a row without
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
# Sorting the matches reads one random heap page per match; a window of the created order
# costs a bitmap of ``ix_tasks_created`` over its rows, ANDed with the GIN bitmap, so only
# the matches inside it are read. Measured at ten million tasks: ~6 us per sorted match,
# ~0.05 us per row of a window.
SORTED_MATCH_TO_WINDOW_ROW_COST = 120
# The first window holds this many tasks per row of the page (at the registry's average
# rate of registration): one window serves a page when one task in 1,000 matches.
FIRST_WINDOW_ROWS_PER_PAGE_ROW = 1_000
# Each further window is this many times as long as all before it together.
WINDOW_GROWTH = 4


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
        query = query.where(_after_cursor(sort, cursor, column, id_column))
    order = column + literal_column("interval '0'") if sort_matches else column
    if sort.descending:
        query = query.order_by(order.desc(), id_column.desc())
    else:
        query = query.order_by(order.asc(), id_column.asc())
    return query.limit(limit + 1)


def _after_cursor(sort: TaskSort, cursor: str, column: Any, id_column: Any) -> Any:
    value, task_id = decode_cursor(cursor, sort)
    key, position = tuple_(column, id_column), tuple_(value, task_id)
    return key < position if sort.descending else key > position


def few_matches_cap(limit: int, tasks: float) -> int:
    """Up to how many matches sorting them beats reading windows of the created order.

    Sorting costs one random page per match (m, ``c`` each); windows cost one bitmap
    entry per row until they hold the page, ``limit / (m / tasks)`` rows (1 each). They
    break even at ``m = sqrt(limit * tasks / c)``: ~2,060 at ten million tasks.
    """
    window_rows = (limit + 1) * max(tasks, 0) / SORTED_MATCH_TO_WINDOW_ROW_COST
    return max(FEW_MATCHES, math.isqrt(int(window_rows)))


def _registry_size(session: Session) -> float:
    tasks = session.scalar(
        text("SELECT greatest(reltuples, 0) FROM pg_class WHERE oid = 'tasks'::regclass")
    )
    return float(tasks or 0)


def _matches_up_to(session: Session, filters: TaskFilters, cap: int) -> int:
    """How many tasks the filters on ``tasks`` (GIN-served ones, family, namespace,
    creation time) match, counted up to ``cap + 1``.

    PostgreSQL has no statistics inside JSONB and rough ones for tsvectors, so it guesses
    how many rows ``parameters @> ...`` or ``search_vector @@ ...`` match; a capped count
    settles it. It reads one heap page per match counted (the GIN recheck).
    """
    on_tasks = TaskFilters(
        family=filters.family,
        namespace=filters.namespace,
        search=filters.search,
        params=filters.params,
        created_after=filters.created_after,
        created_before=filters.created_before,
    )
    capped: Select[Any] = select(literal_column("1")).select_from(Task).where(*on_tasks.where())
    return session.scalar(select(func.count()).select_from(capped.limit(cap + 1).subquery())) or 0


@dataclass
class CreatedWindows:
    """Consecutive, disjoint windows of registration time, from the page's start (the
    cursor, else the newest or the oldest task) in the page's direction. The first is
    ``first_rows`` tasks long at the rate ``seconds_per_task``; a further one is as long
    as asked (``rows``, at least the first's length), else ``WINDOW_GROWTH`` times all
    before it. The last is open-ended."""

    anchor: datetime
    descending: bool
    seconds_per_task: float
    first_rows: int
    remaining_seconds: float
    covered_seconds: float = 0.0

    @property
    def covered_rows(self) -> float:
        """How many tasks the windows so far span, at the rate ``seconds_per_task``."""
        return self.covered_seconds / self.seconds_per_task

    def next(self, rows: float = 0) -> tuple[datetime | None, datetime | None] | None:
        """The next window as (from, to) bounds (``None``: open), or ``None`` when done."""
        if self.covered_seconds > self.remaining_seconds:
            return None
        start = self.covered_seconds
        first = self.first_rows * self.seconds_per_task
        if start == 0:
            length = first
        elif rows > 0:
            length = max(rows * self.seconds_per_task, first)
        else:
            length = start * WINDOW_GROWTH
        self.covered_seconds = start + max(length, 1e-6)
        near = None if start == 0 else self._at(start)
        far = (
            None
            if self.covered_seconds > self.remaining_seconds
            else self._at(self.covered_seconds)
        )
        return (far, near) if self.descending else (near, far)

    def _at(self, seconds: float) -> datetime:
        return self.anchor + (-1 if self.descending else 1) * timedelta(seconds=seconds)


# Tasks read from the page's start to learn the registration rate there.
RATE_SAMPLE = 1_000


def _windows(
    session: Session, sort: TaskSort, limit: int, cursor: str | None, tasks: float
) -> CreatedWindows | None:
    """The windows of a search's page; ``None`` when the registry is empty.

    Their lengths follow the rate of registration at the page's start (the time of the
    ``RATE_SAMPLE``-th task from it, an index-only read), not the registry's average:
    builds register in bursts. When even the first window's worth of tasks share the
    start's time (one huge batch), the registry's average rate.
    """
    oldest, newest = session.execute(
        select(func.min(Task.created_at), func.max(Task.created_at))
    ).one()
    if oldest is None:
        return None
    anchor = (
        decode_cursor(cursor, sort)[0]
        if cursor is not None
        else (newest if sort.descending else oldest)
    )
    remaining = max((anchor - oldest if sort.descending else newest - anchor).total_seconds(), 0)
    first_rows = (limit + 1) * FIRST_WINDOW_ROWS_PER_PAGE_ROW
    seconds_per_task = None
    for rows in (RATE_SAMPLE, first_rows):
        at = _created_at_of(session, sort, cursor, rows)
        if at is None:  # fewer tasks remain: one window holds them all
            seconds_per_task = (remaining + 1) / first_rows
            break
        if at != anchor:
            seconds_per_task = abs((anchor - at).total_seconds()) / rows
            break
    return CreatedWindows(
        anchor=anchor,
        descending=sort.descending,
        seconds_per_task=seconds_per_task
        or max((newest - oldest).total_seconds(), 1e-3) / max(tasks, 1),
        first_rows=first_rows,
        remaining_seconds=remaining,
    )


def _created_at_of(session: Session, sort: TaskSort, cursor: str | None, n: int) -> Any:
    """When the ``n``-th task after the page's start was registered (``None``: no such)."""
    query: Any = select(Task.created_at)
    if cursor is not None:
        query = query.where(_after_cursor(sort, cursor, Task.created_at, Task.task_id))
    if sort.descending:
        query = query.order_by(Task.created_at.desc(), Task.task_id.desc())
    else:
        query = query.order_by(Task.created_at.asc(), Task.task_id.asc())
    return session.scalar(query.offset(n).limit(1))


def _window_ids(
    session: Session,
    filters: TaskFilters,
    sort: TaskSort,
    cursor: str | None,
    window: tuple[datetime | None, datetime | None],
    wanted: int,
) -> list[uuid.UUID]:
    """The first ``wanted`` matches registered in ``window`` (from inclusive, to exclusive).

    Index scans are off (``_bitmaps_only``), so PostgreSQL ANDs a bitmap of the window's
    part of ``ix_tasks_created`` with the GIN bitmaps and reads only the matches inside
    it, instead of walking the time index row by row or reading every match. The bounds
    are subqueries: PostgreSQL then assumes a window holds 0.5% of the tasks, whatever
    the statistics say (the newest tasks, never analyzed yet, would look like none and
    it would read every row of the window instead).
    """
    query: Any = select(Task.task_id).select_from(Task)
    if filters.needs_state:
        query = query.join(TaskState, TaskState.task_id == Task.task_id)
    query = query.where(*filters.where())
    if cursor is not None:
        query = query.where(_after_cursor(sort, cursor, Task.created_at, Task.task_id))
    since, until = window
    query = query.where(
        Task.created_at >= _unknown_to_planner(since or datetime.min.replace(tzinfo=UTC)),
        Task.created_at < _unknown_to_planner(until or datetime.max.replace(tzinfo=UTC)),
    )
    if sort.descending:
        query = query.order_by(Task.created_at.desc(), Task.task_id.desc())
    else:
        query = query.order_by(Task.created_at.asc(), Task.task_id.asc())
    return list(session.scalars(query.limit(wanted)))


def _bitmaps_only(session: Session) -> None:
    """No index or sequential scans for the rest of the transaction: every table read is
    a bitmap (window, GIN and primary-key bitmaps), in one round trip."""
    session.execute(
        text(
            "SELECT set_config('enable_indexscan', 'off', true), "
            "set_config('enable_seqscan', 'off', true)"
        )
    )


def _unknown_to_planner(value: datetime) -> Any:
    """``value`` as ``(SELECT value)``: known when the statement runs, not when planned."""
    return select(literal(value, type_=Task.created_at.type)).scalar_subquery()


def _search_rows(
    session: Session, filters: TaskFilters, sort: TaskSort, limit: int, cursor: str | None
) -> list[Any]:
    """A search's page (``limit + 1`` rows), ``sort`` in the created order.

    The matches in the first window of the created order are the page when there are
    enough of them (every task in it precedes every task after it). When they are too
    few to say there are more than ``few_matches_cap`` in the registry (at the density
    seen), a count capped there tells whether so few exist that sorting them all is
    cheapest. Else further windows are read until the page is full, each as long as the
    density seen so far says the rest of the page needs (4x all before while none was
    seen).
    """
    # PostgreSQL guesses "many" for GIN filters and would start parallel workers (a few
    # ms each, more on a busy machine) for a few thousand rows.
    session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
    tasks = _registry_size(session)
    windows = _windows(session, sort, limit, cursor, tasks)
    window = windows.next() if windows is not None else None
    if windows is None or window is None:
        return []
    _bitmaps_only(session)
    ids = _window_ids(session, filters, sort, cursor, window, limit + 1)
    cap = few_matches_cap(limit, tasks)
    # Too few in the first window to say there are many: if there are at most ``cap``
    # in all, sorting them beats reading windows back through the history.
    if (
        len(ids) <= limit
        and windows.covered_seconds <= windows.remaining_seconds
        and len(ids) * tasks / windows.covered_rows <= cap
        and _matches_up_to(session, filters, cap) <= cap
    ):
        query = list_tasks_query(filters, sort, limit, cursor, sort_matches=True)
        return list(session.execute(query).all())
    while len(ids) <= limit:
        missing = limit + 1 - len(ids)
        window = windows.next(_rows_for_page(missing, len(ids), windows.covered_rows))
        if window is None:
            break
        ids += _window_ids(session, filters, sort, cursor, window, missing)
    if not ids:
        return []
    # The page's rows by id (sorted, not a walk of the time index for these ids).
    query = list_tasks_query(filters, sort, limit, cursor, sort_matches=True)
    return list(session.execute(query.where(Task.task_id.in_(ids))).all())


def _rows_for_page(missing: int, found: int, covered_rows: float) -> float:
    """Rows of a next window that likely hold ``missing`` matches at the density seen so
    far, ``found`` in ``covered_rows`` (a quarter more; 0, the default growth, when none)."""
    return 1.25 * missing * covered_rows / found if found else 0


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
