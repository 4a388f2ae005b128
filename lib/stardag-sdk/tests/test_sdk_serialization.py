"""Polymorphic serialization: tasks dump with their namespace and name and load back equal."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TypeAlias

import pydantic
import pytest
import stardag as sd
from stardag.target import LocalTarget

if TYPE_CHECKING:
    AnyTask: TypeAlias = sd.Task[Any]
else:
    # Pydantic validates a field against the class itself, not a parametrized subclass.
    AnyTask = sd.Task


class Reading(sd.AutoTask[list[float]]):
    __namespace__ = "serialization"

    sensor: str
    hours: int = 24

    def run(self) -> None:
        self.output().save([1.0] * self.hours)


class Smoothed(sd.AutoTask[list[float]]):
    __namespace__ = "serialization"

    source: sd.TaskLoads[list[float]]
    window: int = 3

    def requires(self) -> sd.Task[Any]:
        return self.source

    def run(self) -> None:
        self.output().save(self.source.output().load())


class Report(sd.Task[LocalTarget]):
    __namespace__ = "serialization"

    inputs: list[AnyTask]
    by_name: dict[str, AnyTask] = {}
    title: str = "weekly"

    def output(self) -> LocalTarget:
        return sd.get_target(f"reports/{self.task_id}.txt")  # type: ignore[return-value]

    def run(self) -> None:
        self.output().write_text(self.title)


def test_nested_task_round_trips_with_the_same_id_and_classes() -> None:
    task = Smoothed(source=Smoothed(source=Reading(sensor="a"), window=5))
    data = task.model_dump(mode="json")
    assert data["__name"] == "Smoothed"
    assert data["__namespace"] == "serialization"
    assert data["source"]["source"] == {
        "__name": "Reading",
        "__namespace": "serialization",
        "version": "",
        "sensor": "a",
        "hours": 24,
    }
    loaded = sd.load_task(json.dumps(data))
    assert loaded == task
    assert loaded.id == task.id
    assert type(loaded.source.source) is Reading  # type: ignore[attr-defined]
    assert sd.BaseTask.model_validate(data) == task


def test_lists_and_dicts_of_tasks_of_different_classes_round_trip() -> None:
    report = Report(
        inputs=[Reading(sensor="a"), Smoothed(source=Reading(sensor="b"))],
        by_name={"raw": Reading(sensor="c", hours=1)},
    )
    loaded = sd.load_task(report.to_json())
    assert loaded == report and loaded.id == report.id
    assert isinstance(loaded, Report)
    expected: list[type[sd.BaseTask]] = [Reading, Smoothed]
    assert [type(t) for t in loaded.inputs] == expected
    assert (
        report.parameters_json()["by_name"]["raw"]["__task_id__"]
        == Reading(sensor="c", hours=1).task_id
    )
    assert "version" not in report.parameters_json()


def test_base_class_validation_dispatches_to_the_serialized_class() -> None:
    data = Reading(sensor="x").model_dump()
    assert type(sd.Task.model_validate(data)) is Reading
    assert type(sd.BaseTask.model_validate(data)) is Reading
    assert type(sd.AutoTask.model_validate(data)) is Reading
    with pytest.raises(pydantic.ValidationError, match="a 'Reading' task, not a 'Smoothed'"):
        Smoothed.model_validate(data)


def test_unknown_task_is_named() -> None:
    with pytest.raises(sd.UnknownFamilyError, match=r"'serialization\.Vanished'"):
        sd.load_task({"__name": "Vanished", "__namespace": "serialization"})
    nested = Smoothed(source=Reading(sensor="a")).model_dump()
    nested["source"]["__name"] = "Gone"
    with pytest.raises(sd.UnknownFamilyError, match="Gone"):
        sd.load_task(nested)


def test_malformed_serialized_task_is_a_clear_error() -> None:
    with pytest.raises(sd.TaskSerializationError, match="__name"):
        sd.load_task({"sensor": "a"})
    with pytest.raises(sd.TaskSerializationError, match="not valid JSON"):
        sd.load_task("{nope")
    reference = Smoothed(source=Reading(sensor="a")).parameters_json()
    with pytest.raises(pydantic.ValidationError, match="a serialized task needs '__name'"):
        Smoothed.model_validate(reference)


def test_parameter_of_the_wrong_type_names_the_field() -> None:
    with pytest.raises(pydantic.ValidationError) as error:
        Reading(sensor="a", hours="many")
    assert error.value.errors()[0]["loc"] == ("hours",)
    assert "hours" in str(error.value)
    with pytest.raises(pydantic.ValidationError, match=r"extra_forbidden|Extra inputs"):
        Reading(sensor="a", minutes=3)  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError, match="source"):
        Smoothed(source=42)


def test_decorated_task_round_trips() -> None:
    @sd.task(namespace="serialization")
    def scale(values: sd.Depends[list[float]], factor: float = 2.0) -> list[float]:
        return [v * factor for v in values]

    task = scale(values=Reading(sensor="z"), factor=3.0)
    loaded = sd.load_task(task.to_json())
    assert loaded == task and loaded.id == task.id
    assert (loaded.get_name(), loaded.get_namespace()) == ("scale", "serialization")
    assert scale.call([1.0, 2.0], factor=3.0) == [3.0, 6.0]  # the plain function
