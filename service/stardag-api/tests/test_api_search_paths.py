"""Search answers the same page whichever plan serves it (sorting the matches, or walking
the time index), and the cap between the two grows with the registry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.core.config import sqlalchemy_url
from stardag_api.store.listing import (
    FEW_MATCHES,
    ParamFilter,
    TaskFilters,
    TaskSort,
    _walked_ids,
    few_matches_cap,
    list_tasks_query,
)


def test_the_cap_is_the_break_even_of_the_two_plans() -> None:
    assert few_matches_cap(50, 1_000) == FEW_MATCHES  # small registries keep the floor
    assert few_matches_cap(50, 10_000_000) == 5_645  # sqrt(51 * 10M / 16)
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


def test_a_walk_within_its_budget_finds_the_same_page(
    empty_registry: None,
    client: TestClient,
    register: Callable[..., list[str]],
    make_task: Callable[..., dict[str, Any]],
    api_database_url: str,
) -> None:
    marker = f"walked{id(client)}"
    register(
        *(
            make_task("walkable", parameters={"tag": marker if i % 4 == 0 else "hay", "i": i})
            for i in range(800)
        )
    )
    engine = create_engine(sqlalchemy_url(api_database_url))
    try:
        with Session(engine) as session:
            for filters in (
                TaskFilters(search=marker),
                TaskFilters(params=(ParamFilter(("tag",), marker),), family="walkable"),
            ):
                for sort in (TaskSort.CREATED_DESC, TaskSort.CREATED_ASC):
                    sorted_page = [
                        row.task_id
                        for row in session.execute(list_tasks_query(filters, sort, 20, None, True))
                    ]
                    # 800 tasks alone, 200 matches: a budget of all of them finds the
                    # page; one of 20 rows cannot hold the 21 matches a full page needs.
                    assert _walked_ids(session, filters, sort, 20, None, 800) == sorted_page
                    assert len(_walked_ids(session, filters, sort, 20, None, 20)) < 21
    finally:
        engine.dispose()
