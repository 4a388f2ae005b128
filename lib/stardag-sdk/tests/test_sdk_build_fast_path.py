"""What the build skips for speed gives the same results as the long way.

A registry that keeps nothing gets no records prepared (the no-op fast path), but
a subclass that keeps something gets them all; registration serializes a task
once (twice with task-valued parameters) and reuses upstream dumps, with exactly
the ``parameters``/``task_data`` of ``parameters_json()``/``model_dump(mode="json")``;
run ids look like ``uuid.uuid4()``'s.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from pathlib import Path

import stardag as sd
from stardag.execution.run_ids import new_run_id
from stardag.ids import TASK_ID_NAMESPACE, canonical_json
from stardag.registry import FileSystemRegistry, NoOpRegistry
from stardag.registry.models import RunStart, TaskRegistration
from stardag.registry.noop import reports_nothing


class FastLeaf(sd.AutoTask[int], namespace_override="fast-path-tests"):
    value: int

    def run(self) -> None:
        print(f"leaf {self.value}")
        self.output().save(self.value)


class FastSum(sd.AutoTask[int], namespace_override="fast-path-tests"):
    parts: list[sd.TaskLoads[int]]
    label: str = "sum"

    def requires(self) -> list[sd.TaskLoads[int]]:
        return list(self.parts)

    def run(self) -> None:
        self.output().save(sum(part.output().load() for part in self.parts))


class KeepsRegistrations(NoOpRegistry):
    """A no-op registry that keeps one thing: it must not take the fast path."""

    def __init__(self) -> None:
        self.registered: list[TaskRegistration] = []
        self.started: list[RunStart] = []

    def register_tasks(self, tasks: Sequence[TaskRegistration]) -> None:
        self.registered.extend(tasks)


def dag() -> FastSum:
    leaves = [FastLeaf(value=i) for i in range(3)]
    inner = FastSum(parts=leaves[:2], label="inner")
    return FastSum(parts=[inner, leaves[2]], label="outer")


def test_the_no_op_registry_builds_the_same_dag_with_the_same_summary(stardag_home: Path) -> None:
    assert reports_nothing(NoOpRegistry())
    root = dag()
    summary = sd.build(root, registry=NoOpRegistry())
    assert summary.succeeded and summary.task_count.succeeded == 5
    assert root.output().load() == 3
    again = sd.build(dag(), registry=NoOpRegistry())
    assert again.task_count.previously_completed == 1 and not again.built


def test_a_registry_that_keeps_something_gets_every_registration(stardag_home: Path) -> None:
    registry = KeepsRegistrations()
    assert not reports_nothing(registry)
    root = dag()
    sd.build(root, registry=registry)
    by_id = {record.task_id: record for record in registry.registered}
    assert set(by_id) == {
        root.task_id,
        *(part.task_id for part in root.parts),
        *(
            leaf.task_id
            for leaf in root.parts[0].parts  # type: ignore[attr-defined]
        ),
    }
    for task in [root, *root.parts]:
        record = by_id[task.task_id]
        assert record.parameters == task.parameters_json()
        assert record.task_data == task.model_dump(mode="json")
        assert sd.load_task(record.task_data) == task
    assert by_id[root.task_id].dependencies == [part.task_id for part in root.parts]


def test_the_file_system_registry_stores_the_same_records_and_ids(stardag_home: Path) -> None:
    registry = FileSystemRegistry(stardag_home / "registry")
    root = dag()
    sd.build(root, registry=registry)
    stored = registry.get_task(root.task_id)
    assert stored is not None
    assert stored.registration.task_data == root.model_dump(mode="json")
    assert stored.registration.parameters == root.parameters_json()
    # the id is still the UUID5 of json.dumps(hash-mode dump, sorted, compact)
    hash_data = root._dump_own_fields("json", {"mode": "hash"})
    expected = json.dumps(hash_data, sort_keys=True, separators=(",", ":"))
    assert canonical_json(hash_data) == expected
    assert root.id == uuid.uuid5(TASK_ID_NAMESPACE, expected)


def test_run_ids_are_random_version_4_uuids() -> None:
    ids = [new_run_id() for _ in range(2_000)]
    assert len(set(ids)) == len(ids)
    for run_id in ids[:50]:
        parsed = uuid.UUID(run_id)
        assert str(parsed) == run_id
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
