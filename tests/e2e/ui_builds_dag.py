"""Builds the live UI tests watch: ``python ui_builds_dag.py MODE [ARG]``.

``parallel``: four independent sleeping tasks built together with four workers
(their runs overlap in time). ``failing``: a chain whose middle task raises.
``gated GATE``: a chain whose middle task waits until the file GATE exists (a gate
never created makes a build to kill). Prints the (first) root task's id first (flushed).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import stardag as sd

NS = "ui-builds-e2e"


@sd.task(namespace=NS)
def nap(index: int, seconds: float) -> int:
    time.sleep(seconds)
    return index


@sd.task(namespace=NS)
def load(name: str) -> list[int]:
    return [1, 2, 3]


@sd.task(namespace=NS)
def transform(rows: sd.Depends[list[int]], gate: str, explode: bool = False) -> list[int]:
    if explode:
        raise RuntimeError("transform exploded")
    while gate and not Path(gate).exists():
        time.sleep(0.05)
    return rows


@sd.task(namespace=NS)
def publish(rows: sd.Depends[list[int]]) -> int:
    return len(rows)


def main() -> None:
    mode = sys.argv[1]
    arg = sys.argv[2] if len(sys.argv) > 2 else ""
    if mode == "parallel":
        roots = [nap(index=i, seconds=0.6) for i in range(4)]
        workers = 4
    else:
        middle = transform(rows=load(name=f"{mode}-{arg}"), gate=arg, explode=mode == "failing")
        roots = [publish(rows=middle)]
        workers = 1
    print(roots[0].task_id, flush=True)
    sd.build(roots, max_workers=workers)  # a failed build is what the UI must show


if __name__ == "__main__":
    main()
