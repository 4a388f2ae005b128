"""Task leases: one holder per task, expiry hands it over, renew/release by the holder only."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient


def lease(client: TestClient, task_id: str, holder: str, ttl: float = 30.0) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/tasks/{task_id}/lease", json={"holder": holder, "ttl_seconds": ttl}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_second_holder_is_refused_until_the_first_releases(
    client: TestClient, new_id: Callable[[], str]
) -> None:
    task_id = new_id()
    first = lease(client, task_id, "builder-a")
    assert first["granted"] and first["holder"] == "builder-a"
    second = lease(client, task_id, "builder-b")
    assert not second["granted"] and second["holder"] == "builder-a"
    assert lease(client, task_id, "builder-a")["granted"]  # the holder may take it again

    released = client.post(f"/api/v1/tasks/{task_id}/lease/release", json={"holder": "builder-b"})
    assert released.json() == {"released": False}  # not the holder: nothing happens
    assert not lease(client, task_id, "builder-b")["granted"]
    released = client.post(f"/api/v1/tasks/{task_id}/lease/release", json={"holder": "builder-a"})
    assert released.json() == {"released": True}
    assert lease(client, task_id, "builder-b")["granted"]


def test_expired_lease_is_taken_over_and_the_old_holder_cannot_renew(
    client: TestClient, new_id: Callable[[], str]
) -> None:
    task_id = new_id()
    assert lease(client, task_id, "dead-builder", ttl=0.3)["granted"]
    assert not lease(client, task_id, "survivor")["granted"]
    time.sleep(0.5)
    taken = lease(client, task_id, "survivor")
    assert taken["granted"] and taken["holder"] == "survivor"

    renew = client.post(
        f"/api/v1/tasks/{task_id}/lease/renew",
        json={"holder": "dead-builder", "ttl_seconds": 30},
    )
    assert renew.status_code == 409
    assert renew.json()["code"] == "lease_not_held"
    renewed = client.post(
        f"/api/v1/tasks/{task_id}/lease/renew", json={"holder": "survivor", "ttl_seconds": 60}
    )
    assert renewed.status_code == 200
    assert renewed.json()["expires_at"] > taken["expires_at"]


def test_concurrent_takers_get_exactly_one_grant(
    client: TestClient, new_id: Callable[[], str]
) -> None:
    task_id = new_id()
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: lease(client, task_id, f"b{i}"), range(16)))
    granted = [result for result in results if result["granted"]]
    assert len(granted) == 1
    assert {result["holder"] for result in results} == {granted[0]["holder"]}


def test_bad_lease_requests_are_clear_422s(client: TestClient, new_id: Callable[[], str]) -> None:
    cases = [
        ("not-a-uuid", {"holder": "a", "ttl_seconds": 5}),
        (new_id(), {"holder": "a", "ttl_seconds": 0}),
        (new_id(), {"holder": "a", "ttl_seconds": 10_000}),
        (new_id(), {"holder": "", "ttl_seconds": 5}),
        (new_id(), {"ttl_seconds": 5}),
    ]
    for task_id, body in cases:
        response = client.post(f"/api/v1/tasks/{task_id}/lease", json=body)
        assert response.status_code == 422, (task_id, body, response.text)
        assert set(response.json()) >= {"detail", "code"}
