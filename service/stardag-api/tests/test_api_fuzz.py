"""Property-based fuzzing of the whole API from its own OpenAPI schema (schemathesis).

Whatever schemathesis sends, the service answers with a documented status and a
body matching the schema — and never a 500. Each operation gets a bounded number
of examples so the whole run stays well under two minutes.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from schemathesis import checks

EXAMPLES_PER_OPERATION = 20
# Semantic 4xx answers are correct here: a schema-valid body may name ids the
# registry has never seen (422/404), which "positive data acceptance" would flag.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


def test_api_conforms_to_its_schema(api_schema: Any) -> None:
    failures: list[str] = []
    # The event stream never ends by design; tests/test_api_stream.py covers it.
    operations = [
        op
        for op in (result.ok() for result in api_schema.get_all_operations())
        if op.path != "/api/v1/stream"
    ]
    assert len(operations) >= 15
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
            case.call_and_validate(checks=CHECKS)

        try:
            fuzz()
        except Exception as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
