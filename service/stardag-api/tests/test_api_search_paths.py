"""Search answers the same page whichever plan serves it (sorting the matches, or reading
windows of the created order), and the cap between the two grows with the registry."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session
from stardag_api.core.config import sqlalchemy_url
from stardag_api.store import listing
from stardag_api.store.listing import (
    FEW_MATCHES,
    CreatedWindows,
    ParamFilter,
    TaskFilters,
    TaskSort,
    _registry_size,
    _window_ids,
    _windows,
    few_matches_cap,
    list_tasks_query,
)


def test_the_cap_is_the_break_even_of_the_two_plans() -> None:
    assert few_matches_cap(50, 1_000) == FEW_MATCHES  # small registries keep the floor
    assert few_matches_cap(50, 10_000_000) == 2_061  # sqrt(51 * 10M / 120)
    assert few_matches_cap(50, -1) == FEW_MATCHES  # a table never analyzed


def test_both_plans_cut_the_same_pages(
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    api_database_url: str,
) -> None:
    marker = f"needle{id(client)}"
    for batch in range(3):
        register(
            *(
                make_task("haystack", parameters={"tag": marker if i % 3 == 0 else "hay", "i": i})
                for i in range(batch * 1000, batch * 1000 + 1000)
            )
        )
    engine = create_engine(sqlalchemy_url(api_database_url))
    try:
        with Session(engine) as session:
            for filters in (
                TaskFilters(search=marker),
                TaskFilters(params=(ParamFilter(("tag",), marker),)),
            ):
                for sort in (TaskSort.UPDATED_DESC, TaskSort.CREATED_ASC):
                    pages = [
                        [
                            row.task_id
                            for row in session.execute(
                                list_tasks_query(filters, sort, 100, None, sort_matches)
                            )
                        ]
                        for sort_matches in (True, False)
                    ]
                    assert len(pages[0]) == 101 and pages[0] == pages[1]
    finally:
        engine.dispose()
    page = client.get("/api/v1/tasks", params={"search": marker, "limit": 500}).json()
    assert len(page["items"]) == 500 and page["next_cursor"]


def test_windows_are_disjoint_contiguous_and_grow_to_an_open_end() -> None:
    anchor = datetime(2026, 12, 1, tzinfo=UTC)
    for descending in (True, False):
        windows = CreatedWindows(
            anchor=anchor,
            descending=descending,
            seconds_per_task=0.5,
            first_rows=10,
            remaining_seconds=1_000,
        )
        bounds = []
        while (window := windows.next()) is not None:
            bounds.append(window)
        # 5 s, then 4 times all before: 20 s, 100 s, 500 s, then open past the end.
        seconds = [5, 25, 125, 625]
        sign = -1 if descending else 1
        at = [anchor + sign * timedelta(seconds=s) for s in seconds]
        near: list[datetime | None] = [None, *at]
        far: list[datetime | None] = [*at, None]
        expected = list(zip(far, near, strict=True) if descending else zip(near, far, strict=True))
        assert bounds == expected


def test_windows_of_the_created_order_find_the_sorted_page(
    empty_registry: None,
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    api_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    marker = f"windowed{id(client)}"
    for batch in range(8):  # eight registration times, one match in four
        register(
            *(
                make_task("windowed", parameters={"tag": marker if i % 4 == 0 else "hay", "i": i})
                for i in range(batch * 100, batch * 100 + 100)
            )
        )
    engine = create_engine(sqlalchemy_url(api_database_url))
    every_match: dict[TaskSort, list[Any]] = {}
    # The rate from the 150 tasks next to the start (the first batch and part of the
    # second) makes a first window of ~41 tasks' time: the first batch's 25 matches.
    monkeypatch.setattr(listing, "FIRST_WINDOW_ROWS_PER_PAGE_ROW", 1)
    monkeypatch.setattr(listing, "RATE_SAMPLE", 150)
    try:
        with Session(engine) as session:
            session.execute(text("ANALYZE tasks"))
            tasks = _registry_size(session)
            for filters in (
                TaskFilters(search=marker),
                TaskFilters(params=(ParamFilter(("tag",), marker),), family="windowed"),
            ):
                for sort in (TaskSort.CREATED_DESC, TaskSort.CREATED_ASC):
                    sorted_page = [
                        row.task_id
                        for row in session.execute(list_tasks_query(filters, sort, 40, None, True))
                    ]
                    windows = _windows(session, sort, 40, None, tasks)
                    assert windows is not None
                    found: list[Any] = []
                    count = 0
                    while len(found) < 41 and (window := windows.next()) is not None:
                        found += _window_ids(session, filters, sort, None, window, 41 - len(found))
                        count += 1
                    assert found == sorted_page and count > 1
                    every_match[sort] = [
                        row.task_id
                        for row in session.execute(
                            list_tasks_query(filters, sort, 1000, None, True)
                        )
                    ]
    finally:
        engine.dispose()
    for sort in (TaskSort.CREATED_DESC, TaskSort.CREATED_ASC):
        expected = [str(task_id) for task_id in every_match[sort]]
        seen, cursor = [], None
        while True:
            params = {"search": marker, "sort": sort.value, "limit": 30}
            page = client.get(
                "/api/v1/tasks", params={**params, **({"cursor": cursor} if cursor else {})}
            ).json()
            seen += [row["task_id"] for row in page["items"]]
            cursor = page["next_cursor"]
            if cursor is None:
                break
        assert len(expected) == 200 and seen == expected
