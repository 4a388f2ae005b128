"""``sd.build``: run every incomplete task a set of tasks needs, upstream first.

Order of events: the graph is collected and validated (nothing runs if it is
invalid); the build starts in the registry; completion is checked once per task,
from the roots down (the upstream of a complete task is not needed and not
checked); every task of the graph is registered upstream first, those found
complete marked ``complete`` (so the registry does not show them pending); ready
tasks go to the executor, up to ``max_workers`` at a time. When a task fails, no
new task starts (``FailMode.CONTINUE``: only its downstream stays unbuilt),
running ones finish, and the summary says ``FAILURE`` with the first failure as
``summary.error`` (raised instead with ``raise_on_failure=True``). A ``run()``
that yields tasks has them built (in its own thread) before it resumes.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import ExitStack
from functools import partial
from typing import Any

from stardag.base_task import BaseTask as Task
from stardag.config import get_settings
from stardag.errors import TaskFailedError
from stardag.execution.build_states import planned_states, report_states, unrun_states
from stardag.execution.dag import TaskGraph, collect_graph
from stardag.execution.executor import InlineExecutor, TaskExecutor, executor_for
from stardag.execution.leased import with_leases
from stardag.execution.log_capture import log_capture_installed
from stardag.execution.run_monitor import RunMonitor
from stardag.execution.runner import BuildContext, TaskOutcome, TaskRunner, report_safely
from stardag.execution.summary import BuildExitStatus, BuildSummary, FailMode
from stardag.registry.base import RegistryABC
from stardag.registry.identity import process_identity
from stardag.registry.models import BuildStart, BuildStatus, TaskRegistration, utc_now
from stardag.registry.noop import reports_nothing
from stardag.registry.registration import task_registration

REGISTRATION_BATCH = 1000
logger = logging.getLogger(__name__)


def build(
    tasks: Task | Sequence[Task],
    task_executor: TaskExecutor | None = None,
    fail_mode: FailMode | str = FailMode.FAIL_FAST,
    registry: RegistryABC | None = None,
    max_concurrent_discover: int = 50,
    global_lock_manager: object | None = None,
    global_lock_config: object | None = None,
    resume_build_id: uuid.UUID | str | None = None,
    *,
    max_workers: int = 1,
    runner: TaskRunner | None = None,
    executor: TaskExecutor | None = None,
    capture_logs: bool = True,
    heartbeat_interval_seconds: float | None = None,
    raise_on_failure: bool = False,
) -> BuildSummary:
    """Build ``tasks`` and everything they need that is not complete yet.

    Args:
        tasks: one task or a sequence of root tasks.
        task_executor: where tasks execute (a :class:`TaskExecutor`); same as ``executor``.
        fail_mode: ``FAIL_FAST`` (default) starts no new task after a failure;
            ``CONTINUE`` runs every task whose upstream succeeded.
        registry: where to report; default the active one (``registry_provider``).
        max_concurrent_discover: accepted for compatibility (completion checks run in order).
        global_lock_manager: a :class:`stardag.leases.TaskLeases` to take task leases
            with; default the leases of the registry, when leasing is wanted.
        global_lock_config: ``GlobalLockConfig(enabled=True)`` makes the build lease each
            task before running it, so concurrent builders never run a task twice
            (distributed executors do so by default; ``STARDAG_TASK_LEASES=on|off``
            overrides both). Leasing costs two requests to the service per task.
        resume_build_id: report under this build id instead of a new one.
        max_workers: run up to this many independent tasks in parallel threads
            (1 = sequential in the calling thread).
        runner: a :class:`TaskRunner` with callbacks.
        executor: where tasks execute; overrides ``max_workers``.
        capture_logs: record each run's logging/prints in the registry.
        heartbeat_interval_seconds: default ``STARDAG_HEARTBEAT_INTERVAL_SECONDS`` (5).
        raise_on_failure: raise the first failure (:class:`TaskFailedError`) instead
            of returning a summary with ``status == FAILURE``.

    Returns:
        A :class:`BuildSummary`: ``status``, ``task_count``, ``error`` (the first
        failure, a :class:`TaskFailedError`), the tasks built/skipped/failed/not run.

    Raises:
        InvalidRequiresError, DependencyCycleError: before anything runs.
        TaskFailedError: only with ``raise_on_failure=True``.
    """
    started = time.perf_counter()
    roots = [tasks] if isinstance(tasks, Task) else list(tasks)
    graph = collect_graph(roots)
    if registry is None:
        from stardag.registry.provider import registry_provider

        registry = registry_provider.get()
    settings = get_settings()
    build_id = str(resume_build_id) if resume_build_id is not None else str(uuid.uuid4())
    summary = BuildSummary(status=BuildExitStatus.FAILURE, build_id=uuid.UUID(build_id))
    identity = process_identity()
    active_registry = registry
    report_safely(
        "start_build",
        lambda: active_registry.start_build(
            BuildStart(
                build_id=build_id,
                root_task_ids=graph.root_ids,
                user=identity.user,
                host=identity.host,
                commit_hash=identity.commit_hash,
            )
        ),
    )
    monitor = RunMonitor(
        registry, heartbeat_interval_seconds or settings.heartbeat_interval_seconds
    )
    # A registry that keeps nothing needs no records, captured logs or heartbeats.
    unreported = reports_nothing(registry)
    capture_logs = capture_logs and not unreported
    context = BuildContext(
        build_id, registry, identity, monitor, capture_logs, unreported=unreported
    )
    # issue 10: tasks run only under their lease (stardag.leases), so concurrent builders
    # never run one task twice; global_lock_manager may be an explicit TaskLeases.
    executor = executor or task_executor or executor_for(max_workers)
    lock_config_enabled = getattr(global_lock_config, "enabled", False)
    leases_by_default = bool(lock_config_enabled) or executor.leases_by_default
    leasing_runner = with_leases(
        runner or TaskRunner(), registry, global_lock_manager, leases_by_default
    )
    run = _Build(context, leasing_runner, summary, FailMode(fail_mode))
    context.build_dynamic = run.build_dynamic
    first_failure: TaskOutcome | None = None
    ran_to_the_end = False
    try:
        with ExitStack() as stack:
            if capture_logs:
                stack.enter_context(log_capture_installed())
            if not unreported:
                monitor.start()
                stack.callback(monitor.stop)
            stack.callback(executor.shutdown)
            first_failure = run.run_graph(graph, executor)
        ran_to_the_end = True
    finally:
        summary.duration_seconds = time.perf_counter() - started
        failed = first_failure is not None or bool(summary.failed or summary.not_run)
        summary.status = (
            BuildExitStatus.SUCCESS if ran_to_the_end and not failed else BuildExitStatus.FAILURE
        )
        count = summary.task_count
        count.previously_completed = len(summary.skipped)
        count.succeeded = len(summary.built)
        count.failed = len(summary.failed)
        final = BuildStatus.COMPLETED if summary.succeeded else BuildStatus.FAILED
        if not unreported:
            report_safely(
                "report_task_states",
                lambda: report_states(active_registry, build_id, unrun_states(graph, summary)),
            )
        report_safely("finish_build", lambda: active_registry.finish_build(build_id, final))
        report_safely("flush", lambda: active_registry.flush())
    if first_failure is not None:
        error = first_failure.error
        assert error is not None
        failure = TaskFailedError(
            first_failure.task,
            first_failure.task.describe(),
            error,
            first_failure.traceback_text or "",
        )
        failure.__cause__ = error
        failure.summary = summary
        summary.error = failure
        logger.error("%s\n%s", failure, first_failure.traceback_text or "")
        if raise_on_failure:
            raise failure
    return summary


class _Build:
    """The running state of one build: completion checks, registration, execution,
    and the sub-builds of dynamic dependencies."""

    def __init__(
        self, context: BuildContext, runner: TaskRunner, summary: BuildSummary, mode: FailMode
    ) -> None:
        self.context = context
        self.runner = runner
        self.summary = summary
        self.fail_mode = mode
        self._seen: set[str] = set()

    def run_graph(self, graph: TaskGraph, executor: TaskExecutor) -> TaskOutcome | None:
        new = [task_id for task_id in graph.tasks if task_id not in self._seen]
        self._seen.update(new)
        self.summary.task_count.discovered += len(new)
        skipped_before = len(self.summary.skipped)
        if self.context.unreported:
            to_run = _incomplete_tasks(graph, self.summary)
            return _execute(graph, to_run, executor, self, self.summary)
        try:
            to_run = _incomplete_tasks(graph, self.summary)
        finally:  # also when a complete() raises: the graph is registered all the same
            found_complete = {task.task_id for task in self.summary.skipped[skipped_before:]}
            identity = self.context.identity
            seen_at = utc_now()  # one registration time for the whole graph
            dumps: dict[int, dict[str, Any]] = {}  # upstream dumps reused by downstream tasks
            _register(
                self.context.registry,
                [
                    task_registration(
                        task,
                        graph.upstream[task_id],
                        identity,
                        task_id in found_complete,
                        created_at=seen_at,
                        dumps=dumps,
                    )
                    for task_id, task in graph.tasks.items()
                ],
            )
        planned = planned_states(self.summary.skipped[skipped_before:], to_run)
        report_safely(
            "report_task_states",
            lambda: report_states(self.context.registry, self.context.build_id, planned),
        )
        return _execute(graph, to_run, executor, self, self.summary)

    def build_dynamic(self, parent: Task, dependencies: list[Task]) -> None:
        """Build the incomplete ``dependencies`` a running ``parent`` yielded, in this
        thread, and record them as its upstream.

        Raises:
            TaskFailedError: one of them failed (the parent fails with it).
        """
        if not dependencies:
            return
        graph = collect_graph(dependencies)
        failure = self.run_graph(graph, InlineExecutor())
        if not self.context.unreported:
            parent_upstream = [dep.task_id for dep in dependencies]
            report_safely(
                "register_tasks",
                partial(
                    self.context.registry.register_tasks,
                    [task_registration(parent, parent_upstream, self.context.identity)],
                ),
            )
        if failure is not None:
            error = failure.error
            assert error is not None
            raise TaskFailedError(
                failure.task, failure.task.describe(), error, failure.traceback_text or ""
            ) from error


def _register(registry: RegistryABC, registrations: list[TaskRegistration]) -> None:
    for start in range(0, len(registrations), REGISTRATION_BATCH):
        batch = registrations[start : start + REGISTRATION_BATCH]
        report_safely("register_tasks", partial(registry.register_tasks, batch))


def _incomplete_tasks(graph: TaskGraph, summary: BuildSummary) -> set[str]:
    """Ids of tasks to run: incomplete roots and the incomplete upstream of those."""
    to_run: set[str] = set()
    checked: set[str] = set()
    queue = deque(graph.root_ids)
    while queue:
        task_id = queue.popleft()
        if task_id in checked:
            continue
        checked.add(task_id)
        task = graph.tasks[task_id]
        if task.complete():
            summary.skipped.append(task)
            continue
        to_run.add(task_id)
        queue.extend(graph.upstream[task_id])
    return to_run


def _execute(
    graph: TaskGraph,
    to_run: set[str],
    executor: TaskExecutor,
    build: _Build,
    summary: BuildSummary,
) -> TaskOutcome | None:
    runner, context = build.runner, build.context
    stop_on_failure = build.fail_mode == FailMode.FAIL_FAST
    waiting_on: dict[str, set[str]] = {}
    dependents: dict[str, list[str]] = {task_id: [] for task_id in to_run}
    ready: deque[str] = deque()
    upstream_of = graph.upstream
    for task_id in graph.tasks:  # topological order keeps runs upstream-first
        if task_id not in to_run:
            continue
        upstream = {u for u in upstream_of[task_id] if u in to_run}
        waiting_on[task_id] = upstream
        for upstream_id in upstream:
            dependents[upstream_id].append(task_id)
        if not upstream:
            ready.append(task_id)
    first_failure: TaskOutcome | None = None
    finished: set[str] = set()

    def record(task_id: str, outcome: TaskOutcome) -> None:
        nonlocal first_failure
        finished.add(task_id)
        summary.task_seconds[task_id] = outcome.duration_seconds
        if not outcome.succeeded:
            summary.failed.append(outcome.task)
            first_failure = first_failure or outcome
            return
        if outcome.completed_elsewhere:  # issue 10: another builder built it
            summary.skipped.append(outcome.task)
        else:
            summary.built.append(outcome.task)
        for dependent in dependents[task_id]:
            waiting = waiting_on[dependent]
            waiting.discard(task_id)
            if not waiting:
                ready.append(dependent)

    if type(executor) is InlineExecutor:
        # One task at a time in this thread: run it directly, no future to wait on
        # (what InlineExecutor.submit would do, exceptions included).
        execute, tasks = runner.execute, graph.tasks
        while ready and not (stop_on_failure and first_failure is not None):
            task_id = ready.popleft()
            record(task_id, execute(tasks[task_id], context))
    else:
        running: dict[Future[TaskOutcome], str] = {}
        while ready or running:
            while ready and len(running) < executor.max_concurrency:
                if stop_on_failure and first_failure is not None:
                    break
                task_id = ready.popleft()
                # issue 10: submit_run (not submit) so a remote executor can ship the run
                running[executor.submit_run(runner, graph.tasks[task_id], context)] = task_id
            if not running:
                break
            done = [future for future in running if future.done()]
            if not done:
                done = list(wait(running, return_when=FIRST_COMPLETED).done)
            for future in done:
                task_id = running.pop(future)
                record(task_id, future.result())
    summary.not_run.extend(graph.tasks[t] for t in graph.tasks if t in to_run and t not in finished)
    return first_failure
