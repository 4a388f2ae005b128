"""Fixtures of the SDK core tests: a private Stardag home per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from stardag.config import reset_settings
from stardag.registry import FileSystemRegistry, registry_provider
from stardag.target import target_factory_provider

_SETTINGS_VARS = (
    "STARDAG_TARGET_ROOT",
    "STARDAG_TARGET_ROOTS",
    "STARDAG_REGISTRY_URL",
    "STARDAG_REGISTRY_DIR",
    "STARDAG_COMMIT_HASH",
    "STARDAG_HEARTBEAT_INTERVAL_SECONDS",
)


@pytest.fixture
def stardag_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``STARDAG_HOME`` in ``tmp_path`` with the file-system registry active and the
    target roots read from the environment (outputs under this home by default)."""
    home = tmp_path / "stardag-home"
    monkeypatch.setenv("STARDAG_HOME", str(home))
    monkeypatch.setenv("STARDAG_REGISTRY", "fs")
    for name in _SETTINGS_VARS:
        monkeypatch.delenv(name, raising=False)
    for name in list(os.environ):
        if name.startswith(("STARDAG_TARGET_ROOT__", "STARDAG_TARGET_ROOTS__")):
            monkeypatch.delenv(name)  # named roots: STARDAG_TARGET_ROOT__<NAME>
    reset_settings()
    registry_provider.reset()
    target_factory_provider.reset()  # roots from the environment set above
    yield home
    target_factory_provider.reset()
    registry_provider.reset()
    reset_settings()


@pytest.fixture
def fs_registry(stardag_home: Path) -> FileSystemRegistry:
    """The file-system registry builds report to in this test."""
    registry = registry_provider.get()
    assert isinstance(registry, FileSystemRegistry)
    return registry
