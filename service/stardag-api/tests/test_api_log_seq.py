"""Log records are keyed by the client's per-run ``seq``: replays add nothing, twins stay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
from fastapi.testclient import TestClient


def _record(message: str, seq: int | None, second: str = "00") -> dict[str, Any]:
    record: dict[str, Any] = {
        "timestamp": f"2025-03-01T12:00:{second}.123456Z",
        "level": "INFO",
        "logger": "stdout",
        "message": message,
        "stream": "stdout",
    }
    if seq is not None:
        record["seq"] = seq
    return record


def _logs(client: TestClient, run_id: str) -> list[tuple[int, str]]:
    items = client.get(f"/api/v1/runs/{run_id}/logs").json()["items"]
    return [(item["seq"], item["message"]) for item in items]


def _post_events(client: TestClient, run_id: str, records: list[dict[str, Any]]) -> None:
    body = {"events": [{"type": "logs_appended", "run_id": run_id, "records": records}]}
    response = client.post("/api/v1/events", json=body)
    assert response.status_code == 200, response.text


def test_identical_lines_in_one_tick_are_both_kept(
    client: TestClient,
    start_run: Callable[[], str],
) -> None:
    run_id = start_run()
    _post_events(client, run_id, [_record("epoch done", 0), _record("epoch done", 1)])
    assert _logs(client, run_id) == [(0, "epoch done"), (1, "epoch done")]


def test_a_replayed_batch_adds_nothing_and_a_partial_replay_only_the_new(
    client: TestClient,
    start_run: Callable[[], str],
) -> None:
    run_id = start_run()
    first = [_record(f"line {i}", i) for i in range(3)]
    _post_events(client, run_id, first)
    _post_events(client, run_id, first)  # the spool or a retry sends it again
    # A batch that overlaps what was stored (shipped twice around a timeout) adds the rest.
    overlapping = [_record(f"line {i}", i) for i in range(2, 5)]
    appended = client.post(f"/api/v1/runs/{run_id}/logs", json={"records": overlapping})
    assert appended.json() == {"appended": 2}
    assert _logs(client, run_id) == [(i, f"line {i}") for i in range(5)]


def test_records_without_seq_are_numbered_after_the_runs_last_one(
    client: TestClient,
    start_run: Callable[[], str],
) -> None:
    run_id = start_run()
    _post_events(client, run_id, [_record("numbered", 4)])
    old_client = [_record("same", None), _record("same", None)]
    assert client.post(f"/api/v1/runs/{run_id}/logs", json={"records": old_client}).json() == {
        "appended": 2
    }
    _post_events(client, run_id, [_record("again", None)])
    assert _logs(client, run_id) == [(4, "numbered"), (5, "same"), (6, "same"), (7, "again")]


def test_a_negative_seq_is_a_clear_422(
    client: TestClient,
    start_run: Callable[[], str],
) -> None:
    run_id = start_run()
    response = client.post(f"/api/v1/runs/{run_id}/logs", json={"records": [_record("x", -1)]})
    assert response.status_code == 422
    assert "seq" in response.json()["detail"]


def test_only_the_record_key_makes_log_records_unique(api_database_url: str) -> None:
    # (run_id, seq, timestamp): run_logs is partitioned on the timestamp (migration 0012).
    with psycopg.connect(api_database_url) as conn:
        indexes = [
            row[0]
            for row in conn.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'run_logs'"
            ).fetchall()
        ]
    assert indexes == ["ix_run_logs_record"]
