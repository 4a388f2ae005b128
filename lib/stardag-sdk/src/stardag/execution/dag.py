"""The task graph of a build: every task reachable through ``requires()``.

``requires()`` is called once per task. The graph is checked before anything
runs: a value that is not a task (or a list/tuple/dict of tasks) and a cycle are
errors that name the task concerned.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from stardag.base_task import BaseTask as Task
from stardag.errors import DependencyCycleError, InvalidRequiresError


def flatten_requirements(task: Task, value: Any) -> list[Task]:
    """Tasks in a ``requires()`` value, in order, without duplicates.

    Raises:
        InvalidRequiresError: ``value`` holds something that is not a task.
    """
    if isinstance(value, list | tuple) and all(isinstance(item, Task) for item in value):
        items = value  # the common shape: a flat list of tasks
    elif isinstance(value, Task):
        return [value]
    else:
        items = list(_walk(task, value))
    found: dict[str, Task] = {}
    for item in items:
        found.setdefault(item.task_id, item)
    return list(found.values())


def _walk(owner: Task, value: Any) -> Iterator[Task]:
    if value is None:
        return
    if isinstance(value, Task):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(owner, item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _walk(owner, item)
    else:
        raise InvalidRequiresError(
            f"{owner.describe()}.requires() returned {type(value).__name__} {value!r:.80}; "
            "expected a task, a list/tuple of tasks, or a dict of tasks (or of lists)"
        )


@dataclass
class TaskGraph:
    """Tasks by id in topological order (upstream first) and their direct upstream ids."""

    tasks: dict[str, Task] = field(default_factory=dict)
    upstream: dict[str, list[str]] = field(default_factory=dict)
    root_ids: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.tasks)


def collect_graph(roots: Sequence[Task]) -> TaskGraph:
    """Walk ``requires()`` from ``roots`` and order the tasks upstream first.

    Raises:
        InvalidRequiresError: a root is not a task, or a ``requires()`` is invalid.
        DependencyCycleError: the tasks depend on each other in a cycle.
    """
    graph = TaskGraph()
    for root in roots:
        if not isinstance(root, Task):
            raise InvalidRequiresError(
                f"build() expects tasks, got {type(root).__name__} {root!r:.80}"
            )
        if root.task_id not in graph.root_ids:
            graph.root_ids.append(root.task_id)
    upstream_tasks: dict[str, list[Task]] = {}
    on_path: set[str] = set()
    stack: list[tuple[Task, Iterator[Task]]] = []
    path: list[Task] = []

    def enter(task: Task) -> None:
        requirements = flatten_requirements(task, task.requires())
        upstream_tasks[task.task_id] = requirements
        stack.append((task, iter(requirements)))
        path.append(task)
        on_path.add(task.task_id)

    # Iterative depth-first search: deep chains must not hit the recursion limit.
    for root in roots:
        if root.task_id in graph.tasks:
            continue
        enter(root)
        while stack:
            task, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                path.pop()
                on_path.discard(task.task_id)
                graph.tasks[task.task_id] = task
                graph.upstream[task.task_id] = [t.task_id for t in upstream_tasks[task.task_id]]
                continue
            if child.task_id in graph.tasks:
                continue
            if child.task_id in on_path:
                start = next(i for i, t in enumerate(path) if t.task_id == child.task_id)
                cycle = [t.describe() for t in path[start:]] + [child.describe()]
                raise DependencyCycleError(cycle)
            enter(child)
    return graph
