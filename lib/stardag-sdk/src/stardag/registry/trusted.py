"""The build's own registry records, made without pydantic validation.

A build makes four records per task it runs (registration, task state, run start,
run finish) from values it produced itself: strings, ids, enum members and aware
UTC datetimes that already have the fields' types. Validating them again cost
about as much as the rest of the registry's work per task, so these functions set
the fields directly, the way pydantic itself stores a validated instance: the
records are equal to validated ones, field for field (same ``model_fields_set``),
and serialize to the same bytes (``tests/test_sdk_trusted_records.py`` checks both).

Only for values the SDK made: records built from user input keep validating.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from stardag.registry.models import (
    RunFinish,
    RunStart,
    RunStatus,
    TaskRegistration,
    TaskState,
    TaskStateReport,
    utc_now,
)

_Model = TypeVar("_Model", bound=BaseModel)
_new = object.__new__
_set = object.__setattr__

_REGISTRATION_GIVEN = frozenset(TaskRegistration.model_fields) - {"created_at"}
_REGISTRATION_ALL = frozenset(TaskRegistration.model_fields)
_RUN_START_GIVEN = frozenset(RunStart.model_fields) - {"started_at"}
_STATE_GIVEN = frozenset({"task_id", "state", "at"})
_STATE_WITH_CAUSE_GIVEN = frozenset({"task_id", "state", "cause_task_id"})
_FINISH_COMPLETED_GIVEN = frozenset({"status"})
_FINISH_FAILED_GIVEN = frozenset({"status", "error_message", "traceback"})


def _trusted(cls: type[_Model], fields: dict[str, Any], given: frozenset[str]) -> _Model:
    """An instance of ``cls`` holding ``fields`` (every field, in declaration order)."""
    model = _new(cls)
    _set(model, "__dict__", fields)
    _set(model, "__pydantic_fields_set__", set(given))
    _set(model, "__pydantic_extra__", None)
    _set(model, "__pydantic_private__", None)
    return model


def task_registration_record(
    task_id: str,
    namespace: str,
    family: str,
    version: str | None,
    parameters: dict[str, Any],
    task_data: dict[str, Any],
    output_uri: str | None,
    dependencies: list[str],
    user: str | None,
    host: str | None,
    commit_hash: str | None,
    complete: bool,
    created_at: datetime | None,
) -> TaskRegistration:
    fields = {
        "task_id": task_id,
        "namespace": namespace,
        "family": family,
        "version": version,
        "parameters": parameters,
        "task_data": task_data,
        "output_uri": output_uri,
        "dependencies": dependencies,
        "user": user,
        "host": host,
        "commit_hash": commit_hash,
        "created_at": utc_now() if created_at is None else created_at,
        "complete": complete,
    }
    given = _REGISTRATION_GIVEN if created_at is None else _REGISTRATION_ALL
    return _trusted(TaskRegistration, fields, given)


def task_state_records(
    task_ids: Sequence[str], state: TaskState, at: datetime
) -> list[TaskStateReport]:
    """One state for many tasks, decided at one moment (``TaskStateReport(task_id=..,
    state=.., at=at)`` each)."""
    return [
        _trusted(
            TaskStateReport,
            {"task_id": task_id, "state": state, "cause_task_id": None, "at": at},
            _STATE_GIVEN,
        )
        for task_id in task_ids
    ]


def task_state_record(task_id: str, state: TaskState, cause_task_id: str | None) -> TaskStateReport:
    """``TaskStateReport(task_id=.., state=.., cause_task_id=..)`` at this moment."""
    fields = {"task_id": task_id, "state": state, "cause_task_id": cause_task_id, "at": utc_now()}
    return _trusted(TaskStateReport, fields, _STATE_WITH_CAUSE_GIVEN)


def run_start_record(
    run_id: str,
    task_id: str,
    build_id: str | None,
    user: str | None,
    host: str | None,
    commit_hash: str | None,
) -> RunStart:
    """``RunStart(...)`` starting now."""
    fields = {
        "run_id": run_id,
        "task_id": task_id,
        "build_id": build_id,
        "user": user,
        "host": host,
        "commit_hash": commit_hash,
        "started_at": utc_now(),
    }
    return _trusted(RunStart, fields, _RUN_START_GIVEN)


def run_completed_record() -> RunFinish:
    """``RunFinish(status=RunStatus.COMPLETED)`` finishing now."""
    fields = {
        "status": RunStatus.COMPLETED,
        "finished_at": utc_now(),
        "error_message": None,
        "traceback": None,
    }
    return _trusted(RunFinish, fields, _FINISH_COMPLETED_GIVEN)


def run_failed_record(error_message: str, traceback: str | None) -> RunFinish:
    """``RunFinish(status=RunStatus.FAILED, error_message=.., traceback=..)`` finishing now."""
    fields = {
        "status": RunStatus.FAILED,
        "finished_at": utc_now(),
        "error_message": error_message,
        "traceback": traceback,
    }
    return _trusted(RunFinish, fields, _FINISH_FAILED_GIVEN)
