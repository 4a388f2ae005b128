"""run_logs partitioned by month: replays stay exact, partitions are made ahead and on
demand, and the log retention drops exactly the expired records."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.core.config import Settings, sqlalchemy_url
from stardag_api.db.migrations import downgrade_database, upgrade_database
from stardag_api.main import create_app
from stardag_api.store.log_partitions import (
    PARTITION_CACHE,
    add_months,
    ensure_month_partitions,
    ensure_partitions_ahead,
    month_start,
    partition_name,
    prune_logs,
)
from stardag_testing import LOOPBACK

NOW = datetime.now(UTC)
THIS_MONTH = month_start(NOW)


@pytest.fixture
def client(scratch_database_url: str) -> Iterator[TestClient]:
    upgrade_database(scratch_database_url)
    PARTITION_CACHE.months.clear()  # a fresh database: nothing known yet
    settings = Settings(database_url=scratch_database_url, run_heartbeat_timeout_seconds=1e9)
    with TestClient(create_app(settings), base_url=LOOPBACK) as test_client:
        yield test_client


def _new_run(client: TestClient, started_at: datetime) -> str:
    task_id, run_id = str(uuid.uuid4()), str(uuid.uuid4())
    assert client.post("/api/v1/tasks", json={"task_id": task_id, "family": "f"}).status_code in (
        200,
        201,
    )
    body = {"run_id": run_id, "task_id": task_id, "started_at": started_at.isoformat()}
    assert client.post("/api/v1/runs", json=body).status_code == 201
    return run_id


def _append(client: TestClient, run_id: str, records: list[dict[str, Any]]) -> int:
    response = client.post(f"/api/v1/runs/{run_id}/logs", json={"records": records})
    assert response.status_code == 200, response.text
    return int(response.json()["appended"])


def _stored(database_url: str) -> dict[tuple[str, int], tuple[datetime, str, str]]:
    """Every record: (run, seq) -> (timestamp, message, the partition holding it)."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            'SELECT run_id, seq, "timestamp", message, tableoid::regclass::text FROM run_logs'
        ).fetchall()
    return {(str(r[0]), r[1]): (r[2], r[3], r[4]) for r in rows}


def _partitions(database_url: str) -> set[str]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT inhrelid::regclass::text FROM pg_inherits "
            "WHERE inhparent = 'run_logs'::regclass"
        ).fetchall()
    return {row[0] for row in rows}


@contextlib.contextmanager
def _session(database_url: str) -> Iterator[Session]:
    """A session on its own engine, disposed after (the database is dropped after the
    test: no pooled connection may outlive it)."""
    engine = create_engine(sqlalchemy_url(database_url))
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()


def test_current_and_next_month_are_created_ahead(
    client: TestClient, scratch_database_url: str
) -> None:
    url = scratch_database_url
    ahead = {partition_name(THIS_MONTH), partition_name(add_months(THIS_MONTH, 1))}
    assert ahead <= _partitions(url)
    with _session(url) as session:
        # A month on: the next month already exists, the one after is made.
        assert ensure_partitions_ahead(session, now=add_months(THIS_MONTH, 1)) == [
            partition_name(add_months(THIS_MONTH, 2))
        ]
        assert ensure_partitions_ahead(session, now=add_months(THIS_MONTH, 1)) == []
    assert partition_name(add_months(THIS_MONTH, 2)) in _partitions(url)


