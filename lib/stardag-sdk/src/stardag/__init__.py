"""Stardag: declarative, content-addressed DAGs of tasks.

``import stardag as sd`` is cheap: names are loaded on first use, so tools that
only need a submodule (the CLI's read client) do not pay for pydantic models,
the build machinery or fsspec. ``stardag.client`` is never imported from here.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stardag.auto_task import AutoTask, Depends, TaskLoads
    from stardag.base_task import Task, load_task
    from stardag.config import StardagSettings, get_settings, reset_settings
    from stardag.decorator import task
    from stardag.errors import (
        ConfigurationError,
        DependencyCycleError,
        InvalidRequiresError,
        StardagError,
        TargetPathError,
        TaskDefinitionError,
        TaskFailedError,
        TaskSerializationError,
        UnknownFamilyError,
    )
    from stardag.execution.builder import build
    from stardag.execution.executor import InlineExecutor, TaskExecutor, ThreadPoolTaskExecutor
    from stardag.execution.runner import TaskOutcome, TaskRunner
    from stardag.execution.summary import BuildSummary
    from stardag.ids import ExcludeFromId
    from stardag.serializers import JSONSerializer, PickleSerializer, Serializer, TextSerializer
    from stardag.targets import FileTarget, LoadableTarget

__version__ = "0.1.0"

_EXPORTS: dict[str, str] = {
    "AutoTask": "stardag.auto_task",
    "Depends": "stardag.auto_task",
    "TaskLoads": "stardag.auto_task",
    "StardagSettings": "stardag.config",
    "get_settings": "stardag.config",
    "reset_settings": "stardag.config",
    "task": "stardag.decorator",
    "build": "stardag.execution.builder",
    "InlineExecutor": "stardag.execution.executor",
    "TaskExecutor": "stardag.execution.executor",
    "ThreadPoolTaskExecutor": "stardag.execution.executor",
    "TaskOutcome": "stardag.execution.runner",
    "TaskRunner": "stardag.execution.runner",
    "BuildSummary": "stardag.execution.summary",
    "ExcludeFromId": "stardag.ids",
    "JSONSerializer": "stardag.serializers",
    "PickleSerializer": "stardag.serializers",
    "Serializer": "stardag.serializers",
    "TextSerializer": "stardag.serializers",
    "FileTarget": "stardag.targets",
    "LoadableTarget": "stardag.targets",
    "Task": "stardag.base_task",
    "load_task": "stardag.base_task",
    **{
        name: "stardag.errors"
        for name in (
            "ConfigurationError",
            "DependencyCycleError",
            "InvalidRequiresError",
            "StardagError",
            "TargetPathError",
            "TaskDefinitionError",
            "TaskFailedError",
            "TaskSerializationError",
            "UnknownFamilyError",
        )
    },
}

__all__ = [
    "AutoTask",
    "BuildSummary",
    "ConfigurationError",
    "DependencyCycleError",
    "Depends",
    "ExcludeFromId",
    "FileTarget",
    "InlineExecutor",
    "InvalidRequiresError",
    "JSONSerializer",
    "LoadableTarget",
    "PickleSerializer",
    "Serializer",
    "StardagError",
    "StardagSettings",
    "TargetPathError",
    "Task",
    "TaskDefinitionError",
    "TaskExecutor",
    "TaskFailedError",
    "TaskLoads",
    "TaskOutcome",
    "TaskRunner",
    "TaskSerializationError",
    "TextSerializer",
    "ThreadPoolTaskExecutor",
    "UnknownFamilyError",
    "build",
    "get_settings",
    "load_task",
    "reset_settings",
    "task",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'stardag' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
