"""A Dask build driver for the driver-killed test: its own LocalCluster (1 worker process),
one slow task, reporting to STARDAG_REGISTRY_URL. Killed by the test mid-task."""

from __future__ import annotations

import sys

import dask_tasks as t
import stardag as sd
from stardag.execution.dask import DaskExecutor
from stardag.registry.api import APIRegistry

if __name__ == "__main__":
    url, pid_file = sys.argv[1], sys.argv[2]
    with DaskExecutor(n_workers=1) as executor:
        sd.build(
            t.Sleeps(seconds=120, pid_file=pid_file),
            executor=executor,
            registry=APIRegistry(url),
            heartbeat_interval_seconds=0.5,
        )
