"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis).

Every check schemathesis has runs against a live uvicorn with authentication on
(calls carry an admin key; ``ignored_auth`` retries them without one and expects a
refusal): the service answers with a documented status, content type and body,
accepts schema-valid input, rejects invalid input, answers other methods with 405
and a correct ``Allow`` — and never a 500. Each operation gets a bounded number of
examples so the run stays around a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.store.api_keys import create_key
from stardag_testing import LiveServer

EXAMPLES_PER_OPERATION = 20
# Schema-valid input the registry still refuses on purpose: ids it has never seen
# (404/422), a prefix matching several tasks (409), batches over the size limits (413).
SEMANTIC_REFUSALS = ["2xx", "404", "409", "413", "422"]


@pytest.fixture(scope="module")
def secured_schema(
    api_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, str]]:
    engine = create_engine(api_database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    with Session(engine) as session:
        _, admin_key = create_key(session, "fuzz", ["admin"])
    engine.dispose()
    log_path = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    server = LiveServer(api_database_url, env={"STARDAG_AUTH": "true"}).start(log_path)
    config = schemathesis.Config.from_dict(
        {"checks": {"positive_data_acceptance": {"expected-statuses": SEMANTIC_REFUSALS}}}
    )
    try:
        yield schemathesis.openapi.from_url(server.url + "/openapi.json", config=config), admin_key
    finally:
        server.stop()


def all_checks() -> list[Any]:
    checks.load_all_checks()
    return list(checks.CHECKS.get_all())


def test_api_conforms_to_its_schema(secured_schema: tuple[Any, str]) -> None:
    schema, admin_key = secured_schema
    every_check = all_checks()
    assert len(every_check) >= 14
    headers = {"Authorization": f"Bearer {admin_key}"}
    failures: list[str] = []
    # The event stream never ends by design; tests/test_api_stream.py covers it.
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if op.path != "/api/v1/stream"
    ]
    assert len(operations) >= 18
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def fuzz(case: Any) -> None:
            case.call_and_validate(checks=every_check, headers=headers)

        try:
            fuzz()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
