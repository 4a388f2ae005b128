"""The run statistics rollup agrees with the runs it summarises, through inserts,
finishes, deletes and writers that commit while it refreshes."""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session, sessionmaker
from stardag_api.core.config import Settings
from stardag_api.db.migrations import upgrade_database
from stardag_api.main import create_app
from stardag_api.store.retention import prune_runs
from stardag_api.store.run_rollup import StatsCache, bucket_of, percentile, refresh_rollup
from stardag_testing import LOOPBACK

NOW = datetime.now(UTC)


@pytest.fixture
def registry(scratch_database_url: str) -> Iterator[tuple[str, TestClient]]:
    upgrade_database(scratch_database_url)
    settings = Settings(
        database_url=scratch_database_url,
        run_heartbeat_timeout_seconds=1e9,
        stats_max_age_seconds=0,  # every read recomputes: exactness is what is tested here
    )
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        yield scratch_database_url, client


def _register(client: TestClient, family: str, n: int) -> list[str]:
    ids = [str(uuid.uuid4()) for _ in range(n)]
    body = {"tasks": [{"task_id": task_id, "family": family} for task_id in ids]}
    assert client.post("/api/v1/tasks/batch", json=body).status_code == 200
    return ids


def _run(client: TestClient, task_id: str, started: datetime, seconds: float, status: str) -> str:
    run_id = str(uuid.uuid4())
    start = {"run_id": run_id, "task_id": task_id, "started_at": started.isoformat()}
    assert client.post("/api/v1/runs", json=start).status_code == 201
    finish: dict[str, Any] = {
        "status": status,
        "finished_at": (started + timedelta(seconds=seconds)).isoformat(),
    }
    if status == "failed":
        finish["error_message"] = "boom"
    assert client.post(f"/api/v1/runs/{run_id}/finish", json=finish).status_code == 200
    return run_id


def _exact(database_url: str, days: int) -> dict[str, dict[str, Any]]:
    """The same statistics computed straight from ``runs`` (the old, full-scan way)."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """
            SELECT t.family, count(*), count(*) FILTER (WHERE r.status = 'completed'),
                   count(*) FILTER (WHERE r.status = 'failed'),
                   array_agg(r.duration_seconds) FILTER (WHERE r.status = 'completed')
            FROM runs r JOIN tasks t USING (task_id)
            WHERE r.started_at >= (now() AT TIME ZONE 'UTC')::date - (%s - 1)
            GROUP BY t.family
            """,
            (days,),
        ).fetchall()
    return {
        family: {"runs": runs, "completed": done, "failed": failed, "durations": durations or []}
        for family, runs, done, failed, durations in rows
    }


def _assert_near_quantile(estimate: float, durations: list[float], q: float) -> None:
    """Within a bucket (20%) of the order statistics around the quantile's rank."""
    ordered = sorted(durations)
    rank = q * (len(ordered) - 1)
    low, high = ordered[int(rank)], ordered[min(len(ordered) - 1, int(rank) + 1)]
    assert low / 1.2 <= estimate <= high * 1.2, (estimate, low, high)


def _families(client: TestClient, days: int) -> dict[str, dict[str, Any]]:
    response = client.get("/api/v1/stats/families", params={"days": days})
    assert response.status_code == 200, response.text
    return {item["family"]: item for item in response.json()["items"]}


def test_family_stats_match_the_runs_through_inserts_finishes_and_prunes(
    registry: tuple[str, TestClient],
) -> None:
    database_url, client = registry
    rng = random.Random(3)
    today = NOW.replace(hour=0, minute=0, second=0, microsecond=0)
    for family, n in (("train", 12), ("score", 7)):
        for task_id in _register(client, family, n):
            for day in (0, 1, 3, 40):
                status = "failed" if rng.random() < 0.25 else "completed"
                started = today - timedelta(days=day) + timedelta(minutes=rng.randrange(60))
                _run(client, task_id, started, rng.expovariate(1 / 30), status)

    for days in (1, 2, 14, 60):
        served, exact = _families(client, days), _exact(database_url, days)
        assert set(served) == set(exact)
        for family, truth in exact.items():
            item = served[family]
            assert (item["runs"], item["completed"], item["failed"]) == (
                truth["runs"],
                truth["completed"],
                truth["failed"],
            )
            _assert_near_quantile(item["p50_seconds"], truth["durations"], 0.5)
            _assert_near_quantile(item["p95_seconds"], truth["durations"], 0.95)
            assert sum(day["runs"] for day in item["trend"]) == truth["runs"]

    totals = client.get("/api/v1/stats").json()
    assert totals["runs"] == 12 * 4 + 7 * 4

    # Retention deletes old non-latest runs: the rollup follows the DELETE.
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with Session(engine) as session:
            pruned = prune_runs(session, NOW - timedelta(days=30))
    finally:
        engine.dispose()
    assert pruned.runs > 0
    assert client.get("/api/v1/stats").json()["runs"] == 19 * 4 - pruned.runs
    served, exact = _families(client, 60), _exact(database_url, 60)
    assert {f: i["runs"] for f, i in served.items()} == {f: t["runs"] for f, t in exact.items()}


