"""The record a registry keeps for one task: :class:`TaskRegistration` from a task."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from stardag.registry.identity import ProcessIdentity
from stardag.registry.models import TaskRegistration
from stardag.targets import FileTarget

if TYPE_CHECKING:
    from stardag.base_task import Task


def output_uri(task: Task) -> str | None:
    """URI of the task's output target when it has exactly one file target."""
    output = task.output()
    return output.uri if isinstance(output, FileTarget) else None


def task_registration(
    task: Task, dependencies: Sequence[str], identity: ProcessIdentity, complete: bool = False
) -> TaskRegistration:
    """The registry envelope of ``task`` whose direct upstream ids are ``dependencies``.

    ``complete``: the build found the task's output already there (it will not run).
    """
    return TaskRegistration(
        task_id=task.id,
        namespace=task.__namespace__,
        family=task.__family__,
        version=task.__version__,
        parameters=task.parameters_json(),
        task_data=task.model_dump(mode="json"),
        output_uri=output_uri(task),
        dependencies=list(dependencies),
        user=identity.user,
        host=identity.host,
        commit_hash=identity.commit_hash,
        complete=complete,
    )
