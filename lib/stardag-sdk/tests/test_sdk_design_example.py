"""The SDK example of DESIGN.md and the README, run as written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.usefixtures("stardag_home")


def test_design_example_runs_verbatim(stardag_home: Path) -> None:
    import stardag as sd

    @sd.task(version="1")
    def get_range(limit: int) -> list[int]:
        return list(range(limit))

    @sd.task
    def get_sum(numbers: sd.Depends[list[int]]) -> int:
        return sum(numbers)

    root = get_sum(numbers=get_range(limit=10))
    sd.build(root)  # builds upstream first, skips complete tasks
    assert root.output().load() == 45
    root.id  # noqa: B018 - deterministic: same name+params+version -> same id

    class Scale(sd.AutoTask[list[float]]):  # class form
        data: sd.TaskLoads[list[int]]
        factor: float = 2.0

        def requires(self) -> sd.Task[Any]:
            return self.data

        def run(self) -> None:
            self.output().save([x * self.factor for x in self.data.output().load()])

    scaled = Scale(data=get_range(limit=10))
    summary = sd.build(scaled)
    assert scaled.output().load() == [2.0 * x for x in range(10)]
    assert [task.id for task in summary.skipped] == [scaled.data.id]  # built before
    assert [task.id for task in summary.built] == [scaled.id]
    assert root.id == get_sum(numbers=get_range(limit=10)).id
    default_root = stardag_home / "local-target-roots" / "default" / "default"
    assert str(root.output().uri).startswith(str(default_root))
