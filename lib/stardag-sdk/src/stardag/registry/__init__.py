"""Registries: where builds record tasks, runs and logs.

``RegistryABC`` is the interface; ``NoOpRegistry``, ``FileSystemRegistry`` and
``APIRegistry`` (in :mod:`stardag.registry.api`) implement it. The active one
comes from :data:`registry_provider`. Names load lazily so importing this
package stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stardag.registry.api import APIRegistry
    from stardag.registry.base import RegistryABC
    from stardag.registry.filesystem import FileSystemRegistry
    from stardag.registry.models import (
        BuildStart,
        BuildStatus,
        LogRecord,
        RunFinish,
        RunStart,
        RunStatus,
        TaskRegistration,
        TaskStatus,
    )
    from stardag.registry.noop import NoOpRegistry
    from stardag.registry.provider import (
        RegistryChoice,
        RegistryProvider,
        describe_active_registry,
        registry_provider,
    )
    from stardag.registry.records import BuildRecord, RunRecord, TaskRecord

_EXPORTS = {
    "RegistryABC": "stardag.registry.base",
    "FileSystemRegistry": "stardag.registry.filesystem",
    "NoOpRegistry": "stardag.registry.noop",
    "APIRegistry": "stardag.registry.api",
    "RegistryChoice": "stardag.registry.provider",
    "RegistryProvider": "stardag.registry.provider",
    "describe_active_registry": "stardag.registry.provider",
    "registry_provider": "stardag.registry.provider",
    "init_registry": "stardag.registry.provider",
    "RegistryGlobalConcurrencyLockManager": "stardag.locks",
    "TaskRecord": "stardag.registry.records",
    "RunRecord": "stardag.registry.records",
    "BuildRecord": "stardag.registry.records",
    **{
        name: "stardag.registry.models"
        for name in (
            "BuildStart",
            "BuildStatus",
            "LogRecord",
            "RunFinish",
            "RunStart",
            "RunStatus",
            "TaskRegistration",
            "TaskStatus",
        )
    },
}

__all__ = [
    "APIRegistry",
    "BuildRecord",
    "BuildStart",
    "BuildStatus",
    "FileSystemRegistry",
    "LogRecord",
    "NoOpRegistry",
    "RegistryABC",
    "RegistryChoice",
    "RegistryGlobalConcurrencyLockManager",
    "RegistryProvider",
    "RunFinish",
    "RunRecord",
    "RunStart",
    "RunStatus",
    "TaskRecord",
    "TaskRegistration",
    "TaskStatus",
    "describe_active_registry",
    "init_registry",
    "registry_provider",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'stardag.registry' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
