"""Running a task only while holding its lease (see :mod:`stardag.leases`).

:class:`LeasingRunner` wraps the build's :class:`TaskRunner`: it takes the task's
lease (waiting while another builder holds it), checks completion again — the
holder may just have built it — and runs the task only if it is still incomplete.
It travels to Dask workers with the run, so remote runs lease too.
"""

from __future__ import annotations

import time
import uuid

from stardag.base_task import BaseTask as Task
from stardag.execution.runner import BuildContext, TaskOutcome, TaskRunner
from stardag.leases import TaskLeases, leases_for
from stardag.registry.base import RegistryABC


class LeasingRunner(TaskRunner):
    def __init__(self, inner: TaskRunner, leases: TaskLeases) -> None:
        super().__init__(
            before_run=inner.before_run, on_complete=inner.on_complete, on_failure=inner.on_failure
        )
        self.inner = inner
        self.leases = leases

    def execute(self, task: Task, context: BuildContext) -> TaskOutcome:
        # One holder per attempt: two sub-builds of one build (dynamic dependencies on
        # two workers) reaching the same task must exclude each other too.
        holder = f"{context.build_id}/{uuid.uuid4().hex[:12]}"
        while not self.leases.acquire(task.task_id, holder):
            time.sleep(self.leases.poll_seconds)
        try:
            if task.complete():  # built by the holder we waited for (or just before)
                return TaskOutcome(task, "", True, 0.0, completed_elsewhere=True)
            return self.inner.execute(task, context)
        finally:
            self.leases.release(task.task_id, holder)


def with_leases(
    runner: TaskRunner, registry: RegistryABC, explicit: object | None, default: bool = False
) -> TaskRunner:
    """``runner`` leasing through ``explicit`` (a :class:`TaskLeases`) or the leases that
    go with ``registry`` when leasing is wanted (``default`` unless ``STARDAG_TASK_LEASES``
    says otherwise); ``runner`` itself when there are none."""
    leases = explicit if isinstance(explicit, TaskLeases) else leases_for(registry, default)
    if leases is None or isinstance(runner, LeasingRunner):
        return runner
    return LeasingRunner(runner, leases)
