"""Runs one task: registry run lifecycle, heartbeats, log capture and callbacks.

The run's captured logs reach the registry in pieces while it runs (the build's
:class:`RunMonitor` ships them every second) and the rest when it ends.

:class:`TaskRunner` never raises for a failing task; it returns a
:class:`TaskOutcome` carrying the error and its formatted traceback, and the
build decides what a failure means.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
import traceback
import weakref
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from typing import Any

from stardag.base_task import BaseTask as Task
from stardag.base_task import flatten_task_struct
from stardag.execution.log_capture import RunLogBuffer, current_run
from stardag.execution.run_ids import new_run_id
from stardag.execution.run_monitor import RunMonitor
from stardag.registry.base import RegistryABC
from stardag.registry.identity import ProcessIdentity
from stardag.registry.trusted import run_completed_record, run_failed_record, run_start_record

logger = logging.getLogger(__name__)


@dataclass
class BuildContext:
    """What every run of one build shares."""

    build_id: str
    registry: RegistryABC
    identity: ProcessIdentity
    monitor: RunMonitor
    capture_logs: bool = True
    build_dynamic: Callable[[Task, list[Task]], None] | None = None
    """Builds the incomplete tasks a ``run()`` generator yields (set by the build)."""
    unreported: bool = False
    """The registry records nothing (:func:`~stardag.registry.noop.reports_nothing`):
    runs skip preparing run records, log capture and heartbeats."""


@dataclass
class TaskOutcome:
    """How one run ended."""

    task: Task
    run_id: str
    succeeded: bool
    duration_seconds: float
    error: BaseException | None = None
    traceback_text: str | None = None
    completed_elsewhere: bool = False
    """issue 10: not run here: another builder held the lease and built the task."""


def report_safely(action: str, call: Callable[[], object]) -> None:
    """Call the registry; a failure is logged, never raised into the build."""
    try:
        call()
    except Exception as error:
        logger.warning("registry %s failed: %s", action, error)


_SYNC, _ASYNC, _ASYNC_GENERATOR = "sync", "async", "async_generator"
# How each task class runs, decided once per class (weakly held: notebooks redefine).
_run_styles: weakref.WeakKeyDictionary[type[Task], str] = weakref.WeakKeyDictionary()


def _run_style(cls: type[Task]) -> str:
    style = _run_styles.get(cls)
    if style is None:
        style = _SYNC
        if _overrides(cls, "run_aio") and not _overrides(cls, "run"):
            generator = inspect.isasyncgenfunction(_unwrapped(cls.run_aio))
            style = _ASYNC_GENERATOR if generator else _ASYNC
        _run_styles[cls] = style
    return style


def run_task(task: Task, build_dynamic: Callable[[Task, list[Task]], None] | None = None) -> None:
    """Run ``task``: check its version, then ``run()`` (or ``run_aio()``), driving a
    generator's dynamic dependencies through ``build_dynamic``."""
    cls = type(task)
    if task.version != cls.__version__:
        task._check_before_run()  # raises, naming both versions
    style = _run_style(cls)
    if style is _ASYNC_GENERATOR:
        asyncio.run(_drive_async_generator(task, build_dynamic))
        return
    if style is _ASYNC:
        asyncio.run(task.run_aio())
        return
    result = task.run()
    if inspect.isgenerator(result):
        _drive_generator(task, result, build_dynamic)


def _drive_generator(
    task: Task, generator: Generator[Any, Any, Any], build_dynamic: Callable[..., None] | None
) -> None:
    try:
        yielded = next(generator)
        while True:
            _build_yielded(task, yielded, build_dynamic)
            yielded = generator.send(None)
    except StopIteration:
        return


async def _drive_async_generator(task: Task, build_dynamic: Callable[..., None] | None) -> None:
    generator: AsyncGenerator[Any, Any] = task.run_aio()  # type: ignore[assignment]
    try:
        yielded = await generator.__anext__()
        while True:
            await asyncio.to_thread(_build_yielded, task, yielded, build_dynamic)
            yielded = await generator.asend(None)
    except StopAsyncIteration:
        return


def _build_yielded(task: Task, yielded: Any, build_dynamic: Callable[..., None] | None) -> None:
    dependencies = flatten_task_struct(yielded)
    if build_dynamic is not None:
        build_dynamic(task, dependencies)
        return
    incomplete = [dep for dep in dependencies if not dep.complete()]
    if incomplete:
        raise RuntimeError(
            f"{task.describe()} yielded incomplete tasks "
            f"({', '.join(dep.describe() for dep in incomplete)}); run it with sd.build"
        )


