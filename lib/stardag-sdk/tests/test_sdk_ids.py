"""Task ids: deterministic over namespace, name, version and parameters."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Annotated

import pytest
import stardag as sd

MODULE = textwrap.dedent(
    """
    import stardag as sd

    __stardag_namespace__ = "bench.ids"

    class Source(sd.AutoTask[list[int]]):
        size: int
        seed: float = 0.5

        def run(self):
            self.output().save(list(range(self.size)))

    class Combine(sd.AutoTask[int]):
        left: sd.TaskLoads[list[int]]
        right: sd.TaskLoads[list[int]]
        label: str = "ü unicode"

        def requires(self):
            return [self.left, self.right]

        def run(self):
            self.output().save(sum(self.left.output().load() + self.right.output().load()))

    def root():
        return Combine(left=Source(size=3), right=Source(size=4, seed=1.25))
    """
)


def _write_module(folder: Path) -> None:
    (folder / "ids_example_tasks.py").write_text(MODULE, encoding="utf-8")


def test_same_parameters_give_the_same_id_in_another_process(tmp_path: Path) -> None:
    _write_module(tmp_path)
    script = (
        f"import sys; sys.path.insert(0, {str(tmp_path)!r}); "
        "import ids_example_tasks as m; print(m.root().id)"
    )
    ids = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    }
    sys.path.insert(0, str(tmp_path))
    try:
        import ids_example_tasks as module

        in_process = module.root().id
    finally:
        sys.path.remove(str(tmp_path))
    assert ids == {str(in_process)} == {module.root().task_id}
    assert module.root().get_namespace() == "bench.ids"


def test_id_is_the_uuid5_of_the_canonical_hash_dump() -> None:
    # Guards the id scheme itself: if this changes, every stored output is orphaned.
    # (The original stardag's id vectors are pinned in the compatibility tests.)
    import uuid

    from stardag.ids import TASK_ID_NAMESPACE, canonical_json

    class PinnedExample(sd.AutoTask[int]):
        n: int
        label: str = "x"

        def run(self) -> None:
            self.output().save(self.n)

    task = PinnedExample(n=1)
    assert task.id == PinnedExample(n=1, label="x").id  # defaults count as given
    hash_dump = {"__namespace": "", "__name": "PinnedExample", "version": "", "n": 1, "label": "x"}
    assert task.id == uuid.uuid5(TASK_ID_NAMESPACE, canonical_json(hash_dump))
    assert isinstance(task.id, uuid.UUID) and task.task_id == str(task.id)
    assert task.describe() == f"PinnedExample({task.task_id[:8]})"


def test_parameters_version_namespace_and_name_all_change_the_id() -> None:
    class Alpha(sd.AutoTask[int]):
        n: int

        def run(self) -> None:
            self.output().save(self.n)

    class AlphaV2(Alpha, name_override="Alpha"):
        version: str = "2"

    class AlphaV3(Alpha, name_override="Alpha"):
        __version__ = "3"

    class AlphaOther(Alpha, name_override="Alpha", namespace_override="other"):
        pass

    assert (AlphaV2.get_name(), AlphaV2.__version__, AlphaV2(n=1).version) == ("Alpha", "2", "2")
    assert (AlphaOther.get_name(), AlphaOther.get_namespace()) == ("Alpha", "other")
    assert (AlphaV3.__version__, AlphaV3(n=1).version) == ("3", "3")
    ids = {Alpha(n=1).id, Alpha(n=2).id, AlphaV2(n=1).id, AlphaV3(n=1).id, AlphaOther(n=1).id}
    assert len(ids) == 5
    assert Alpha(n=1).id == Alpha(n=1).id
    assert Alpha(n=1, version="2").id == AlphaV2(n=1).id  # same name, version and parameters


@pytest.mark.filterwarnings("ignore:Field name .* shadows an attribute:UserWarning")
def test_id_and_task_id_are_reserved_parameter_names() -> None:
    with pytest.raises(sd.TaskDefinitionError, match="'id' is reserved"):

        class WithId(sd.AutoTask[int]):
            id: int  # type: ignore[assignment]

            def run(self) -> None:
                pass

    with pytest.raises(sd.TaskDefinitionError, match="'task_id' is reserved"):

        class WithTaskId(sd.AutoTask[int]):
            task_id: str

            def run(self) -> None:
                pass


def test_nested_task_contributes_its_own_id() -> None:
    class Leaf(sd.AutoTask[int]):
        value: int

        def run(self) -> None:
            self.output().save(self.value)

    class Parent(sd.AutoTask[int]):
        child: sd.TaskLoads[int]

        def run(self) -> None:
            self.output().save(self.child.output().load())

    parent = Parent(child=Leaf(value=1))
    reference = parent.parameters_json()["child"]
    assert reference == {"__task_id__": Leaf(value=1).task_id, "family": "Leaf", "namespace": ""}
    assert Parent(child=Leaf(value=2)).id != parent.id


def test_excluded_parameter_does_not_change_the_id() -> None:
    class Quiet(sd.AutoTask[int]):
        n: int
        log_level: Annotated[str, sd.ExcludeFromId] = "INFO"
        sleep_seconds: Annotated[float, sd.StardagField(hash_exclude=True)] = 0.0

        def run(self) -> None:
            self.output().save(self.n)

    assert Quiet(n=1, log_level="DEBUG").id == Quiet(n=1).id
    assert Quiet(n=1, sleep_seconds=2.5).id == Quiet(n=1).id
    assert Quiet(n=2, sleep_seconds=2.5).id != Quiet(n=1, sleep_seconds=2.5).id
    parameters = Quiet(n=1, log_level="DEBUG", sleep_seconds=2.5).parameters_json()
    assert (parameters["log_level"], parameters["sleep_seconds"]) == ("DEBUG", 2.5)


def test_tasks_are_hashable_and_frozen() -> None:
    class WithList(sd.AutoTask[int]):
        values: list[int]

        def run(self) -> None:
            self.output().save(sum(self.values))

    task = WithList(values=[1, 2])
    assert {task, WithList(values=[1, 2])} == {task}
    with pytest.raises(Exception, match="frozen"):
        task.values = [3]  # type: ignore[misc]
