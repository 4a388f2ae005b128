"""The one seam through which tasks execute.

The build hands each ready task's work (a no-argument callable) to a
:class:`TaskExecutor` and waits on the returned futures. Threads and the
calling thread are built in; an executor for a distributed engine (Dask, Ray)
implements the same two methods and returns futures the build can wait on.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from stardag.base_task import BaseTask
    from stardag.execution.runner import BuildContext, TaskOutcome, TaskRunner

R = TypeVar("R")


class TaskExecutor(ABC):
    """Runs task work; ``max_concurrency`` is how many tasks may run at once."""

    max_concurrency: int = 1
    leases_by_default: bool = False
    """Whether builds on this executor lease their tasks unless told otherwise (a
    distributed executor: several builders are likely to share a cluster and tasks)."""

    @abstractmethod
    def submit(self, work: Callable[[], R]) -> Future[R]:
        """Start ``work`` and return its future."""

    def shutdown(self) -> None:  # noqa: B027 - optional hook
        """Release workers; called once when the build ends."""

    # issue 10: an executor that runs tasks in other processes (Dask) cannot ship the
    # build's in-process context; it overrides this to send what a run needs instead.
    def submit_run(
        self, runner: TaskRunner, task: BaseTask, context: BuildContext
    ) -> Future[TaskOutcome]:
        """Run ``task`` with ``runner`` for the build ``context`` describes."""
        return self.submit(partial(runner.execute, task, context))


class InlineExecutor(TaskExecutor):
    """Runs each task in the calling thread, one after the other (the default)."""

    max_concurrency = 1

    def submit(self, work: Callable[[], R]) -> Future[R]:
        future: Future[R] = Future()
        try:
            future.set_result(work())
        except BaseException as error:
            future.set_exception(error)
        return future


class ThreadPoolTaskExecutor(TaskExecutor):
    """Runs up to ``max_workers`` independent tasks in parallel threads."""

    def __init__(self, max_workers: int) -> None:
        if max_workers < 1:
            raise ValueError(f"max_workers must be at least 1, got {max_workers}")
        self.max_concurrency = max_workers
        self._pool = ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="stardag")

    def submit(self, work: Callable[[], R]) -> Future[R]:
        return self._pool.submit(work)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True)


def executor_for(max_workers: int) -> TaskExecutor:
    """The inline executor for one worker, a thread pool for more."""
    return InlineExecutor() if max_workers <= 1 else ThreadPoolTaskExecutor(max_workers)
