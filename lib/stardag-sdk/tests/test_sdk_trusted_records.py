"""The build's records made without validation (``stardag.registry.trusted``) equal the
validated ones: same fields, same ``model_fields_set``, and the same bytes on the wire,
in the spool and in the file-system journal."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from typing import Any

import stardag as sd
from pydantic import BaseModel
from stardag.registry import events, fs_journal
from stardag.registry.identity import ProcessIdentity
from stardag.registry.models import (
    RunFinish,
    RunStart,
    RunStatus,
    TaskRegistration,
    TaskState,
    TaskStateReport,
)
from stardag.registry.registration import output_uri, task_registration
from stardag.registry.trusted import (
    run_completed_record,
    run_failed_record,
    run_start_record,
    task_state_record,
    task_state_records,
)
from stardag.target import target_roots_override


class TrustedLeaf(sd.AutoTask[str], namespace_override="trusted-records"):
    name: str
    weights: list[float] = [0.5, 1.25]
    options: dict[str, Any] = {"depth": 3, "label": 'ü ✓ "quoted"', "none": None}

    def run(self) -> None:
        self.output().save(self.name)


class TrustedRoot(sd.AutoTask[str], namespace_override="trusted-records"):
    __version__ = "2"
    leaf: TrustedLeaf
    count: int = 7

    def requires(self) -> TrustedLeaf:
        return self.leaf

    def run(self) -> None:
        self.output().save("root")


def _same(trusted: BaseModel, validated: BaseModel, fields_set: bool = True) -> None:
    """Equal records; ``fields_set=False`` when ``validated`` was given the trusted
    record's time afterwards (``model_copy`` marks it set; compared before that)."""
    assert type(trusted) is type(validated)
    assert trusted == validated
    if fields_set:
        assert trusted.model_fields_set == validated.model_fields_set
    assert trusted.model_dump_json().encode() == validated.model_dump_json().encode()
    assert trusted.model_dump() == validated.model_dump()
    assert pickle.loads(pickle.dumps(trusted)) == validated


IDENTITY = ProcessIdentity(user="ana", host="box-1", commit_hash=None)


def test_registrations_equal_validated_ones_and_encode_to_the_same_bytes(tmp_path: Any) -> None:
    with target_roots_override({"default": str(tmp_path)}):
        root = TrustedRoot(leaf=TrustedLeaf(name="x"))
        seen_at = datetime(2026, 12, 2, 9, 30, 0, tzinfo=UTC)  # microsecond 0: shortest form
        dumps: dict[int, dict[str, Any]] = {}
        for task, upstream, complete, created_at in [
            (root.leaf, [], True, seen_at),
            (root, [root.leaf.task_id], False, seen_at),
            (root, [root.leaf.task_id], False, None),
        ]:
            trusted = task_registration(
                task, upstream, IDENTITY, complete, created_at=created_at, dumps=dumps
            )
            parameters, task_data = task.registry_dumps()
            fields: dict[str, Any] = {
                "task_id": task.task_id,
                "namespace": task.get_namespace(),
                "family": task.get_name(),
                "version": task.version or None,
                "parameters": parameters,
                "task_data": task_data,
                "output_uri": output_uri(task),
                "dependencies": list(upstream),
                "user": IDENTITY.user,
                "host": IDENTITY.host,
                "commit_hash": IDENTITY.commit_hash,
                "complete": complete,
            }
            if created_at is not None:
                fields["created_at"] = created_at
            validated = TaskRegistration(**fields)
            if created_at is None:  # made at different moments: compare with the same time
                assert validated.model_fields_set == trusted.model_fields_set
                validated = validated.model_copy(update={"created_at": trusted.created_at})
            _same(trusted, validated, fields_set=created_at is not None)
            assert events.task_registered(trusted) == events.task_registered(validated)
            assert trusted.output_uri is not None and trusted.parameters


def test_task_states_equal_validated_ones() -> None:
    at = datetime(2026, 12, 2, 9, 30, 1, 250, tzinfo=UTC)
    trusted = task_state_records(["a", "b"], TaskState.PENDING, at)
    validated = [
        TaskStateReport(task_id=task_id, state=TaskState.PENDING, at=at) for task_id in ("a", "b")
    ]
    for one, other in zip(trusted, validated, strict=True):
        _same(one, other)
    assert events.task_states("build-1", trusted) == events.task_states("build-1", validated)

    failed = task_state_record("c", TaskState.UPSTREAM_FAILED, "a")
    plain = TaskStateReport(task_id="c", state=TaskState.UPSTREAM_FAILED, cause_task_id="a")
    assert plain.model_fields_set == failed.model_fields_set
    _same(failed, plain.model_copy(update={"at": failed.at}), fields_set=False)
    cancelled = task_state_record("d", TaskState.CANCELLED, None)
    plain = TaskStateReport(task_id="d", state=TaskState.CANCELLED, cause_task_id=None)
    _same(cancelled, plain.model_copy(update={"at": cancelled.at}), fields_set=False)


def test_runs_equal_validated_ones_on_the_wire_and_in_the_journal() -> None:
    run = run_start_record("run-1", "task-1", "build-1", "ana", None, "abc123")
    validated = RunStart(
        run_id="run-1",
        task_id="task-1",
        build_id="build-1",
        user="ana",
        host=None,
        commit_hash="abc123",
    )
    assert validated.model_fields_set == run.model_fields_set
    _same(run, validated.model_copy(update={"started_at": run.started_at}), fields_set=False)
    validated = validated.model_copy(update={"started_at": run.started_at})
    assert events.run_started(run) == events.run_started(validated)
    assert fs_journal.run_started_line(run) == fs_journal.run_started_line(validated)

    finish = run_completed_record()
    plain_finish = RunFinish(status=RunStatus.COMPLETED)
    assert plain_finish.model_fields_set == finish.model_fields_set
    plain_finish = plain_finish.model_copy(update={"finished_at": finish.finished_at})
    _same(finish, plain_finish, fields_set=False)
    assert events.run_finished("run-1", finish) == events.run_finished("run-1", plain_finish)
    assert fs_journal.run_finished_line("run-1", finish) == fs_journal.run_finished_line(
        "run-1", plain_finish
    )

    failure = run_failed_record("ValueError: bad ✗", "Traceback ...\n")
    plain_failure = RunFinish(
        status=RunStatus.FAILED, error_message="ValueError: bad ✗", traceback="Traceback ...\n"
    )
    assert plain_failure.model_fields_set == failure.model_fields_set
    plain_failure = plain_failure.model_copy(update={"finished_at": failure.finished_at})
    _same(failure, plain_failure, fields_set=False)
    assert events.run_finished("run-1", failure) == events.run_finished("run-1", plain_failure)