def test_replays_are_exact_across_months(client: TestClient, scratch_database_url: str) -> None:
    url = scratch_database_url
    run_id = _new_run(client, NOW - timedelta(days=40))
    # One run whose records span two months, the later month holding the lower seqs.
    stamps = [NOW, NOW, NOW - timedelta(days=35), NOW - timedelta(days=35)]
    records = [
        {"seq": seq, "timestamp": stamp.isoformat(), "message": f"line {seq}"}
        for seq, stamp in enumerate(stamps)
    ]
    assert _append(client, run_id, records) == 4
    before = _stored(url)
    assert _append(client, run_id, records) == 0  # the same records again
    assert _append(client, run_id, records[1:3]) == 0  # a part of them
    # The same seq under another timestamp (another partition) is still that seq.
    moved = [{**records[0], "timestamp": (NOW - timedelta(days=300)).isoformat()}]
    assert _append(client, run_id, moved) == 0
    # One seq twice in a request counts once.
    twice = [{"seq": 4, "timestamp": NOW.isoformat(), "message": m} for m in ("a", "b")]
    assert _append(client, run_id, twice) == 1
    # Records without a seq come after every seq the run has.
    assert _append(client, run_id, [{"timestamp": NOW.isoformat(), "message": "late"}]) == 1
    after = _stored(url)
    assert {k: v for k, v in after.items() if k in before} == before
    assert sorted(seq for (_, seq) in after) == [0, 1, 2, 3, 4, 5]
    assert after[(run_id, 4)][1] == "a"
    page = client.get(f"/api/v1/runs/{run_id}/logs", params={"limit": 2}).json()
    assert [r["seq"] for r in page["items"]] == [0, 1] and page["next_after_seq"] == 1
    rest = client.get(f"/api/v1/runs/{run_id}/logs", params={"after_seq": 1}).json()
    assert [r["seq"] for r in rest["items"]] == [2, 3, 4, 5]
    assert page["removed_before"] is None


def test_records_go_to_their_month_or_the_default_partition(
    client: TestClient, scratch_database_url: str
) -> None:
    url = scratch_database_url
    run_id = _new_run(client, NOW)
    five_months_ago = add_months(THIS_MONTH, -5) + timedelta(days=3)
    stamps = {
        0: NOW,
        1: five_months_ago,  # recent, no partition yet: made on demand
        2: datetime(1, 1, 1, tzinfo=UTC),
        3: datetime(9999, 12, 31, tzinfo=UTC),
        4: add_months(THIS_MONTH, -20),  # far back: the default partition
    }
    records = [{"seq": s, "timestamp": t.isoformat(), "message": "x"} for s, t in stamps.items()]
    assert _append(client, run_id, records) == 5
    where = {seq: partition for (_, seq), (_, _, partition) in _stored(url).items()}
    assert where == {
        0: partition_name(THIS_MONTH),
        1: partition_name(month_start(five_months_ago)),
        2: "run_logs_default",
        3: "run_logs_default",
        4: "run_logs_default",
    }
    # Making a partition for a month the default partition holds moves its records in.
    with _session(url) as session:
        ensure_month_partitions(session, [add_months(THIS_MONTH, -20)])
    assert _stored(url)[(run_id, 4)][2] == partition_name(add_months(THIS_MONTH, -20))


def test_log_retention_drops_exactly_the_expired_records(
    client: TestClient, scratch_database_url: str
) -> None:
    url = scratch_database_url
    old_run = _new_run(client, NOW - timedelta(days=150))
    new_run = _new_run(client, NOW - timedelta(days=1))
    cutoff = NOW - timedelta(days=90)
    stamps = [
        NOW - timedelta(days=150),  # a month entirely before the cutoff: dropped
        NOW - timedelta(days=125),
        cutoff - timedelta(hours=1),  # the straddling month, before the cutoff: deleted
        cutoff + timedelta(hours=1),  # the straddling month, after it: kept
        NOW - timedelta(days=10),
        datetime(1, 1, 1, tzinfo=UTC),  # default partition, before: deleted
        datetime(9999, 1, 1, tzinfo=UTC),  # default partition, after: kept
    ]
    records = [
        {"seq": seq, "timestamp": stamp.isoformat(), "message": str(seq)}
        for seq, stamp in enumerate(stamps)
    ]
    assert _append(client, old_run, records) == len(stamps)
    assert _append(client, new_run, [{"seq": 0, "timestamp": NOW.isoformat(), "message": "n"}])
    before, partitions_before = _stored(url), _partitions(url)
    expired = {key for key, (stamp, _, _) in before.items() if stamp < cutoff}
    assert len(expired) == 4

    with _session(url) as session:
        dry = prune_logs(session, cutoff, dry_run=True)
    assert dry.records == len(expired)
    assert (_stored(url), _partitions(url)) == (before, partitions_before)  # nothing changed
    assert client.get(f"/api/v1/runs/{old_run}/logs").json()["removed_before"] is None

    with _session(url) as session:
        done = prune_logs(session, cutoff)
    assert done.records == len(expired)
    assert done.dropped_partitions == dry.dropped_partitions
    dropped = {partition_name(month_start(stamps[0])), partition_name(month_start(stamps[1]))}
    assert dropped <= set(done.dropped_partitions)
    assert not dropped & _partitions(url)
    after = _stored(url)
    assert after == {key: value for key, value in before.items() if key not in expired}

    old_page = client.get(f"/api/v1/runs/{old_run}/logs").json()
    assert [r["seq"] for r in old_page["items"]] == [3, 4, 6]
    assert datetime.fromisoformat(old_page["removed_before"]) == cutoff
    assert client.get(f"/api/v1/runs/{new_run}/logs").json()["removed_before"] is None
    with _session(url) as session:
        assert prune_logs(session, cutoff).records == 0  # idempotent
    # A late replay of a removed month's record goes to the default partition, whose
    # old records the next prune trims.
    assert _append(client, old_run, records[:1]) == 1
    assert _stored(url)[(old_run, 0)][2] == "run_logs_default"


