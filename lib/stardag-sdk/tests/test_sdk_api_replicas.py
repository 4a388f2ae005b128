"""Two API processes over one database under concurrent ingest: every task, edge, build,
run and log record arrives exactly once, whichever process took it."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import apiregistry_helpers as helpers
import psycopg
import pytest
from apiregistry_helpers import FakeDag, LiveServer, migrate
from stardag.registry.api import APIRegistry

CLIENTS = 8
BUILDS_PER_CLIENT = 4


@pytest.fixture(scope="module")
def two_servers(postgres_admin_url: str) -> Iterator[tuple[str, list[Any]]]:
    url = helpers.create_database(postgres_admin_url, prefix="stardag_replicas")
    migrate(url)
    servers = [LiveServer(url).start() for _ in range(2)]
    yield url, servers
    for server in servers:
        server.stop()
    helpers.drop_database(postgres_admin_url, url)


def count(database_url: str, table: str) -> int:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def test_concurrent_ingest_through_two_processes_loses_and_duplicates_nothing(
    two_servers: tuple[str, list[Any]], tmp_path: Path
) -> None:
    database_url, servers = two_servers
    shared = helpers.diamond()  # every client registers these same tasks
    dags_by_client = [[helpers.chain(15) for _ in range(BUILDS_PER_CLIENT)] for _ in range(CLIENTS)]

    def ingest(client: int) -> list[str]:
        registry = APIRegistry(servers[client % 2].url, spool_root=tmp_path / f"spool{client}")
        try:
            build_ids = []
            for dag in dags_by_client[client]:
                build_ids.append(helpers.report_build(registry, dag))
                build_ids.append(helpers.report_build(registry, FakeDag(copy.copy(shared.tasks))))
            registry.flush(60)
            assert not registry.spooling
            return build_ids
        finally:
            registry.close()

    with ThreadPoolExecutor(CLIENTS) as pool:
        build_ids = [build for builds in pool.map(ingest, range(CLIENTS)) for build in builds]

    chains = [dag for dags in dags_by_client for dag in dags]
    runs = sum(len(dag.tasks) for dag in chains) + len(shared.tasks) * CLIENTS * BUILDS_PER_CLIENT
    assert count(database_url, "builds") == len(build_ids) == len(set(build_ids))
    assert count(database_url, "tasks") == sum(len(dag.tasks) for dag in chains) + 4
    assert count(database_url, "task_edges") == sum(len(dag.edges()) for dag in chains) + 4
    assert count(database_url, "runs") == runs
    assert count(database_url, "run_logs") == 2 * runs
    assert not list(tmp_path.glob("spool*/**/rejected/*"))
