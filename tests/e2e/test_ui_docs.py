"""``/docs`` renders in Chromium from the server's own assets, with no CSP violation."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any


def test_api_docs_render_from_local_assets(
    node_binary: str, chromium_binary: str, ui_server: Any, ui_paths: dict[str, Path]
) -> None:
    result = subprocess.run(
        [node_binary, "e2e/docs-page.mjs", "--base-url", ui_server.url],
        cwd=ui_paths["ui_root"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["operations"] >= 18
    assert seen["errors"] == []
    assert seen["foreign_requests"] == []
