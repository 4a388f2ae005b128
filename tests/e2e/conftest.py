"""Fixtures for the UI's end-to-end tests: Node tooling, Chromium, a server with a real DAG.

Outside CI a missing Chromium or missing node_modules skips these tests with a one-line
reason; in CI (``CI=true``) it fails them, so a broken install never passes silently.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from stardag_testing import REPO_ROOT, LiveServer, create_database, drop_database, migrate

UI_ROOT = REPO_ROOT / "app" / "stardag-ui"
SCREENSHOT_DIR = REPO_ROOT / "artifacts" / "screenshots"
DAG_SCRIPT = Path(__file__).with_name("ui_e2e_dag.py")


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def unavailable(reason: str) -> None:
    """Skip (locally) or fail (in CI) because a tool the UI tests need is missing."""
    if _in_ci():
        pytest.fail(f"{reason} (required in CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def node_binary() -> str:
    """Path of `node`, with the UI's node_modules installed (`npm ci` in app/stardag-ui)."""
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed")
    if not (UI_ROOT / "node_modules" / "playwright-core").is_dir():
        unavailable("app/stardag-ui/node_modules is missing: run `npm ci` in app/stardag-ui")
    return str(node)


@pytest.fixture(scope="session")
def chromium_binary() -> str:
    """Debian's Chromium (or STARDAG_CHROMIUM); never a downloaded browser."""
    path = os.environ.get("STARDAG_CHROMIUM", "/usr/bin/chromium")
    if not Path(path).is_file():
        unavailable(f"Chromium not found at {path}: apt-get install chromium")
    return path


@pytest.fixture(scope="module")
def ui_database(postgres_admin_url: str) -> Iterator[str]:
    """A database of this module's own, so other packages' test rows never show up."""
    url = create_database(postgres_admin_url, prefix="stardag_ui_e2e")
    try:
        migrate(url)
        yield url
    finally:
        drop_database(postgres_admin_url, url)


@pytest.fixture(scope="module")
def ui_server(ui_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The real API serving the committed UI bundle."""
    log = tmp_path_factory.mktemp("ui-server") / "api.log"
    server = LiveServer(ui_database).start(log_path=log)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def ui_paths() -> dict[str, Path]:
    """Where the UI package lives and where screenshots go."""
    return {"ui_root": UI_ROOT, "screenshots": SCREENSHOT_DIR, "repo_root": REPO_ROOT}


@pytest.fixture(scope="module")
def built_dag(ui_server: Any, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Build the DAG of ui_e2e_dag.py with the SDK, reporting to `ui_server`; returns its
    ids: ``sum_ids``, ``range_ids``, ``halved_id``, ``failed_id``, ``pending_id``."""
    home = tmp_path_factory.mktemp("stardag-home")
    env = {
        **os.environ,
        "STARDAG_HOME": str(home),
        "STARDAG_REGISTRY": "api",
        "STARDAG_REGISTRY_URL": ui_server.url,
        "STARDAG_COMMIT_HASH": "e2e0000",
    }
    result = subprocess.run(
        [sys.executable, str(DAG_SCRIPT)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"DAG script failed:\n{result.stdout}\n{result.stderr}"
    ids: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return ids
