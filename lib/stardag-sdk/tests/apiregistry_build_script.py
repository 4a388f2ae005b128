"""A user's build script, run in a child process by the APIRegistry tests.

    python apiregistry_build_script.py slow-chain SECONDS
    python apiregistry_build_script.py overlapping WORKER

The registry comes from the environment exactly as for a user
(``STARDAG_REGISTRY=auto``, ``STARDAG_REGISTRY_URL``, ``STARDAG_HOME``).
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TYPE_CHECKING, Any, TypeAlias

import stardag as sd
from stardag.registry import describe_active_registry

if TYPE_CHECKING:
    AnyTask: TypeAlias = sd.Task[Any]
else:
    # Pydantic validates a field against the class itself, not a parametrized subclass.
    AnyTask = sd.Task


@sd.task(namespace="apiregistry-tests")
def load(n: int, seconds: float = 0.0) -> int:
    time.sleep(seconds)
    print(f"loaded {n}")
    return n


class Total(sd.AutoTask[int], namespace_override="apiregistry-tests"):
    parts: list[AnyTask]
    label: str = ""

    def requires(self) -> list[sd.Task[Any]]:
        return self.parts

    def run(self) -> None:
        logging.getLogger("apiregistry-tests").warning("adding %d parts", len(self.parts))
        self.output().save(sum(part.output().load() for part in self.parts))


@sd.task(namespace="apiregistry-tests")
def wait(after: sd.Depends[int], seconds: float) -> int:
    print("waiting", flush=True)
    time.sleep(seconds)
    return after


def overlapping_dag(worker: int) -> sd.Task[Any]:
    """Workers share most tasks: leaves 0..11, windows of 8 leaves, one shared grand total."""
    leaves = [load(n=n, seconds=0.01) for n in range(12)]
    windows = [Total(parts=leaves[start : start + 8], label="window") for start in range(5)]
    mine = Total(parts=[windows[worker], windows[(worker + 1) % 5]], label=f"worker-{worker}")
    shared = Total(parts=windows, label="all-windows")
    return Total(parts=[mine, shared], label=f"root-{worker}")


def main() -> None:
    mode, argument = sys.argv[1], sys.argv[2]
    print(f"registry: {describe_active_registry()}", flush=True)
    if mode == "slow-chain":
        sd.build(wait(after=load(n=1), seconds=float(argument)))
    elif mode == "overlapping":
        sd.build(overlapping_dag(int(argument)), max_workers=2)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main()
