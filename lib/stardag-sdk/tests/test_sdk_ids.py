"""Task ids: deterministic over namespace, family, version and parameters."""

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
        import ids_example_tasks as module  # type: ignore[import-not-found]

        in_process = module.root().id
    finally:
        sys.path.remove(str(tmp_path))
    assert ids == {in_process}
    assert module.root().__namespace__ == "bench.ids"


def test_id_is_pinned_for_a_known_task() -> None:
    # Guards the id scheme itself: if this changes, every stored output is orphaned.
    class PinnedExample(sd.Task):
        n: int
        name: str = "x"

    assert PinnedExample(n=1).id == PinnedExample(n=1, name="x").id
    assert PinnedExample(n=1).id == "0ee494d4-aaed-5509-842f-490a852cdcfc"
    payload = {"family": "PinnedExample", "namespace": "", "parameters": {"n": 1, "name": "x"}}
    import uuid

    from stardag.ids import TASK_ID_NAMESPACE, canonical_json

    expected = uuid.uuid5(TASK_ID_NAMESPACE, canonical_json({**payload, "version": None}))
    assert PinnedExample(n=1).id == str(expected)


def test_parameters_version_namespace_and_family_all_change_the_id() -> None:
    class Alpha(sd.Task):
        n: int

    class AlphaV2(sd.Task, family="Alpha", version="2"):
        n: int

    class AlphaOther(sd.Task, family="Alpha", task_namespace="other"):
        n: int

    ids = {Alpha(n=1).id, Alpha(n=2).id, AlphaV2(n=1).id, AlphaOther(n=1).id}
    assert len(ids) == 4
    assert Alpha(n=1).id == Alpha(n=1).id


def test_nested_task_contributes_its_own_id() -> None:
    class Leaf(sd.AutoTask[int]):
        value: int

    class Parent(sd.AutoTask[int]):
        child: sd.TaskLoads[int]

    parent = Parent(child=Leaf(value=1))
    reference = parent.parameters_json()["child"]
    assert reference == {"__task_id__": Leaf(value=1).id, "family": "Leaf", "namespace": ""}
    assert Parent(child=Leaf(value=2)).id != parent.id


def test_excluded_parameter_does_not_change_the_id() -> None:
    class Quiet(sd.Task):
        n: int
        log_level: Annotated[str, sd.ExcludeFromId] = "INFO"

    assert Quiet(n=1, log_level="DEBUG").id == Quiet(n=1).id
    assert Quiet(n=1, log_level="DEBUG").parameters_json()["log_level"] == "DEBUG"


def test_tasks_are_hashable_and_frozen() -> None:
    class WithList(sd.Task):
        values: list[int]

    task = WithList(values=[1, 2])
    assert {task, WithList(values=[1, 2])} == {task}
    with pytest.raises(Exception, match="frozen"):
        task.values = [3]  # type: ignore[misc]
