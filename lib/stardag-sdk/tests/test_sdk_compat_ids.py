"""Task ids, serialized form and output paths equal the original stardag's.

The vectors below were produced by the original library (stardag 0.1.0 on PyPI)
for the same task definitions, and checked against its documentation
(``add(a=1, b=2).id == fa9b74b1-...``); a change here breaks every user whose
outputs were written by the original library or by an earlier Stardag.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Annotated, Any, Literal
from uuid import UUID

import pydantic
import pytest
import stardag as sd
from stardag.target import target_roots_override

ROOT = "/r/default"


class Conf(pydantic.BaseModel):
    lr: float = 0.1
    layers: tuple[int, ...] = (1, 2)
    name: str = "ü"


@sd.task
def add(a: int, b: int) -> int:
    return a + b


@sd.task
def addf(a: float, b: float) -> float:
    return a + b


@sd.task(name="Renamed", version="2")
def renamed(x: str, when: datetime.date = datetime.date(2024, 1, 2)) -> str:
    return x


DEFAULT_CONF = Conf()


@sd.task
def nested(
    up: sd.Depends[int], conf: Conf = DEFAULT_CONF, opt: int | None = None, flag: bool = True
) -> dict[str, Any]:
    return {}


@sd.task
def listy(items: list[int], mapping: dict[str, float], lit: Literal["a", "b"] = "a") -> list[int]:
    return items


@sd.task
def with_set(items: sd.HashableSet[str], n: int = 1) -> int:
    return n


class Range(sd.AutoTask[list[int]]):
    limit: int

    def run(self) -> None:
        self.output().save(list(range(self.limit)))


class Sum(sd.AutoTask[int]):
    integers: sd.TaskLoads[list[int]]

    def requires(self) -> sd.TaskStruct:
        return self.integers

    def run(self) -> None:
        self.output().save(sum(self.integers.output().load()))


class Excl(sd.AutoTask[int]):
    a: int
    sleep: Annotated[float, sd.StardagField(hash_exclude=True)] = 3.0
    newp: Annotated[int, sd.StardagField(compat_default=0)] = 0

    def run(self) -> None:
        self.output().save(self.a)


class Versioned(sd.AutoTask[str]):
    __version__ = "3"
    version: str = "3"
    a: int = 1

    def run(self) -> None:
        self.output().save("v3")


class Multi(sd.AutoTask[dict[str, Any]]):
    ups: list[sd.TaskLoads[int]]
    keyed: dict[str, sd.TaskLoads[int]] = {}

    def requires(self) -> sd.TaskStruct:
        return self.ups

    def run(self) -> None:
        self.output().save({})


class Namespaced(sd.AutoTask[int], namespace_override="my.ns"):
    def run(self) -> None:
        self.output().save(0)


# name -> (task, id, path under the default root), all as the original library gives them.
VECTORS: dict[str, tuple[sd.BaseTask, str, str]] = {
    "add": (add(a=1, b=2), "fa9b74b1-1cde-5676-8650-dbcf755a2699", "add/fa/9b/{}.json"),
    "big ints": (add(a=-5, b=10**12), "6ca76ff0-863b-57a7-8e30-414f34cef00f", "add/6c/a7/{}.json"),
    "floats": (addf(a=1, b=2.5), "e51abd11-d7dc-5b69-a3b8-018efeeb8618", "addf/e5/1a/{}.json"),
    "task as value": (
        addf(a=add(a=1, b=2), b=3),
        "a6095c69-cc58-535a-9b7c-8d8db1db8512",
        "addf/a6/09/{}.json",
    ),
    "name, version, date, non-ASCII": (
        renamed(x='héllo "quoted"\n'),
        "68f59baf-ebec-5232-9626-3eb09e6bd86e",
        "Renamed/v2/68/f5/{}.txt",
    ),
    "pydantic model parameter": (
        nested(up=add(a=1, b=2), conf=Conf(lr=0.5), opt=3),
        "31fecaf9-fa62-5f48-8cf5-54096e3c2fed",
        "nested/31/fe/{}.json",
    ),
    "defaults": (
        nested(up=add(a=0, b=0)),
        "200f1592-52a9-5043-9e99-ae7ff84e6f95",
        "nested/20/0f/{}.json",
    ),
    "containers": (
        listy(items=[3, 1, 2], mapping={"z": 1.0, "a": 2.5}),
        "608fbdb0-8237-5156-8055-c041a16a4165",
        "listy/60/8f/{}.json",
    ),
    "HashableSet": (
        with_set(items=frozenset({"b", "a", "c"})),
        "049c7e7b-1a20-5f98-9f6c-c6f6081498b7",
        "with_set/04/9c/{}.json",
    ),
    "class API": (Range(limit=10), "46d5316a-350a-593d-8077-9f5432ca4410", "Range/46/d5/{}.json"),
    "TaskLoads": (
        Sum(integers=Range(limit=10)),
        "96a4b87b-60f0-5d17-9db9-48731aebb555",
        "Sum/96/a4/{}.json",
    ),
    "hash_exclude": (
        Excl(a=1, sleep=9.0),
        "b4a790cd-8700-56ab-9774-278ec9b9812d",
        "Excl/b4/a7/{}.json",
    ),
    "compat_default set": (
        Excl(a=1, newp=5),
        "a4d8a247-5d9b-5ff8-8527-1a33b2702939",
        "Excl/a4/d8/{}.json",
    ),
    "class version": (
        Versioned(),
        "82090781-8d11-566e-b3c0-d0ecf2125576",
        "Versioned/v3/82/09/{}.txt",
    ),
    "lists and dicts of tasks": (
        Multi(ups=[add(a=1, b=1), add(a=2, b=2)], keyed={"x": add(a=3, b=3)}),
        "ea66a269-8b7d-5484-8c7a-80951284213b",
        "Multi/ea/66/{}.json",
    ),
    "dotted namespace": (
        Namespaced(),
        "08ac64c7-37bc-5238-bb00-8af7201069e1",
        "my/ns/Namespaced/08/ac/{}.json",
    ),
}


@pytest.mark.parametrize("case", sorted(VECTORS))
def test_task_id_and_output_path_equal_the_original(case: str) -> None:
    task, expected_id, path = VECTORS[case]
    assert isinstance(task, sd.Task)
    assert task.id == UUID(expected_id)
    assert isinstance(task.id, UUID)
    assert task.task_id == expected_id
    with target_roots_override({"default": ROOT}):
        assert task.output().uri == f"{ROOT}/{path.format(expected_id)}"


def test_documented_id_vector() -> None:
    # concepts/parameters.md of the original documentation
    assert add(a=1, b=2).id == UUID("fa9b74b1-1cde-5676-8650-dbcf755a2699")


def test_hash_excluded_and_compat_default_parameters_leave_the_id_alone() -> None:
    assert Excl(a=1, sleep=9.0).id == Excl(a=1).id == Excl(a=1, newp=0).id
    assert Excl(a=1, newp=5).id != Excl(a=1).id


# JSON exactly as the original library dumps these tasks (model_dump_json).
ORIGINAL_JSON = {
    "multi": (
        '{"__namespace":"","__name":"Multi","version":"","ups":[{"__namespace":"","__name":"add",'
        '"version":"","a":1,"b":1},{"__namespace":"","__name":"add","version":"","a":2,"b":2}],'
        '"keyed":{"x":{"__namespace":"","__name":"add","version":"","a":3,"b":3}}}',
        "ea66a269-8b7d-5484-8c7a-80951284213b",
    ),
    "nested": (
        '{"__namespace":"","__name":"nested","version":"","up":{"__namespace":"","__name":"add",'
        '"version":"","a":1,"b":2},"conf":{"lr":0.5,"layers":[1,2],"name":"\\u00fc"},'
        '"opt":3,"flag":true}',
        "31fecaf9-fa62-5f48-8cf5-54096e3c2fed",
    ),
    "sum": (
        '{"__namespace":"","__name":"Sum","version":"","integers":{"__namespace":"",'
        '"__name":"Range","version":"","limit":10}}',
        "96a4b87b-60f0-5d17-9db9-48731aebb555",
    ),
}


@pytest.mark.parametrize("case", sorted(ORIGINAL_JSON))
def test_json_dumped_by_the_original_loads_into_an_equal_task(case: str) -> None:
    text, expected_id = ORIGINAL_JSON[case]
    task = sd.load_task(text)
    assert task.id == UUID(expected_id)
    assert sd.BaseTask.model_validate_json(text) == task
    assert json.loads(task.model_dump_json()) == json.loads(text)


def test_json_from_before_a_parameter_existed_loads_in_compat_mode() -> None:
    old = {"__namespace": "", "__name": "Excl", "version": "", "a": 1, "sleep": 3.0}
    with pytest.raises(pydantic.ValidationError):
        sd.load_task({**old, "newp": "not an int"})
    task = sd.load_task(old, compat=True)
    assert task == Excl(a=1)
    assert Excl.model_validate(old, context={"mode": "compat"}).id == Excl(a=1).id


def test_serialized_form_starts_with_namespace_and_name() -> None:
    dumped = Sum(integers=Range(limit=3)).model_dump()
    assert list(dumped)[:3] == ["__namespace", "__name", "version"]
    assert dumped["integers"] == {
        "__namespace": "",
        "__name": "Range",
        "version": "",
        "limit": 3,
    }


def test_hash_mode_dump_is_the_id_container() -> None:
    task = Sum(integers=Range(limit=3))
    assert task.model_dump(mode="json", context={"mode": "hash"}) == {"id": task.task_id}


def test_outputs_written_at_the_original_layout_are_found_complete(tmp_path: Path) -> None:
    task = Sum(integers=Range(limit=3))
    expected = tmp_path / "Sum" / task.task_id[:2] / task.task_id[2:4] / f"{task.task_id}.json"
    expected.parent.mkdir(parents=True)
    expected.write_text("3")  # what the original's JSONSerializer(int) writes
    with target_roots_override({"default": str(tmp_path)}):
        assert task.complete()
        assert task.output().load() == 3
