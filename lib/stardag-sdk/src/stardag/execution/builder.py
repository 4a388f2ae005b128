"""``sd.build``: run every incomplete task a set of tasks needs, upstream first.

Order of events: the graph is collected and validated (nothing runs if it is
invalid); the build starts in the registry; completion is checked once per task,
from the roots down (the upstream of a complete task is not needed and not
checked); every task of the graph is registered upstream first, those found
complete marked ``complete`` (so the registry does not show them pending); ready
tasks go to the executor, up to ``max_workers`` at a time. When a task fails, no
new task starts, running ones finish, and :class:`TaskFailedError` is raised
with the summary attached as ``error.summary``.
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, wait
from contextlib import ExitStack
from functools import partial

from stardag.base_task import Task
from stardag.config import get_settings
from stardag.errors import TaskFailedError
from stardag.execution.build_states import planned_states, report_states, unrun_states
from stardag.execution.dag import TaskGraph, collect_graph
from stardag.execution.executor import TaskExecutor, executor_for
from stardag.execution.log_capture import log_capture_installed
from stardag.execution.run_monitor import RunMonitor
from stardag.execution.runner import BuildContext, TaskOutcome, TaskRunner, report_safely
from stardag.execution.summary import BuildSummary
from stardag.registry.base import RegistryABC
from stardag.registry.identity import ProcessIdentity, process_identity
from stardag.registry.models import BuildStart, BuildStatus, TaskRegistration
from stardag.registry.registration import task_registration

REGISTRATION_BATCH = 1000


def build(
    tasks: Task | Sequence[Task],
    *,
    max_workers: int = 1,
    registry: RegistryABC | None = None,
    runner: TaskRunner | None = None,
    executor: TaskExecutor | None = None,
    capture_logs: bool = True,
    heartbeat_interval_seconds: float | None = None,
) -> BuildSummary:
    """Build ``tasks`` and everything they need that is not complete yet.

    Args:
        tasks: one task or a sequence of root tasks.
        max_workers: run up to this many independent tasks in parallel threads
            (1 = sequential in the calling thread).
        registry: where to report; default the active one (``registry_provider``).
        runner: a :class:`TaskRunner` with callbacks.
        executor: where tasks execute; overrides ``max_workers``.
        capture_logs: record each run's logging/prints in the registry.
        heartbeat_interval_seconds: default ``STARDAG_HEARTBEAT_INTERVAL_SECONDS`` (5).

    Returns:
        A :class:`BuildSummary` (built, skipped, timing).

    Raises:
        InvalidRequiresError, DependencyCycleError: before anything runs.
        TaskFailedError: a task raised; names it, ``__cause__`` is the original error.
    """
    started = time.perf_counter()
    roots = [tasks] if isinstance(tasks, Task) else list(tasks)
    graph = collect_graph(roots)
    if registry is None:
        from stardag.registry.provider import registry_provider

        registry = registry_provider.get()
    identity = process_identity()
    settings = get_settings()
    build_id = str(uuid.uuid4())
    summary = BuildSummary(build_id=build_id, status=BuildStatus.RUNNING)
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
    context = BuildContext(build_id, registry, identity, monitor, capture_logs)
    executor = executor or executor_for(max_workers)
    runner = runner or TaskRunner()
    first_failure: TaskOutcome | None = None
    ran_to_the_end = False
    try:
        try:
            to_run = _incomplete_tasks(graph, summary)
        finally:  # also when a complete() raises: the graph is registered all the same
            _register(registry, _registrations(graph, summary, identity))
        report_safely(
            "report_task_states",
            lambda: report_states(active_registry, build_id, planned_states(summary, to_run)),
        )
        with ExitStack() as stack:
            if capture_logs:
                stack.enter_context(log_capture_installed())
            monitor.start()
            stack.callback(monitor.stop)
            stack.callback(executor.shutdown)
            first_failure = _execute(graph, to_run, executor, runner, context, summary)
        ran_to_the_end = True
    finally:
        summary.duration_seconds = time.perf_counter() - started
        summary.status = BuildStatus.COMPLETED if first_failure is None else BuildStatus.FAILED
        if summary.status == BuildStatus.COMPLETED and (
            summary.failed or summary.not_run or not ran_to_the_end
        ):
            summary.status = BuildStatus.FAILED  # interrupted before every task ran
        final_status = summary.status
        report_safely(
            "report_task_states",
            lambda: report_states(active_registry, build_id, unrun_states(graph, summary)),
        )
        report_safely("finish_build", lambda: active_registry.finish_build(build_id, final_status))
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
        failure.summary = summary
        raise failure from error
    return summary


def _registrations(
    graph: TaskGraph, summary: BuildSummary, identity: ProcessIdentity
) -> list[TaskRegistration]:
    """Every task of the graph, upstream first; those the build found complete say so."""
    found_complete = {task.id for task in summary.skipped}
    return [
        task_registration(task, graph.upstream[task_id], identity, task_id in found_complete)
        for task_id, task in graph.tasks.items()
    ]


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
    runner: TaskRunner,
    context: BuildContext,
    summary: BuildSummary,
) -> TaskOutcome | None:
    waiting_on: dict[str, set[str]] = {}
    dependents: dict[str, list[str]] = {task_id: [] for task_id in to_run}
    ready: deque[str] = deque()
    for task_id in graph.tasks:  # topological order keeps runs upstream-first
        if task_id not in to_run:
            continue
        upstream = {u for u in graph.upstream[task_id] if u in to_run}
        waiting_on[task_id] = upstream
        for upstream_id in upstream:
            dependents[upstream_id].append(task_id)
        if not upstream:
            ready.append(task_id)
    running: dict[Future[TaskOutcome], str] = {}
    first_failure: TaskOutcome | None = None
    finished: set[str] = set()
    while ready or running:
        while ready and first_failure is None and len(running) < executor.max_concurrency:
            task_id = ready.popleft()
            work = partial(runner.execute, graph.tasks[task_id], context)
            running[executor.submit(work)] = task_id
        if not running:
            break
        done = [future for future in running if future.done()]
        if not done:
            done = list(wait(running, return_when=FIRST_COMPLETED).done)
        for future in done:
            task_id = running.pop(future)
            outcome = future.result()
            finished.add(task_id)
            summary.task_seconds[task_id] = outcome.duration_seconds
            if not outcome.succeeded:
                summary.failed.append(outcome.task)
                first_failure = first_failure or outcome
                continue
            summary.built.append(outcome.task)
            for dependent in dependents[task_id]:
                waiting_on[dependent].discard(task_id)
                if not waiting_on[dependent]:
                    ready.append(dependent)
    summary.not_run = [graph.tasks[t] for t in graph.tasks if t in to_run and t not in finished]
    return first_failure
