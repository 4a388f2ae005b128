"""The record a registry keeps for one task: :class:`TaskRegistration` from a task."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from stardag.registry.identity import ProcessIdentity
from stardag.registry.models import TaskRegistration
from stardag.registry.trusted import task_registration_record

if TYPE_CHECKING:
    from stardag.base_task import BaseTask as Task


def output_uri(task: Task) -> str | None:
    """URI of the task's output when it has exactly one target with a ``uri``."""
    output_method = getattr(task, "output", None)
    if output_method is None:
        return None
    output = output_method()
    uri = getattr(output, "uri", None)
    return uri if isinstance(uri, str) else None


def task_registration(
    task: Task,
    dependencies: Sequence[str],
    identity: ProcessIdentity,
    complete: bool = False,
    *,
    created_at: datetime | None = None,
    dumps: dict[int, dict[str, Any]] | None = None,
) -> TaskRegistration:
    """The registry envelope of ``task`` whose direct upstream ids are ``dependencies``.

    ``complete``: the build found the task's output already there (it will not run).
    ``created_at``: when the build saw the task (default now).
    ``dumps``: shared by the registrations of one graph (see ``BaseTask.registry_dumps``).
    """
    parameters, task_data = task.registry_dumps(dumps)
    # Every value is the SDK's own (validated task fields, ids, an aware UTC time):
    # the record is made without validating it again (see stardag.registry.trusted).
    return task_registration_record(
        task.task_id,
        task.get_namespace(),
        task.get_name(),
        task.version or None,
        parameters,
        task_data,
        output_uri(task),
        list(dependencies),
        identity.user,
        identity.host,
        identity.commit_hash,
        complete,
        created_at,
    )
