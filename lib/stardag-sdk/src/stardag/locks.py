"""Global concurrency locks as the original stardag spells them: ``GlobalLockConfig``
(``enabled=True`` makes a build lease each task through its registry, see
:mod:`stardag.leases`) and ``RegistryGlobalConcurrencyLockManager`` (the leases of the
active registry). The waiting/backoff fields are accepted; leases use their own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass
class GlobalLockConfig:
    enabled: bool | Callable[[Any], bool] = False
    completion_retry_timeout_seconds: float = 30
    completion_retry_interval_seconds: float = 1.0
    lock_wait_timeout_seconds: float | None = 300
    lock_wait_initial_interval_seconds: float = 1.0
    lock_wait_max_interval_seconds: float = 30.0
    lock_wait_backoff_factor: float = 2.0
    exit_early_when_all_locked: bool = False


def RegistryGlobalConcurrencyLockManager() -> Any:  # the original stardag's class name
    """The task leases of the active registry (pass as ``global_lock_manager``).

    Raises:
        NotImplementedError: the active registry keeps no leases (the no-op registry).
    """
    from stardag.leases import leases_for
    from stardag.registry import registry_provider

    leases = leases_for(registry_provider.get(), default=True)
    if leases is None:
        raise NotImplementedError(
            "the active registry keeps no task leases (use the API or file-system "
            "registry, and STARDAG_TASK_LEASES must not be off)"
        )
    return leases
