"""Run a build's tasks on a Dask cluster: ``sd.build(task, executor=DaskExecutor(...))``.

The driver (the process calling ``sd.build``) walks the DAG as usual and submits
each task to Dask as soon as its upstream tasks are complete; the run itself
executes on a Dask worker, which reports it (status, times, host and pid,
traceback, captured logs, heartbeats) straight to the driver's registry under the
driver's build id (see :mod:`stardag.execution.remote`). Needs the ``dask`` extra:
``pip install 'stardag[dask]'``.

A worker process that dies mid-task: Dask resubmits the task up to the
scheduler's ``distributed.scheduler.allowed-failures`` times (a cluster this
executor starts itself sets it to ``retries``); after that the build reports the
task failed, and the service's heartbeat sweep fails the dead run.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, TypeVar

from stardag.execution.executor import TaskExecutor
from stardag.execution.remote import RegistrySpec, RemoteRun, flush_worker_registries, run_remote
from stardag.execution.runner import TaskOutcome

if TYPE_CHECKING:
    from stardag.base_task import BaseTask
    from stardag.execution.runner import BuildContext, TaskRunner

R = TypeVar("R")
logger = logging.getLogger(__name__)

IN_FLIGHT_PER_THREAD = 4
"""Tasks submitted per worker thread: the extra ones wait in the scheduler's queue, so a
worker never idles while the driver hears about the previous task."""

REGISTRATION_FLUSH_TIMEOUT = 60.0


class DaskExecutor(TaskExecutor):
    """Runs tasks on Dask workers (builds on it lease their tasks by default).

    Args:
        address: scheduler address (``tcp://host:8786``) to connect to.
        client: an existing ``distributed.Client`` (not closed by this executor).
        n_workers: without ``address``/``client``: start a ``LocalCluster`` with this
            many worker processes (default: Dask's choice), closed by :meth:`close`.
        threads_per_worker: threads of each worker of a cluster started here.
        max_concurrency: tasks in flight at once; default ``4 x`` the cluster's threads.
        retries: run a failing task again up to this many times (each attempt is its
            own run in the registry); on a cluster started here also how often a task
            whose worker died is resubmitted (0: the task fails).

    Use it as a context manager (or call :meth:`close`) to close a client or cluster
    it created. ``shutdown`` (called by ``sd.build`` at the end of every build) only
    waits until the workers delivered their registry events, so one executor can
    serve many builds.
    """

    leases_by_default = True

    def __init__(
        self,
        address: str | None = None,
        *,
        client: Any | None = None,
        n_workers: int | None = None,
        threads_per_worker: int = 1,
        max_concurrency: int | None = None,
        retries: int = 0,
    ) -> None:
        try:
            import dask
            import distributed
        except ImportError as error:  # pragma: no cover - depends on the environment
            raise ImportError(
                "DaskExecutor needs the dask extra: pip install 'stardag[dask]'"
            ) from error
        if retries < 0:
            raise ValueError(f"retries must be at least 0, got {retries}")
        self.retries = retries
        self._delivered_builds: set[str] = set()
        self._cluster: Any | None = None
        self._owns_client = client is None
        if client is None and address is None:
            with dask.config.set({"distributed.scheduler.allowed-failures": retries}):
                self._cluster = distributed.LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=n_workers,
                    threads_per_worker=threads_per_worker,
                    processes=True,
                    dashboard_address=None,
                )
            client = distributed.Client(self._cluster)  # type: ignore[no-untyped-call]
        elif client is None:
            client = distributed.Client(address)  # type: ignore[no-untyped-call]
        self.client = client
        if max_concurrency is None:
            threads = sum(client.nthreads().values()) or 1
            max_concurrency = IN_FLIGHT_PER_THREAD * threads
        if max_concurrency < 1:
            raise ValueError(f"max_concurrency must be at least 1, got {max_concurrency}")
        self.max_concurrency = max_concurrency

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def submit(self, work: Callable[[], R]) -> Future[R]:
        """Run any picklable callable on a worker (not a task run: no registry report)."""
        result: Future[R] = Future()

        def settle(dask_future: Any) -> None:
            try:
                result.set_result(dask_future.result())
            except BaseException as error:
                result.set_exception(error)

        self.client.submit(work, pure=False).add_done_callback(settle)
        return result

    def submit_run(
        self, runner: TaskRunner, task: BaseTask, context: BuildContext
    ) -> Future[TaskOutcome]:
        from stardag.config import get_settings
        from stardag.target import target_factory_provider

        if context.build_id not in self._delivered_builds:
            # Workers report runs of tasks the driver registered: the registrations must
            # reach the registry first (the driver's client sends in the background).
            context.registry.flush(REGISTRATION_FLUSH_TIMEOUT)
            self._delivered_builds.add(context.build_id)
        interval = getattr(context.monitor, "_heartbeat_interval", None)
        run = RemoteRun(
            task=task,
            build_id=context.build_id,
            registry=RegistrySpec.of(context.registry),
            runner=runner,
            target_roots=dict(target_factory_provider.get().target_roots),
            capture_logs=context.capture_logs,
            heartbeat_interval_seconds=interval or get_settings().heartbeat_interval_seconds,
            retries=self.retries,
        )
        outcome: Future[TaskOutcome] = Future()

        def settle(dask_future: Any) -> None:
            try:
                outcome.set_result(dask_future.result())
            except BaseException as error:  # the worker died (KilledWorker) or was lost
                logger.error("%s did not finish on Dask: %r", task.describe(), error)
                outcome.set_result(
                    TaskOutcome(task, "", False, 0.0, error, f"{type(error).__name__}: {error}")
                )

        key = f"stardag-{task.get_name()}-{task.task_id}-{uuid.uuid4().hex[:8]}"
        self.client.submit(run_remote, run, key=key, pure=False).add_done_callback(settle)
        return outcome

    def shutdown(self) -> None:
        """Wait until every worker delivered its registry events of this build."""
        try:
            self.client.run(flush_worker_registries)
        except Exception as error:  # a lost worker must not fail the build's summary
            logger.warning("flushing the workers' registry events failed: %s", error)

    def close(self) -> None:
        """Close the client and cluster this executor created (not a given client)."""
        if self._owns_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
