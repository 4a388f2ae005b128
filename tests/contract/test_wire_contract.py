"""The SDK's side of the wire contract must match the service's OpenAPI schema.

The SDK spells the contract out twice — the pydantic models it sends
(``stardag.registry.models``) and the typed dicts its read client returns
(``stardag.client.models``) — and the CLI takes its status choices from the
latter. These tests compare both with the schema the running service publishes
(the UI's generated client is checked against the same schema in
``tests/e2e/test_ui_openapi.py``), so a field or a status added on one side only
fails here, naming it.
"""

from __future__ import annotations

import types
from enum import Enum
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

import pytest
from pydantic import BaseModel
from stardag.client import models as read
from stardag.registry import models as write

# SDK type -> the service's schema name.
READ_SHAPES: dict[type, str] = {
    read.Health: "Health",
    read.TaskPublic: "TaskPublic",
    read.TaskDetail: "TaskDetail",
    read.RelatedTask: "RelatedTask",
    read.RunPublic: "RunPublic",
    read.TaskPage: "TasksPublic",
    read.RelatedTasks: "RelatedTasks",
    read.Edge: "Edge",
    read.TaskGraph: "TaskGraph",
    read.LogRecordPublic: "LogRecordPublic",
    read.LogPage: "LogRecordsPublic",
    read.FamilyCounts: "FamilySummary",
    read.BuildPublic: "BuildPublic",
    read.Stats: "Stats",
}
WRITE_MODELS: dict[type[BaseModel], str] = {
    write.TaskRegistration: "TaskCreate",
    write.BuildStart: "BuildCreate",
    write.RunStart: "RunCreate",
    write.RunFinish: "RunFinish",
    write.LogRecord: "LogRecord",
}
ENUMS: list[tuple[Any, str]] = [
    (read.TaskStatusName, "TaskStatus"),
    (write.TaskStatus, "TaskStatus"),
    (read.RunStatusName, "RunStatus"),
    (write.RunStatus, "RunStatus"),
    (read.Direction, "Direction"),
]


@cache
def schemas() -> dict[str, Any]:
    from stardag_api.main import app

    return app.openapi()["components"]["schemas"]  # type: ignore[no-any-return]


def _allows_null(prop: dict[str, Any]) -> bool:
    return prop.get("type") == "null" or any(_allows_null(s) for s in prop.get("anyOf", []))


def _is_optional(hint: Any) -> bool:
    return get_origin(hint) in (Union, types.UnionType) and type(None) in get_args(hint)


def _values(source: Any) -> set[str]:
    if isinstance(source, type) and issubclass(source, Enum):
        return {str(member.value) for member in source}
    assert get_origin(source) is Literal
    return {str(value) for value in get_args(source)}


@pytest.mark.parametrize("shape", list(READ_SHAPES), ids=lambda shape: shape.__name__)
def test_read_client_shapes_match_the_service(shape: type) -> None:
    schema = schemas()[READ_SHAPES[shape]]
    hints = get_type_hints(shape)
    assert set(hints) == set(schema["properties"]), (
        f"{shape.__name__} fields differ from the service's {READ_SHAPES[shape]}: "
        f"SDK only {sorted(set(hints) - set(schema['properties']))}, "
        f"service only {sorted(set(schema['properties']) - set(hints))}"
    )
    for name, hint in hints.items():
        nullable = _allows_null(schema["properties"][name])
        assert _is_optional(hint) == nullable, f"{shape.__name__}.{name}: nullable={nullable}"


@pytest.mark.parametrize("model", list(WRITE_MODELS), ids=lambda model: model.__name__)
def test_sent_models_match_what_the_service_accepts(model: type[BaseModel]) -> None:
    schema = schemas()[WRITE_MODELS[model]]
    fields = model.model_fields
    assert set(fields) == set(schema["properties"]), (
        f"{model.__name__} fields differ from the service's {WRITE_MODELS[model]}: "
        f"SDK only {sorted(set(fields) - set(schema['properties']))}, "
        f"service only {sorted(set(schema['properties']) - set(fields))}"
    )
    # The SDK may insist on more than the service does, never on less.
    required = {name for name, field in fields.items() if field.is_required()}
    missing = set(schema.get("required", [])) - required
    assert not missing, f"{model.__name__} may omit fields the service requires: {missing}"


@pytest.mark.parametrize("source,name", ENUMS, ids=lambda value: getattr(value, "__name__", ""))
def test_status_and_direction_values_match_the_service(source: Any, name: str) -> None:
    assert _values(source) == set(schemas()[name]["enum"]), name


def test_log_levels_and_streams_match_the_service() -> None:
    props = schemas()["LogRecord"]["properties"]
    assert _values(write.LogLevel) == set(props["level"]["enum"])
    assert _values(write.LogStream) == set(props["stream"]["enum"])


def test_the_cli_offers_exactly_the_task_statuses_of_the_contract() -> None:
    from stardag_cli.tasks import TaskStatusChoice

    assert {choice.value for choice in TaskStatusChoice} == set(schemas()["TaskStatus"]["enum"])
