"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis).

Every check schemathesis has runs against a live uvicorn with authentication on
(calls carry an admin key; ``ignored_auth`` retries them without one and expects a
refusal): the service answers with a documented status, content type and body,
accepts schema-valid input, rejects invalid input, answers other methods with 405
and a correct ``Allow`` — and never a 500. Stateless: each operation on its own.
Stateful: sequences that follow the links schemathesis infers between operations
(a registered task's id into its runs, graph and leases; a created key into its
revocation), each scenario on an empty registry. Examples are bounded so each run
stays well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import psycopg
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from sqlalchemy import create_engine
from sqlalchemy.orm import Session
from stardag_api.db.models import Base
from stardag_api.store.api_keys import create_key
from stardag_testing import LiveServer, create_database, drop_database, migrate

EXAMPLES_PER_OPERATION = 20
# Schema-valid input the registry still refuses on purpose: ids it has never seen
# (404/422), a prefix matching several tasks (409), batches over the size limits (413).
SEMANTIC_REFUSALS = ["2xx", "404", "409", "413", "422"]


@pytest.fixture(scope="module")
def secured_schema(
    api_database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, str, str]]:
    """The schema of a live server with auth on, an admin key, and the server's URL."""
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
        schema = schemathesis.openapi.from_url(server.url + "/openapi.json", config=config)
        yield schema, admin_key, server.url
    finally:
        server.stop()


def all_checks() -> list[Any]:
    checks.load_all_checks()
    return list(checks.CHECKS.get_all())


def test_api_conforms_to_its_schema(secured_schema: tuple[Any, str, str]) -> None:
    schema, admin_key, _ = secured_schema
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


# Stateful scenarios: enough to walk every inferred link several times, in under a minute
# on a loaded 2-core machine.
SCENARIOS = 40
STEPS_PER_SCENARIO = 20
# Every table of the schema is emptied before each scenario (api_keys too: a scenario may
# list keys and revoke one, so each gets a fresh admin key of its own). Read from the
# models so a new table (counts, rollups) cannot leak state from one scenario to the next.
REGISTRY_TABLES = ", ".join(table.name for table in Base.metadata.sorted_tables)


@pytest.fixture(scope="module")
def stateful_server(
    postgres_admin_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[LiveServer, str]]:
    """A live server with auth on, over a database of its own (scenarios empty it)."""
    database_url = create_database(postgres_admin_url, prefix="stardag_api_stateful")
    migrate(database_url)
    log_path = tmp_path_factory.mktemp("uvicorn") / "uvicorn.log"
    server = LiveServer(database_url, env={"STARDAG_AUTH": "true"}).start(log_path)
    try:
        yield server, database_url
    finally:
        server.stop()
        drop_database(postgres_admin_url, database_url)


def test_api_sequences_conform_to_its_schema(stateful_server: tuple[LiveServer, str]) -> None:
    server, database_url = stateful_server
    config = schemathesis.Config.from_dict(
        {
            "generation": {
                # Positive and negative data. Unknown query parameters are ignored on
                # purpose (like most HTTP APIs), so schemathesis must not expect a 4xx
                # for them.
                "mode": "all",
                "allow-extra-parameters": False,
            },
            "checks": {"positive_data_acceptance": {"expected-statuses": SEMANTIC_REFUSALS}},
        }
    )
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json", config=config)
    every_check = all_checks()
    engine = create_engine(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    current_key = {"text": ""}

    @schema.auth(refresh_interval=None)
    class ScenarioKey:
        """The admin key of the running scenario (schemathesis leaves it out to test 401s)."""

        def get(self, case: Any, context: Any) -> str:
            return current_key["text"]

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    # The event stream never ends by design; tests/test_api_stream.py covers it.
    links = schema.exclude(path="/api/v1/stream").as_state_machine()

    with psycopg.connect(database_url, autocommit=True) as conn:

        class Scenarios(links):  # type: ignore[misc, valid-type]
            def setup(self) -> None:
                # A fresh registry per scenario: which links can be followed must depend
                # only on the scenario's own steps, or Hypothesis cannot replay it.
                conn.execute(f"TRUNCATE {REGISTRY_TABLES}")
                with Session(engine) as session:
                    _, current_key["text"] = create_key(session, "stateful-fuzz", ["admin"])

            def validate_response(
                self, response: Any, case: Any, additional_checks: Any = None, **kwargs: Any
            ) -> None:
                case.validate_response(
                    response,
                    checks=every_check,
                    transport_kwargs=kwargs or None,
                    recorder=self.recorder,
                )

        try:
            Scenarios.run(
                settings=settings(
                    max_examples=SCENARIOS,
                    stateful_step_count=STEPS_PER_SCENARIO,
                    deadline=None,
                    suppress_health_check=list(HealthCheck),
                    derandomize=True,
                    database=None,
                )
            )
        finally:
            engine.dispose()


def test_event_stream_is_declared_as_what_it_serves(
    secured_schema: tuple[Any, str, str],
) -> None:
    """The stream, left out of fuzzing, is still documented as the media type it sends."""
    schema, admin_key, url = secured_schema
    declared = schema.raw_schema["paths"]["/api/v1/stream"]["get"]["responses"]["200"]["content"]
    assert list(declared) == ["text/event-stream"]
    headers = {"Authorization": f"Bearer {admin_key}"}
    with httpx.stream("GET", url + "/api/v1/stream", headers=headers) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        first_frame = next(response.iter_text()).split("\n")
    assert first_frame[:2] == ["retry: 2000", "event: ready"]
    assert first_frame[2].startswith("data: {")
