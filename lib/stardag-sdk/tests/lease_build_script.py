"""A builder process for the lease tests: builds one root over shared upstream tasks.

Usage: python lease_build_script.py ROOT_VALUE SALT SHARED_COUNT SLEEP [MAX_WORKERS]
Registry and target root come from the environment (STARDAG_REGISTRY, ...). Prints
``built=<n> skipped=<n> status=<status>`` when done.
"""

from __future__ import annotations

import sys

import dask_tasks as t
import stardag as sd
from stardag.build import GlobalLockConfig


def shared_tasks(salt: int, count: int, sleep: float) -> list[t.Add]:
    return [t.Add(value=salt * 1000 + i, sleep=sleep) for i in range(count)]


def main() -> None:
    root_value, salt, count = (int(arg) for arg in sys.argv[1:4])
    sleep = float(sys.argv[4])
    max_workers = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    root = t.Add(value=root_value, upstream=tuple(shared_tasks(salt, count, sleep)))
    # Cross-builder locking as the original stardag spells it: each task under its lease.
    summary = sd.build(
        root, max_workers=max_workers, global_lock_config=GlobalLockConfig(enabled=True)
    )
    print(f"built={len(summary.built)} skipped={len(summary.skipped)} status={summary.status}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
