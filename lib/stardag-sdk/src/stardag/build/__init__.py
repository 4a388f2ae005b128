"""``stardag.build``: the build entry points and what they return.

``sd.build`` is both this module and the function: ``sd.build(task)`` calls
:func:`build`, and ``from stardag.build import build_sequential`` works as usual.
"""

from __future__ import annotations

import asyncio
import sys
import types
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from stardag.base_task import BaseTask
from stardag.execution.builder import build
from stardag.execution.executor import (
    InlineExecutor,
    TaskExecutor,
    ThreadPoolTaskExecutor,
)
from stardag.execution.summary import BuildExitStatus, BuildSummary, FailMode, TaskCount
from stardag.locks import GlobalLockConfig

TaskExecutorABC = TaskExecutor


class ExecutionMode(StrEnum):
    SYNC_BLOCKING = "sync_blocking"
    SYNC_THREAD = "sync_thread"
    SYNC_PROCESS = "sync_process"
    ASYNC_MAIN_LOOP = "async_main_loop"


class DefaultExecutionModeSelector:
    """The original stardag's execution-mode choice; Stardag runs every task in a
    worker thread (an async task in its own event loop there), so it only records
    the preference. Process pools come with the Dask executor."""

    def __init__(self, sync_run_default: str = "thread") -> None:
        self.sync_run_default = sync_run_default


class HybridConcurrentTaskExecutor(ThreadPoolTaskExecutor):
    """Runs independent tasks in parallel threads (``max_thread_workers``, default 10).

    The original stardag's async/process worker counts are accepted; async tasks
    get an event loop in their worker thread and sync tasks run in threads.
    """

    def __init__(
        self,
        execution_mode_selector: DefaultExecutionModeSelector | None = None,
        max_async_workers: int = 10,
        max_thread_workers: int = 10,
        max_process_workers: int | None = None,
    ) -> None:
        super().__init__(max(1, max_thread_workers))
        self.execution_mode_selector = execution_mode_selector or DefaultExecutionModeSelector()


def build_sequential(
    tasks: BaseTask | Sequence[BaseTask],
    registry: Any = None,
    fail_mode: FailMode | str = FailMode.FAIL_FAST,
    **kwargs: Any,
) -> BuildSummary:
    """Build one task at a time in the calling thread (easiest to debug)."""
    kwargs.pop("dual_run_default", None)
    return build(tasks, registry=registry, fail_mode=fail_mode, max_workers=1, **kwargs)


async def build_aio(
    tasks: BaseTask | Sequence[BaseTask], *args: Any, **kwargs: Any
) -> BuildSummary:
    """:func:`build` from async code: the build runs in a worker thread, so the
    event loop stays free (tasks with ``run_aio()`` get an event loop of their own)."""
    return await asyncio.to_thread(build, tasks, *args, **kwargs)


async def build_sequential_aio(
    tasks: BaseTask | Sequence[BaseTask], *args: Any, **kwargs: Any
) -> BuildSummary:
    """:func:`build_sequential` from async code."""
    kwargs.pop("sync_run_default", None)
    return await asyncio.to_thread(build_sequential, tasks, *args, **kwargs)


class _CallableModule(types.ModuleType):
    """``import stardag as sd; sd.build(task)`` works whether ``sd.build`` is this
    module (after ``import stardag.build``) or the function."""

    def __call__(self, *args: Any, **kwargs: Any) -> BuildSummary:
        return build(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = [
    "BuildExitStatus",
    "BuildSummary",
    "DefaultExecutionModeSelector",
    "ExecutionMode",
    "FailMode",
    "GlobalLockConfig",
    "HybridConcurrentTaskExecutor",
    "InlineExecutor",
    "TaskCount",
    "TaskExecutor",
    "TaskExecutorABC",
    "ThreadPoolTaskExecutor",
    "build",
    "build_aio",
    "build_sequential",
    "build_sequential_aio",
]
