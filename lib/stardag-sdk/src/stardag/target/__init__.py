"""Targets, target roots and serializers (``stardag.target``)."""

from stardag.target._base import (
    DirectoryTarget,
    FileSystemTarget,
    LoadableSaveableFileSystemTarget,
    LoadableSaveableTarget,
    LoadableTarget,
    LoadedT,
    LocalTarget,
    RemoteFileSystemTarget,
    SaveableTarget,
    Target,
    TargetPrototype,
)
from stardag.target._factory import (
    DEFAULT_TARGET_ROOT_KEY,
    TargetFactory,
    get_directory_target,
    get_target,
    target_factory_provider,
    target_roots_override,
)
from stardag.target._in_memory import InMemoryFileSystemTarget, InMemoryTarget
from stardag.target.serialize import Serializable

__all__ = [
    "DEFAULT_TARGET_ROOT_KEY",
    "DirectoryTarget",
    "FileSystemTarget",
    "InMemoryFileSystemTarget",
    "InMemoryTarget",
    "LoadableSaveableFileSystemTarget",
    "LoadableSaveableTarget",
    "LoadableTarget",
    "LoadedT",
    "LocalTarget",
    "RemoteFileSystemTarget",
    "SaveableTarget",
    "Serializable",
    "Target",
    "TargetFactory",
    "TargetPrototype",
    "get_directory_target",
    "get_target",
    "target_factory_provider",
    "target_roots_override",
]
