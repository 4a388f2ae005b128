"""Global concurrency locks (``GlobalLockConfig``): the configuration the original
stardag's builds accept. Cross-builder locking is not implemented yet, so a build
given one runs as without it."""

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


class RegistryGlobalConcurrencyLockManager:
    """Registry-backed task locks across builders: not implemented yet (planned with
    task leases), so constructing one says so instead of building without locks."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError(
            "global concurrency locks through the registry are not implemented yet; "
            "build without global_lock_manager"
        )
