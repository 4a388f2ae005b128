"""Tasks for the Dask executor tests: importable by name, so worker processes load them."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, TypeAlias

import stardag as sd

if TYPE_CHECKING:
    AnyTask: TypeAlias = sd.Task[Any]
else:
    # Pydantic validates a field against the class itself, not a parametrized subclass.
    AnyTask = sd.Task

logger = logging.getLogger("dask_tasks")


class Add(sd.AutoTask[int]):
    """Sum of ``value`` and its upstream tasks' outputs; logs which process ran it."""

    value: int
    upstream: tuple[AnyTask, ...] = ()
    sleep: float = 0.0

    def requires(self) -> list[sd.Task[Any]]:
        return list(self.upstream)

    def run(self) -> None:
        if self.sleep:
            time.sleep(self.sleep)
        total = self.value + sum(dep.output().load() for dep in self.upstream)
        logger.info("Add(%s) on pid %s", self.value, os.getpid())
        print(f"printed by {os.getpid()}")
        self.output().save(total)


class Fails(sd.AutoTask[int]):
    value: int = 0

    def run(self) -> None:
        raise ValueError(f"boom {self.value}")


class Dynamic(sd.AutoTask[int]):
    """Yields ``count`` Add tasks at run time and sums them."""

    count: int

    def run(self) -> Generator[list[Add], None, None]:
        deps = [Add(value=i) for i in range(self.count)]
        yield deps
        self.output().save(sum(dep.output().load() for dep in deps))


class Sleeps(sd.AutoTask[str]):
    """Sleeps ``seconds`` (a task to kill its worker in), writing its pid first."""

    seconds: float
    pid_file: str

    def run(self) -> None:
        with open(self.pid_file, "w") as handle:
            handle.write(str(os.getpid()))
        time.sleep(self.seconds)
        self.output().save("slept")
