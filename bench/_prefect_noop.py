"""Prefect's side of bench_dask.py (b), run in an environment of its own.

Prefect's ephemeral server does not import with the FastAPI version the Stardag
service uses, so bench_dask.py runs this file with ``uv run --no-project --with
prefect ... --with 'fastapi<0.150'``: a LocalCluster of the same shape (2
single-threaded worker processes) and a flow submitting N no-op tasks through
``prefect_dask.DaskTaskRunner``, reporting to a dedicated Prefect server started
here (the ephemeral mode would start a server per worker process). Prints
``seconds=<wall time of the flow>``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request


def start_prefect_server() -> subprocess.Popen[bytes]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 300
    while True:
        try:
            urllib.request.urlopen(f"{url}/health", timeout=2)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("the Prefect server did not start") from None
            time.sleep(0.5)
    os.environ["PREFECT_API_URL"] = url  # the flow and the workers (started after) use it
    return server


SERVER = start_prefect_server() if __name__ == "__main__" else None

import distributed  # noqa: E402
from prefect import flow, task  # noqa: E402
from prefect_dask import DaskTaskRunner  # noqa: E402


# Prefect is not in the workspace (the benchmark runs it with uv --with).
@task  # type: ignore[untyped-decorator]
def noop(index: int) -> None:
    return None


def main() -> None:
    count = int(sys.argv[1])
    # distributed.LocalCluster is unannotated.
    with distributed.LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        # Prefect is not in the workspace (the benchmark runs it with uv --with).
        @flow(task_runner=DaskTaskRunner(address=cluster.scheduler_address))  # type: ignore[untyped-decorator]
        def many(n: int) -> None:
            futures = [noop.submit(i) for i in range(n)]
            for future in futures:
                future.wait()

        many(10)  # the ephemeral server up, the workers importing Prefect
        started = time.perf_counter()
        many(count)
        print(f"seconds={time.perf_counter() - started:.3f}")
    if SERVER is not None:
        SERVER.terminate()
        SERVER.wait(timeout=30)


if __name__ == "__main__":
    main()
