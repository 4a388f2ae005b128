"""Named target roots and the factory that turns a relative path into a target.

``sd.get_target("my/file.json")`` is the file ``my/file.json`` under the
``default`` root; ``target_root_key="archive"`` picks another root. Roots come
from the environment (see :func:`stardag.config.configured_target_roots`) unless
a :class:`TargetFactory` is set with ``target_factory_provider.set(...)`` or
``.override(...)``. Which target class serves a path is chosen by its prefix:
``/`` is a :class:`LocalTarget`, any ``scheme://`` URI an fsspec-backed
:class:`RemoteFileSystemTarget`, unless ``prefix_to_target_prototype`` says otherwise.
"""

from __future__ import annotations

import functools
import json
import posixpath
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stardag.config import DEFAULT_ROOT_NAME, configured_target_roots
from stardag.errors import TargetPathError
from stardag.resource_provider import ResourceProvider
from stardag.target._base import (
    DirectoryTarget,
    FileSystemTarget,
    LocalTarget,
    RemoteFileSystemTarget,
    TargetPrototype,
    is_remote,
)

DEFAULT_TARGET_ROOT_KEY = DEFAULT_ROOT_NAME


def default_prefix_to_target_prototype() -> dict[str, TargetPrototype]:
    return {"/": LocalTarget}


class TargetFactory:
    """Makes targets for paths relative to named roots.

    Args:
        target_roots: root name -> absolute path or URI; default the configured roots.
        prefix_to_target_prototype: path prefix -> target class (or factory).
    """

    def __init__(
        self,
        target_roots: Mapping[str, str] | None = None,
        prefix_to_target_prototype: Mapping[str, TargetPrototype] | None = None,
    ) -> None:
        self._explicit_roots = (
            None
            if target_roots is None
            else {key: _normalize_root(value) for key, value in target_roots.items()}
        )
        self.prefix_to_target_prototype = dict(
            prefix_to_target_prototype or default_prefix_to_target_prototype()
        )

    @property
    def target_roots(self) -> dict[str, str]:
        """Root name -> path or URI ending in ``/``; without explicit roots, the
        configured ones as the environment says now (tests change it per test)."""
        if self._explicit_roots is not None:
            return self._explicit_roots
        return _normalized_configured_roots(tuple(configured_target_roots().items()))

    def get_target(
        self,
        relpath: str,
        target_root_key: str = DEFAULT_TARGET_ROOT_KEY,
        task: Any = None,
    ) -> FileSystemTarget:
        """The file ``relpath`` under root ``target_root_key`` (an absolute path or
        URI is used as it is). ``task`` is accepted for compatibility and unused.

        Raises:
            TargetPathError: no root of that name, or ``relpath`` climbs out of the root.
        """
        path = self.get_path(relpath, target_root_key)
        return self._prototype_for(path)(path)

    def get_directory_target(
        self, relpath: str, target_root_key: str = DEFAULT_TARGET_ROOT_KEY
    ) -> DirectoryTarget[FileSystemTarget]:
        """The folder ``relpath`` under root ``target_root_key`` as a :class:`DirectoryTarget`."""
        path = self.get_path(relpath, target_root_key)
        return DirectoryTarget(path, self._prototype_for(path))

    def get_path(self, relpath: str, target_root_key: str = DEFAULT_TARGET_ROOT_KEY) -> str:
        """The full path or URI of ``relpath`` under root ``target_root_key``."""
        if self._is_full_path(relpath):
            return relpath
        root = self.target_roots.get(target_root_key)
        if root is None:
            example = json.dumps({DEFAULT_TARGET_ROOT_KEY: "...", target_root_key: "..."})
            raise TargetPathError(
                f"No target root is configured for key {target_root_key!r} (configured: "
                f"{sorted(self.target_roots)}); set STARDAG_TARGET_ROOT__"
                f"{target_root_key.upper()}=... or STARDAG_TARGET_ROOTS='{example}'"
            )
        normalized = posixpath.normpath(relpath.replace("\\", "/"))
        if not relpath or normalized == ".." or normalized.startswith("../"):
            raise TargetPathError(
                f"Output path {relpath!r} is outside target root {target_root_key!r} ({root})"
            )
        return f"{root}{normalized}"

    def _is_full_path(self, path: str) -> bool:
        return path.startswith(tuple(self.prefix_to_target_prototype)) or is_remote(path)

    def _prototype_for(self, path: str) -> TargetPrototype:
        for prefix, prototype in self.prefix_to_target_prototype.items():
            if path.startswith(prefix):
                return prototype
        if is_remote(path):
            return RemoteFileSystemTarget
        raise TargetPathError(
            f"{path!r} matches none of the target prefixes "
            f"{sorted(self.prefix_to_target_prototype)}"
        )


@functools.lru_cache(maxsize=8)
def _normalized_configured_roots(roots: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {key: _normalize_root(value) for key, value in roots}


def _normalize_root(root: str) -> str:
    if is_remote(root):
        return root.removesuffix("/") + "/"
    local = str(Path(LocalTarget(root).uri).absolute())
    return local.removesuffix("/") + "/"


target_factory_provider: ResourceProvider[TargetFactory] = ResourceProvider(
    TargetFactory, "the TargetFactory that get_target() uses"
)


def get_target(
    relpath: str, target_root_key: str = DEFAULT_TARGET_ROOT_KEY, task: Any = None
) -> FileSystemTarget:
    """The file ``relpath`` under the configured root ``target_root_key``."""
    return target_factory_provider.get().get_target(relpath, target_root_key)


def get_directory_target(
    relpath: str, target_root_key: str = DEFAULT_TARGET_ROOT_KEY
) -> DirectoryTarget[FileSystemTarget]:
    """The folder ``relpath`` under the configured root ``target_root_key``."""
    return target_factory_provider.get().get_directory_target(relpath, target_root_key)


@contextmanager
def target_roots_override(target_roots: Mapping[str, str]) -> Iterator[TargetFactory]:
    """Use ``target_roots`` (keeping the current prefix mapping) inside the block."""
    current = target_factory_provider.get()
    factory = TargetFactory(target_roots, current.prefix_to_target_prototype)
    with target_factory_provider.override(factory):
        yield factory
