"""Stardag: declarative, content-addressed DAGs of tasks.

``import stardag as sd`` is cheap: names are loaded on first use, so tools that
only need a submodule (the CLI's read client) do not pay for pydantic models,
the build machinery or fsspec. ``stardag.client`` is never imported from here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stardag.auto_task import AutoTask, TaskLoads
    from stardag.base_model import StardagField
    from stardag.base_task import (
        BaseTask,
        Task,
        TaskRef,
        TaskStruct,
        flatten_task_struct,
        load_task,
    )
    from stardag.build import (
        BuildExitStatus,
        BuildSummary,
        FailMode,
        build,
        build_aio,
        build_sequential,
        build_sequential_aio,
    )
    from stardag.config import StardagSettings, get_settings, reset_settings
    from stardag.decorator import Depends, FunctionTask, task
    from stardag.errors import (
        AmbiguousTaskNameError,
        APIError,
        AuthenticationError,
        AuthorizationError,
        ConfigurationError,
        DependencyCycleError,
        InvalidRequiresError,
        StardagError,
        TargetPathError,
        TaskDefinitionError,
        TaskFailedError,
        TaskSerializationError,
        TokenExpiredError,
        UnknownFamilyError,
    )
    from stardag.execution.executor import InlineExecutor, TaskExecutor, ThreadPoolTaskExecutor
    from stardag.execution.runner import TaskOutcome, TaskRunner
    from stardag.hashable_set import HashableSet
    from stardag.ids import ExcludeFromId
    from stardag.polymorphic import Polymorphic, SubClass, auto_namespace, namespace
    from stardag.registry import registry_provider
    from stardag.target import (
        DirectoryTarget,
        FileSystemTarget,
        LocalTarget,
        get_directory_target,
        get_target,
        target_factory_provider,
    )

__version__ = "0.2.0"

_EXPORTS: dict[str, str] = {
    "AutoTask": "stardag.auto_task",
    "TaskLoads": "stardag.auto_task",
    "Depends": "stardag.decorator",
    "FunctionTask": "stardag.decorator",
    "task": "stardag.decorator",
    "BaseTask": "stardag.base_task",
    "Task": "stardag.base_task",
    "TaskRef": "stardag.base_task",
    "TaskStruct": "stardag.base_task",
    "flatten_task_struct": "stardag.base_task",
    "load_task": "stardag.base_task",
    "Polymorphic": "stardag.polymorphic",
    "SubClass": "stardag.polymorphic",
    "auto_namespace": "stardag.polymorphic",
    "namespace": "stardag.polymorphic",
    "StardagField": "stardag.base_model",
    "HashableSet": "stardag.hashable_set",
    "StardagSettings": "stardag.config",
    "get_settings": "stardag.config",
    "reset_settings": "stardag.config",
    "BuildExitStatus": "stardag.build",
    "BuildSummary": "stardag.build",
    "FailMode": "stardag.build",
    "build": "stardag.build",
    "build_aio": "stardag.build",
    "build_sequential": "stardag.build",
    "build_sequential_aio": "stardag.build",
    "InlineExecutor": "stardag.execution.executor",
    "TaskExecutor": "stardag.execution.executor",
    "ThreadPoolTaskExecutor": "stardag.execution.executor",
    "TaskOutcome": "stardag.execution.runner",
    "TaskRunner": "stardag.execution.runner",
    "ExcludeFromId": "stardag.ids",
    "DirectoryTarget": "stardag.target",
    "FileSystemTarget": "stardag.target",
    "LocalTarget": "stardag.target",
    "get_directory_target": "stardag.target",
    "get_target": "stardag.target",
    "target_factory_provider": "stardag.target",
    "registry_provider": "stardag.registry",
    "APIError": "stardag.errors",
    "AmbiguousTaskNameError": "stardag.errors",
    "AuthenticationError": "stardag.errors",
    "AuthorizationError": "stardag.errors",
    "ConfigurationError": "stardag.errors",
    "DependencyCycleError": "stardag.errors",
    "InvalidRequiresError": "stardag.errors",
    "StardagError": "stardag.errors",
    "TargetPathError": "stardag.errors",
    "TaskDefinitionError": "stardag.errors",
    "TaskFailedError": "stardag.errors",
    "TaskSerializationError": "stardag.errors",
    "TokenExpiredError": "stardag.errors",
    "UnknownFamilyError": "stardag.errors",
}

__all__ = [
    "APIError",
    "AmbiguousTaskNameError",
    "AuthenticationError",
    "AuthorizationError",
    "AutoTask",
    "BaseTask",
    "BuildExitStatus",
    "BuildSummary",
    "ConfigurationError",
    "DependencyCycleError",
    "Depends",
    "DirectoryTarget",
    "ExcludeFromId",
    "FailMode",
    "FileSystemTarget",
    "FunctionTask",
    "HashableSet",
    "InlineExecutor",
    "InvalidRequiresError",
    "LocalTarget",
    "Polymorphic",
    "StardagError",
    "StardagField",
    "StardagSettings",
    "SubClass",
    "TargetPathError",
    "Task",
    "TaskDefinitionError",
    "TaskExecutor",
    "TaskFailedError",
    "TaskLoads",
    "TaskOutcome",
    "TaskRef",
    "TaskRunner",
    "TaskSerializationError",
    "TaskStruct",
    "ThreadPoolTaskExecutor",
    "TokenExpiredError",
    "UnknownFamilyError",
    "__version__",
    "auto_namespace",
    "build",
    "build_aio",
    "build_sequential",
    "build_sequential_aio",
    "flatten_task_struct",
    "get_directory_target",
    "get_settings",
    "get_target",
    "load_task",
    "namespace",
    "registry_provider",
    "reset_settings",
    "target_factory_provider",
    "task",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'stardag' has no attribute {name!r}")
    loaded = importlib.import_module(module)
    # ``stardag.build`` is a module whose ``build`` is the function (both callable).
    value = loaded if module == "stardag.build" and name == "build" else getattr(loaded, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
