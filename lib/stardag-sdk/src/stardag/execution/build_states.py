"""The states a build gives the tasks it does not run, as reported to the registry.

Runs tell the registry about the tasks a build executes. This module says the rest,
so no task of a build is left looking queued forever: ``skipped`` for tasks found
complete and ``pending`` for tasks about to run (both right after registration);
after execution, ``upstream_failed`` for tasks not run because an upstream task
failed — naming that task — and ``cancelled`` for tasks the build stopped before
reaching (a failure elsewhere stops new starts).
"""

from __future__ import annotations

from collections.abc import Collection

from stardag.base_task import BaseTask
from stardag.execution.dag import TaskGraph
from stardag.execution.summary import BuildSummary
from stardag.registry.base import RegistryABC
from stardag.registry.models import TaskState, TaskStateReport, utc_now
from stardag.registry.trusted import task_state_record, task_state_records


def planned_states(skipped: Collection[BaseTask], to_run: Collection[str]) -> list[TaskStateReport]:
    """``skipped`` for every task found complete, ``pending`` for every task to run."""
    at = utc_now()  # one decision for the whole graph
    states = task_state_records([task.task_id for task in skipped], TaskState.SKIPPED, at)
    states += task_state_records(list(to_run), TaskState.PENDING, at)
    return states


def failed_upstream_causes(graph: TaskGraph, summary: BuildSummary) -> dict[str, str]:
    """For each task left unrun, the failed upstream task that blocked it (when one did)."""
    failed = {task.task_id for task in summary.failed}
    unrun = {task.task_id for task in summary.not_run}
    causes: dict[str, str] = {}
    for task_id in graph.tasks:  # upstream first, so an upstream task's cause is known
        if task_id not in unrun:
            continue
        for upstream_id in graph.upstream[task_id]:
            cause = upstream_id if upstream_id in failed else causes.get(upstream_id)
            if cause is not None:
                causes[task_id] = cause
                break
    return causes


def unrun_states(graph: TaskGraph, summary: BuildSummary) -> list[TaskStateReport]:
    """``upstream_failed`` (with its cause) or ``cancelled`` for every task left unrun."""
    causes = failed_upstream_causes(graph, summary)
    return [
        task_state_record(
            task.task_id,
            TaskState.UPSTREAM_FAILED if task.task_id in causes else TaskState.CANCELLED,
            causes.get(task.task_id),
        )
        for task in summary.not_run
    ]


def report_states(registry: RegistryABC, build_id: str, states: list[TaskStateReport]) -> None:
    if states:
        registry.report_task_states(build_id, states)
