"""Fixtures for the registry service tests: a migrated database and an in-process client.

Every test makes its own task/run/build ids (``new_id``), so tests never depend on
each other's rows; tests that count rows across the registry use ``empty_registry``.
Helpers are fixtures (``make_task``, ``new_id``, ``scratch_database_url``,
``live_server``); the shared ones come from ``tests/support/stardag_testing.py``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from stardag_api.core.config import Settings
from stardag_api.db.migrations import upgrade_database
from stardag_api.main import create_app
from stardag_testing import LOOPBACK, LiveServer, create_database, drop_database


@pytest.fixture(scope="session")
def api_database_url(postgres_url: str) -> str:
    """The session database, migrated to head."""
    upgrade_database(postgres_url)
    return postgres_url


@pytest.fixture(scope="session")
def client(api_database_url: str) -> Iterator[TestClient]:
    """The real app against the real database, called in-process."""
    # Statistics recomputed on every read (no per-process copies), so tests see each write.
    settings = Settings(
        database_url=api_database_url, stale_sweep_interval_seconds=0, stats_max_age_seconds=0
    )
    with TestClient(
        create_app(settings), base_url=LOOPBACK, raise_server_exceptions=False
    ) as test_client:
        yield test_client


@pytest.fixture
def empty_registry(api_database_url: str) -> None:
    """Start the test from a registry without rows (for tests that count everything)."""
    with psycopg.connect(api_database_url, autocommit=True) as conn:
        conn.execute(
            "TRUNCATE run_logs, runs, build_tasks, builds, task_edges, task_states, tasks,"
            " task_counts, task_count_deltas, run_day_stats, run_stat_changes"
        )


def new_id() -> str:
    return str(uuid.uuid4())


def task_body(
    family: str = "get_range",
    task_id: str | None = None,
    dependencies: list[str] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A ``TaskCreate`` body with a fresh id unless one is given."""
    return {
        "task_id": task_id or new_id(),
        "family": family,
        "parameters": fields.pop("parameters", {}),
        "dependencies": dependencies or [],
        **fields,
    }


@pytest.fixture
def register(client: TestClient) -> Callable[..., list[str]]:
    """Register task bodies through the batch endpoint and return their ids."""

    def _register(*bodies: dict[str, Any]) -> list[str]:
        response = client.post("/api/v1/tasks/batch", json={"tasks": list(bodies)})
        assert response.status_code == 200, response.text
        return [body["task_id"] for body in bodies]

    return _register


@pytest.fixture
def start_run(client: TestClient, register: Callable[..., list[str]]) -> Callable[[], str]:
    """Register a new task and start a run of it; the callable returns the run id."""

    def _start_run() -> str:
        [task_id] = register(task_body())
        run_id = new_id()
        response = client.post("/api/v1/runs", json={"run_id": run_id, "task_id": task_id})
        assert response.is_success, response.text
        return run_id

    return _start_run


def diamond() -> dict[str, dict[str, Any]]:
    """``top`` ← ``left``, ``right`` ← ``bottom``: bottom depends on left and right."""
    top = task_body("load", parameters={"path": "data.csv"})
    left = task_body("clean", dependencies=[top["task_id"]], parameters={"side": "left"})
    right = task_body("clean", dependencies=[top["task_id"]], parameters={"side": "right"})
    bottom = task_body("join", dependencies=[left["task_id"], right["task_id"]])
    return {"top": top, "left": left, "right": right, "bottom": bottom}


@pytest.fixture(name="new_id")
def new_id_fixture() -> Callable[[], str]:
    return new_id


@pytest.fixture(name="make_task")
def make_task_fixture() -> Callable[..., dict[str, Any]]:
    return task_body


@pytest.fixture(name="diamond")
def diamond_fixture(register: Callable[..., list[str]]) -> dict[str, dict[str, Any]]:
    """A registered diamond DAG."""
    dag = diamond()
    register(*dag.values())
    return dag


@pytest.fixture
def scratch_database_url(postgres_admin_url: str) -> Iterator[str]:
    """An empty database of its own (not migrated), dropped after the test."""
    url = create_database(postgres_admin_url, prefix="stardag_api_scratch")
    yield url
    drop_database(postgres_admin_url, url)


@pytest.fixture(scope="module")
def live_server(
    api_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A real uvicorn process serving the app on the session database (one per module)."""
    log_path = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    server = LiveServer(api_database_url).start(log_path)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api_schema(live_server: Any) -> Any:
    """The live server's OpenAPI schema, for schemathesis."""
    import schemathesis

    return schemathesis.openapi.from_url(live_server.url + "/openapi.json")
