"""A task registered and run in one event batch is inserted in its final state (one write);
the state must be exactly what registering first and running afterwards gives, and
replays and later runs must still move it as before."""

from __future__ import annotations

import uuid
from typing import Any

import psycopg
from fastapi.testclient import TestClient

STATE_COLUMNS = "status, started_at, finished_at, duration_seconds, updated_at"


def task(task_id: str, complete: bool = False) -> dict[str, Any]:
    return {
        "task_id": task_id,
        "family": "same_batch",
        "parameters": {"id": task_id},
        "complete": complete,
    }


def scenario(
    task_ids: list[str], run_ids: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Registrations, and run events covering every way a batch's runs can end.

    Times are explicit so two copies of the scenario must end in identical states.
    """
    t = [
        task(task_ids[0]),
        task(task_ids[1]),
        task(task_ids[2]),
        task(task_ids[3], complete=True),
        task(task_ids[4]),
    ]
    at = "2026-12-01T10:00:0{}+00:00".format
    runs = [
        # finished completed
        {
            "type": "run_started",
            "run": {"run_id": run_ids[0], "task_id": task_ids[0], "started_at": at(1)},
        },
        {
            "type": "run_finished",
            "run_id": run_ids[0],
            "finish": {"status": "completed", "finished_at": at(3)},
        },
        # failed, with a second (replayed) finish that must not count
        {
            "type": "run_started",
            "run": {"run_id": run_ids[1], "task_id": task_ids[1], "started_at": at(1)},
        },
        {
            "type": "run_finished",
            "run_id": run_ids[1],
            "finish": {"status": "failed", "finished_at": at(2), "error_message": "boom"},
        },
        {
            "type": "run_finished",
            "run_id": run_ids[1],
            "finish": {"status": "failed", "finished_at": at(2), "error_message": "boom"},
        },
        # still running
        {
            "type": "run_started",
            "run": {"run_id": run_ids[2], "task_id": task_ids[2], "started_at": at(4)},
        },
        # found complete, then run again and failed: the run wins
        {
            "type": "run_started",
            "run": {"run_id": run_ids[3], "task_id": task_ids[3], "started_at": at(5)},
        },
        {
            "type": "run_finished",
            "run_id": run_ids[3],
            "finish": {"status": "failed", "finished_at": at(6)},
        },
        # two runs of one task: the newer (started later) one is the task's state
        {
            "type": "run_started",
            "run": {"run_id": run_ids[4], "task_id": task_ids[4], "started_at": at(7)},
        },
        {
            "type": "run_started",
            "run": {"run_id": run_ids[5], "task_id": task_ids[4], "started_at": at(2)},
        },
        {
            "type": "run_finished",
            "run_id": run_ids[5],
            "finish": {"status": "completed", "finished_at": at(3)},
        },
    ]
    return [{"type": "task_registered", "task": x} for x in t], runs


def post(client: TestClient, events: list[dict[str, Any]]) -> None:
    response = client.post("/api/v1/events", json={"events": events})
    assert response.status_code == 200, response.text


def states(database_url: str, task_ids: list[str]) -> list[tuple[Any, ...]]:
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            f"SELECT {STATE_COLUMNS}, latest_run_id FROM task_states"
            " JOIN unnest(%s::uuid[]) WITH ORDINALITY AS i(task_id, n) USING (task_id) ORDER BY n",
            [task_ids],
        ).fetchall()


def counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT status, sum(tasks)::int FROM (SELECT status, tasks FROM task_counts"
            " WHERE family = 'same_batch' UNION ALL SELECT status, tasks FROM task_count_deltas"
            " WHERE family = 'same_batch') AS c GROUP BY status HAVING sum(tasks) <> 0"
        ).fetchall()
    return dict(rows)


def new_ids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def test_one_batch_gives_the_states_of_registering_then_running(
    client: TestClient, api_database_url: str, empty_registry: None
) -> None:
    together_tasks, together_runs = new_ids(5), new_ids(6)
    split_tasks, split_runs = new_ids(5), new_ids(6)
    registrations, runs = scenario(together_tasks, together_runs)
    post(client, registrations + runs)
    registrations_2, runs_2 = scenario(split_tasks, split_runs)
    post(client, registrations_2)
    post(client, runs_2)

    together = states(api_database_url, together_tasks)
    split = states(api_database_url, split_tasks)
    run_index = {run_id: i for i, run_id in enumerate(together_runs)}
    split_index = {run_id: i for i, run_id in enumerate(split_runs)}
    assert [row[:5] for row in together] == [row[:5] for row in split]
    assert [run_index[str(row[5])] for row in together] == [
        split_index[str(row[5])] for row in split
    ]
    assert [row[0] for row in together] == ["completed", "failed", "running", "failed", "running"]
    assert counts(api_database_url) == {"completed": 2, "failed": 4, "running": 4}

    # A replay of the whole batch writes nothing.
    post(client, registrations + runs)
    assert states(api_database_url, together_tasks) == together
    assert counts(api_database_url) == {"completed": 2, "failed": 4, "running": 4}


def test_state_follows_runs_after_a_one_batch_registration(
    client: TestClient, api_database_url: str, empty_registry: None
) -> None:
    """Server-clock times (no client times) and later batches moving the state on."""
    task_id, first, second = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    post(
        client,
        [
            {"type": "task_registered", "task": task(task_id)},
            {"type": "run_started", "run": {"run_id": first, "task_id": task_id}},
        ],
    )
    with psycopg.connect(api_database_url) as conn:
        run_started = conn.execute(
            "SELECT started_at FROM runs WHERE run_id = %s", [first]
        ).fetchone()
    ((status, started_at, finished_at, _, updated_at, latest),) = states(
        api_database_url, [task_id]
    )
    assert run_started is not None
    assert (status, str(latest), finished_at) == ("running", first, None)
    assert started_at == updated_at == run_started[0]

    post(client, [{"type": "run_finished", "run_id": first, "finish": {"status": "failed"}}])
    assert states(api_database_url, [task_id])[0][0] == "failed"
    post(
        client,
        [
            {"type": "run_started", "run": {"run_id": second, "task_id": task_id}},
            {"type": "run_finished", "run_id": second, "finish": {"status": "completed"}},
        ],
    )
    status, started_at, finished_at, duration, _, latest = states(api_database_url, [task_id])[0]
    assert (status, str(latest)) == ("completed", second)
    assert finished_at >= started_at and duration is not None and duration >= 0
    assert counts(api_database_url) == {"completed": 1}


def test_a_reused_run_id_does_not_give_a_new_task_its_state(
    client: TestClient, api_database_url: str, empty_registry: None
) -> None:
    """A run id already taken by another task's run is not inserted again: the new task
    registered with it in one batch stays pending, as when the run comes separately."""
    first_task, second_task, run_id = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    post(
        client,
        [
            {"type": "task_registered", "task": task(first_task)},
            {"type": "run_started", "run": {"run_id": run_id, "task_id": first_task}},
        ],
    )
    post(
        client,
        [
            {"type": "task_registered", "task": task(second_task)},
            {"type": "run_started", "run": {"run_id": run_id, "task_id": second_task}},
        ],
    )
    ((status, started_at, *_, latest),) = states(api_database_url, [second_task])
    assert (status, started_at, latest) == ("pending", None, None)
    assert counts(api_database_url) == {"pending": 1, "running": 1}