def test_a_writer_committing_during_a_refresh_is_counted_by_the_next(
    registry: tuple[str, TestClient],
) -> None:
    database_url, client = registry
    [task_id] = _register(client, "late", 1)
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with psycopg.connect(database_url) as writer, Session(engine) as session:
            # The writer's run and its day mark are written but not committed yet ...
            writer.execute(
                "INSERT INTO runs (run_id, task_id, status, started_at) "
                "VALUES (%s, %s, 'running', now())",
                (uuid.uuid4(), task_id),
            )
            refresh_rollup(session)  # ... so this refresh cannot see either.
            writer.commit()
            counted = session.execute(
                text("SELECT coalesce(sum(runs), 0) FROM run_day_stats WHERE family = 'late'")
            ).scalar()
            session.rollback()
            assert counted == 0
            assert refresh_rollup(session) == 1  # the mark survived for the next refresh
    finally:
        engine.dispose()
    assert _families(client, 1)["late"]["runs"] == 1


def test_histogram_percentiles_are_within_ten_percent() -> None:
    rng = random.Random(5)
    for scale in (0.002, 0.5, 30.0, 7200.0):
        durations = [rng.expovariate(1 / scale) + 0.001 for _ in range(2000)]
        counts: dict[int, int] = {}
        for seconds in durations:
            counts[bucket_of(seconds)] = counts.get(bucket_of(seconds), 0) + 1
        ordered = sorted(durations)
        for q in (0.5, 0.95):
            exact = ordered[int(q * (len(ordered) - 1))]
            assert percentile(counts.items(), q) == pytest.approx(exact, rel=0.1)
    assert percentile([], 0.5) is None


def test_the_cache_serves_a_copy_until_it_is_too_old(
    registry: tuple[str, TestClient],
) -> None:
    database_url, _ = registry
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    computed: list[int] = []

    def slow_count(session: Session) -> int:
        session.execute(text("SELECT pg_sleep(0.05)"))
        computed.append(1)
        return len(computed)

    try:
        cache = StatsCache(sessionmaker(engine), max_age_seconds=1.0)
        first = cache.get(("n",), slow_count)
        assert cache.get(("n",), slow_count) == first  # younger than 20 x 50 ms and 1 s
        assert cache.get(("other",), slow_count) == first + 1  # keys are separate
        time.sleep(1.1)  # older than max_age_seconds, whatever the cost was
        assert cache.get(("n",), slow_count) == first + 2
        never_cached = StatsCache(sessionmaker(engine), max_age_seconds=0)
        assert never_cached.get(("n",), slow_count) != never_cached.get(("n",), slow_count)
    finally:
        engine.dispose()


def test_a_due_copy_is_served_while_it_is_recomputed_in_the_background(
    registry: tuple[str, TestClient],
) -> None:
    """Past 20x its cost (but younger than the max age) a request gets the copy it has, and
    the next requests get the recomputed one: no request waits for the recomputation."""
    database_url, _ = registry
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://"))
    computed: list[int] = []

    def count(session: Session) -> int:
        session.execute(text("SELECT pg_sleep(0.01)"))
        computed.append(1)
        return len(computed)

    try:
        cache = StatsCache(sessionmaker(engine), max_age_seconds=60)
        assert cache.get(("n",), count) == 1
        time.sleep(0.5)  # due: older than 20 x ~10 ms, far younger than 60 s
        assert cache.get(("n",), count) == 1  # served as is; a refresh started
        deadline = time.monotonic() + 10
        while cache.get(("n",), count) == 1:
            assert time.monotonic() < deadline, "the background refresh should land"
            time.sleep(0.02)
        assert (
            cache.get(("n",), count) == 2 and len(computed) == 2
        )  # one refresh, not one per request
    finally:
        engine.dispose()


def _refreshing_backends(url: str) -> int:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE query = 'SELECT refresh_run_day_stats()' AND state = 'active'"
        ).fetchone()
    return int(row[0]) if row else 0


def test_shutdown_cancels_a_refresh_in_progress(scratch_database_url: str) -> None:
    url = scratch_database_url
    upgrade_database(url)
    # Each server refreshes once as it starts, then not for an hour: only the one under
    # test refreshes while the table is held.
    settings = Settings(
        database_url=url, run_heartbeat_timeout_seconds=1e9, stats_rollup_interval_seconds=3600
    )
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        [task_id] = _register(client, "Slow", 1)
        _run(client, task_id, NOW - timedelta(minutes=1), 1.0, "completed")  # marks today
    with psycopg.connect(url) as locker:
        # The refresh writes run_day_stats: held here, it waits as a slow one would.
        locker.execute("LOCK TABLE run_day_stats IN ACCESS EXCLUSIVE MODE")
        server = TestClient(create_app(settings), base_url=LOOPBACK).__enter__()
        deadline = time.monotonic() + 30
        while _refreshing_backends(url) == 0:
            assert time.monotonic() < deadline, "the rollup loop never started a refresh"
            time.sleep(0.05)
        # Shut down while the refresh waits: the server stops with the table still held,
        # and the refresh's statement was cancelled, not left running behind it.
        stopping = threading.Thread(target=server.__exit__, args=(None, None, None))
        stopping.start()
        stopping.join(timeout=30)
        assert not stopping.is_alive(), "the shutdown waited for the refresh"
        deadline = time.monotonic() + 10  # a third of the statement timeout (30 s)
        while _refreshing_backends(url) > 0:
            assert time.monotonic() < deadline, "the refresh outlived the server"
            time.sleep(0.05)
        locker.rollback()
    with psycopg.connect(url) as conn:  # the day stays marked for the next refresh
        assert conn.execute("SELECT count(*) FROM run_stat_changes").fetchone() != (0,)