def _overrides(cls: type[Task], method: str) -> bool:
    return getattr(cls, method) is not getattr(Task, method)


def _unwrapped(function: Any) -> Any:
    return getattr(function, "__wrapped__", function)


class TaskRunner:
    """Executes tasks for a build and calls the optional callbacks around each run.

    Args:
        before_run: ``before_run(task)`` just before ``task.run()``.
        on_complete: ``on_complete(task)`` after a successful run.
        on_failure: ``on_failure(task, error)`` after ``task.run()`` raised.

    A callback that raises is logged and does not change the task's outcome.
    """

    def __init__(
        self,
        *,
        before_run: Callable[[Task], object] | None = None,
        on_complete: Callable[[Task], object] | None = None,
        on_failure: Callable[[Task, BaseException], object] | None = None,
    ) -> None:
        self.before_run = before_run
        self.on_complete = on_complete
        self.on_failure = on_failure

    def execute(self, task: Task, context: BuildContext) -> TaskOutcome:
        """Run ``task`` once, reporting the run to ``context.registry``."""
        if context.unreported:
            return self._execute_unreported(task, context)
        run_id = new_run_id()
        registry = context.registry
        identity = context.identity
        run = run_start_record(
            run_id,
            task.task_id,
            context.build_id,
            identity.user,
            identity.host,
            identity.commit_hash,
        )
        report_safely("start_run", lambda: registry.start_run(run))
        buffer = RunLogBuffer()
        context.monitor.add(run_id, buffer if context.capture_logs else None)
        self._callback("before_run", self.before_run, task)
        started = time.perf_counter()
        error: BaseException | None = None
        traceback_text: str | None = None
        try:
            if context.capture_logs:
                # capturing_run's work, without a context manager's cost per task
                token = current_run.set(buffer)
                try:
                    run_task(task, context.build_dynamic)
                finally:
                    current_run.reset(token)
            else:
                run_task(task, context.build_dynamic)
        except Exception as exc:
            error, traceback_text = exc, traceback.format_exc()
        except BaseException as exc:  # interrupted: record the run as failed, then stop
            self._finish(context, run_id, buffer, exc, traceback.format_exc())
            raise
        duration = time.perf_counter() - started
        self._finish(context, run_id, buffer, error, traceback_text)
        if error is None:
            self._callback("on_complete", self.on_complete, task)
        else:
            self._callback("on_failure", self.on_failure, task, error)
        return TaskOutcome(task, run_id, error is None, duration, error, traceback_text)

    def _execute_unreported(self, task: Task, context: BuildContext) -> TaskOutcome:
        """:meth:`execute` for a registry that records nothing: the same run, callbacks
        and outcome, without the records, log capture and heartbeats nobody keeps."""
        run_id = new_run_id()
        if self.before_run is not None:
            self._callback("before_run", self.before_run, task)
        started = time.perf_counter()
        try:
            run_task(task, context.build_dynamic)
        except Exception as error:
            duration = time.perf_counter() - started
            traceback_text = traceback.format_exc()
            self._callback("on_failure", self.on_failure, task, error)
            return TaskOutcome(task, run_id, False, duration, error, traceback_text)
        duration = time.perf_counter() - started
        if self.on_complete is not None:
            self._callback("on_complete", self.on_complete, task)
        return TaskOutcome(task, run_id, True, duration)

    def _finish(
        self,
        context: BuildContext,
        run_id: str,
        buffer: RunLogBuffer,
        error: BaseException | None,
        traceback_text: str | None,
    ) -> None:
        context.monitor.remove(run_id)
        registry = context.registry
        buffer.close()
        context.monitor.ship_logs(run_id, buffer)  # what the monitor has not shipped yet
        if error is None:
            finish = run_completed_record()
        else:
            finish = run_failed_record(f"{type(error).__name__}: {error}", traceback_text)
        report_safely("finish_run", lambda: registry.finish_run(run_id, finish))

    @staticmethod
    def _callback(name: str, callback: Callable[..., object] | None, *args: object) -> None:
        if callback is None:
            return
        try:
            callback(*args)
        except Exception:
            logger.exception("%s callback raised; the build continues", name)
