"""Per-task overhead of ``sd.build`` against Luigi's local scheduler.

Builds a binary tree of no-op tasks (task i requires tasks 2i+1 and 2i+2;
``run()`` only records the task as done in memory and ``complete()`` looks it
up, for both frameworks), so the figures are pure framework overhead: graph
walk, completion checks, scheduling, registry reporting, log capture.

    uv run --group bench python bench/bench_sdk_build.py [--size 10000] [--luigi-size 2000]

Prints µs per task for Stardag with the no-op registry and the file-system
registry at ``--size``, both Stardag and Luigi at ``--luigi-size`` (Luigi's
scheduler grows super-linearly, so it is measured smaller), and the ratio of
Luigi's per-task overhead to Stardag's at the same size.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import time
from collections.abc import Callable
from typing import Any


def stardag_tree(size: int) -> Any:
    done: set[int] = set()
    import stardag as sd

    class BenchNode(sd.BaseTask):
        index: int
        size: int

        def requires(self) -> list[sd.BaseTask]:
            children = (2 * self.index + 1, 2 * self.index + 2)
            return [BenchNode(index=i, size=self.size) for i in children if i < self.size]

        def complete(self) -> bool:
            return self.index in done

        def run(self) -> None:
            done.add(self.index)

    return BenchNode(index=0, size=size)


def luigi_tree(size: int) -> Any:
    done: set[int] = set()
    import luigi

    class LuigiNode(luigi.Task):
        index = luigi.IntParameter()
        size = luigi.IntParameter()

        def requires(self) -> list[luigi.Task]:
            children = (2 * self.index + 1, 2 * self.index + 2)
            # luigi.Task.__init__ is unannotated.
            return [LuigiNode(index=i, size=self.size) for i in children if i < self.size]  # type: ignore[no-untyped-call]

        def complete(self) -> bool:
            return self.index in done

        def run(self) -> None:
            done.add(self.index)

    # luigi.Task.__init__ is unannotated.
    return LuigiNode(index=0, size=size)  # type: ignore[no-untyped-call]


def time_stardag(size: int, registry_kind: str) -> float:
    import stardag as sd
    from stardag.registry import FileSystemRegistry, NoOpRegistry

    registry = (
        NoOpRegistry()
        if registry_kind == "noop"
        else FileSystemRegistry(tempfile.mkdtemp(prefix="stardag-bench-registry-"))
    )
    root = stardag_tree(size)
    started = time.perf_counter()
    summary = sd.build(root, registry=registry)
    elapsed = time.perf_counter() - started
    assert len(summary.built) == size, summary
    return elapsed


def time_luigi(size: int) -> float:
    import luigi

    root = luigi_tree(size)
    started = time.perf_counter()
    # luigi.build is unannotated.
    ok = luigi.build([root], local_scheduler=True, log_level="WARNING")  # type: ignore[no-untyped-call]
    elapsed = time.perf_counter() - started
    assert ok
    return elapsed


def report(label: str, size: int, seconds: float) -> float:
    per_task = seconds / size * 1e6
    print(f"{label:<44} {size:>6} tasks  {seconds:8.3f} s  {per_task:9.1f} µs/task")
    return per_task


def best_of(runs: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--luigi-size", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3, help="best of N for Stardag")
    args = parser.parse_args()

    os.environ["STARDAG_HOME"] = tempfile.mkdtemp(prefix="stardag-bench-home-")
    os.environ["STARDAG_COMMIT_HASH"] = "bench"  # do not time git
    logging.getLogger("luigi-interface").setLevel(logging.WARNING)

    print(f"binary tree of no-op tasks; best of {args.runs} for Stardag, 1 run for Luigi")
    report(
        "stardag  sd.build, NoOpRegistry",
        args.size,
        best_of(args.runs, lambda: time_stardag(args.size, "noop")),
    )
    report(
        "stardag  sd.build, FileSystemRegistry",
        args.size,
        best_of(args.runs, lambda: time_stardag(args.size, "fs")),
    )
    small = args.luigi_size
    stardag_small = report(
        "stardag  sd.build, NoOpRegistry",
        small,
        best_of(args.runs, lambda: time_stardag(small, "noop")),
    )
    stardag_small_fs = report(
        "stardag  sd.build, FileSystemRegistry",
        small,
        best_of(args.runs, lambda: time_stardag(small, "fs")),
    )
    luigi_small = report("luigi    luigi.build(local_scheduler=True)", small, time_luigi(small))
    print(
        f"Luigi per-task overhead / Stardag's at {small} tasks: "
        f"{luigi_small / stardag_small:.1f}x (no-op registry), "
        f"{luigi_small / stardag_small_fs:.1f}x (file-system registry)"
    )


if __name__ == "__main__":
    main()
