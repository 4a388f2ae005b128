"""Tasks of bench_dask.py, in a module of their own so Dask worker processes import them."""

from __future__ import annotations

import stardag as sd


def spin(iterations: int) -> int:
    """Pure-Python CPU work (holds the GIL: threads cannot share it, processes can)."""
    total = 0
    for i in range(iterations):
        total = (total + i * i) % 1_000_003
    return total


class Spin(sd.BaseTask):
    """``iterations`` of CPU work; complete once it ran in this build (no output files)."""

    index: int
    iterations: int
    salt: str

    def complete(self) -> bool:
        return False

    def run(self) -> None:
        spin(self.iterations)


class NoOp(sd.BaseTask):
    """Does nothing: what a build spends on it is the per-task overhead."""

    index: int
    salt: str

    def complete(self) -> bool:
        return False

    def run(self) -> None:
        return None
