"""Builds the CLI build tests watch: run as ``python cli_builds_script.py MODE [GATE]``.

``fail``: a chain whose middle task raises. ``slow``: a chain whose middle task logs,
then waits until the file GATE exists, logs again and completes. Prints the middle
task's id first (flushed), so the test can address it while the build runs.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

import stardag as sd

NS = "cli-builds-tests"


@sd.task(namespace=NS)
def numbers(size: int) -> list[int]:
    return list(range(size))


@sd.task(namespace=NS)
def middle(values: sd.Depends[list[int]], mode: str, gate: str) -> list[int]:
    log = logging.getLogger("middle")
    log.warning("middle started")
    print("printed before the gate")
    if mode == "fail":
        raise ValueError("middle cannot go on")
    while not Path(gate).exists():
        time.sleep(0.05)
    log.warning("after the gate")
    return values


@sd.task(namespace=NS)
def total(values: sd.Depends[list[int]]) -> int:
    return sum(values)


def main() -> None:
    mode, gate = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else ""
    mid = middle(values=numbers(size=len(gate) + 3), mode=mode, gate=gate)
    root = total(values=mid)
    print(mid.task_id, flush=True)
    if not sd.build(root).succeeded:
        sys.exit(3)


if __name__ == "__main__":
    main()