def test_the_server_applies_the_log_retention(scratch_database_url: str) -> None:
    upgrade_database(scratch_database_url)
    PARTITION_CACHE.months.clear()
    settings = Settings(database_url=scratch_database_url, run_heartbeat_timeout_seconds=1e9)
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        run_id = _new_run(client, NOW - timedelta(days=100))
        stamps = [NOW - timedelta(days=100), NOW]
        records = [
            {"seq": s, "timestamp": t.isoformat(), "message": "m"} for s, t in enumerate(stamps)
        ]
        assert _append(client, run_id, records) == 2
    settings = Settings(
        database_url=scratch_database_url, run_heartbeat_timeout_seconds=1e9, log_retention_days=30
    )
    with TestClient(create_app(settings), base_url=LOOPBACK) as client:
        deadline = datetime.now(UTC) + timedelta(seconds=20)
        while len(_stored(scratch_database_url)) > 1 and datetime.now(UTC) < deadline:
            client.get("/health")
        page = client.get(f"/api/v1/runs/{run_id}/logs").json()
    assert [r["seq"] for r in page["items"]] == [1]
    assert page["removed_before"] is not None


def test_migration_moves_records_into_partitions_and_back(scratch_database_url: str) -> None:
    url = scratch_database_url
    upgrade_database(url, "0010_run_stats_rollup")
    run_id = uuid.uuid4()
    stamps = [
        NOW,
        NOW - timedelta(days=70),
        add_months(THIS_MONTH, -30),  # within ten years: its own partition
        datetime(1, 1, 1, tzinfo=UTC),  # the default partition
        datetime(9999, 6, 1, tzinfo=UTC),
    ]
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO runs (run_id, task_id, started_at) VALUES (%s, %s, %s)",
            (run_id, uuid.uuid4(), NOW - timedelta(days=80)),
        )
        for seq, stamp in enumerate(stamps):
            conn.execute(
                'INSERT INTO run_logs (run_id, seq, "timestamp", level_no, message) '
                "VALUES (%s, %s, %s, 20, %s)",
                (run_id, seq, stamp, f"line {seq}"),
            )
    upgrade_database(url)
    stored = _stored(url)
    assert {seq: (stamp, message) for (_, seq), (stamp, message, _) in stored.items()} == {
        seq: (stamp, f"line {seq}") for seq, stamp in enumerate(stamps)
    }
    assert [stored[(str(run_id), seq)][2] for seq in range(5)] == [
        partition_name(THIS_MONTH),
        partition_name(month_start(stamps[1])),
        partition_name(add_months(THIS_MONTH, -30)),
        "run_logs_default",
        "run_logs_default",
    ]
    assert partition_name(add_months(THIS_MONTH, 1)) in _partitions(url)
    downgrade_database(url, "0010_run_stats_rollup")
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            'SELECT seq, "timestamp", message FROM run_logs ORDER BY seq'
        ).fetchall()
        kind = conn.execute("SELECT relkind FROM pg_class WHERE relname = 'run_logs'").fetchone()
    assert rows == [(seq, stamp, f"line {seq}") for seq, stamp in enumerate(stamps)]
    assert kind == ("r",)  # a plain table again
    upgrade_database(url)
    assert len(_stored(url)) == len(stamps)
