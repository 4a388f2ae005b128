"""A small Stardag DAG to try the stack with.

    uv run stardag server up
    uv run python examples/quickstart.py          # builds and reports to the server
    uv run stardag tasks ls
    uv run stardag ui open

``--limit N`` builds a different instance of the same DAG (new task ids); a task
whose parameters did not change is not run again.
"""

from __future__ import annotations

import argparse

import stardag as sd


@sd.task(version="1")
def get_range(limit: int) -> list[int]:
    """The numbers 0 .. limit-1."""
    return list(range(limit))


class Scale(sd.AutoTask[list[float]]):
    """Every number of ``data`` times ``factor``."""

    data: sd.TaskLoads[list[int]]
    factor: float = 2.0

    def requires(self):  # type: ignore[no-untyped-def]
        return self.data

    def run(self) -> None:
        self.output().save([x * self.factor for x in self.data.output().load()])


@sd.task
def get_sum(numbers: sd.Depends[list[float]]) -> float:
    """The sum of the numbers."""
    return sum(numbers)


@sd.task
def report(total: sd.Depends[float], count: sd.Depends[list[int]]) -> str:
    """A one-line summary that depends on two branches of the DAG."""
    return f"{len(count)} numbers, scaled sum {total}"


def quickstart_dag(limit: int) -> sd.Task:
    numbers = get_range(limit=limit)
    return report(total=get_sum(numbers=Scale(data=numbers, factor=3.0)), count=numbers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=10, help="size of the range (default 10)")
    args = parser.parse_args()
    root = quickstart_dag(args.limit)
    sd.build(root).raise_for_status()  # a failed task exits with its traceback
    print(f"{root.task_id}  {root.output().load()}")


if __name__ == "__main__":
    main()
