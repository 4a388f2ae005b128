"""The UI's typed client must match the service's real OpenAPI schema.

The UI is type-checked against app/stardag-ui/src/api/schema.gen.ts, generated from the
committed app/stardag-ui/openapi.json. These tests fail when either no longer matches
the running service: fix with `cd app/stardag-ui && npm run gen:api` and commit both.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

FIX = "run `cd app/stardag-ui && npm run gen:api` and commit openapi.json and schema.gen.ts"


def test_committed_openapi_schema_matches_the_service(ui_paths: dict[str, Path]) -> None:
    from stardag_api.main import app

    live = json.loads(json.dumps(app.openapi()))
    committed = json.loads((ui_paths["ui_root"] / "openapi.json").read_text())
    assert committed == live, f"app/stardag-ui/openapi.json is stale: {FIX}"


def test_committed_client_matches_the_generator(
    node_binary: str, ui_paths: dict[str, Path]
) -> None:
    ui_root = ui_paths["ui_root"]
    result = subprocess.run(
        [node_binary, "scripts/gen-api.mjs", "--no-dump", "--stdout"],
        cwd=ui_root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    committed = (ui_root / "src" / "api" / "schema.gen.ts").read_text()
    assert result.stdout == committed, f"src/api/schema.gen.ts is stale: {FIX}"
    assert committed.startswith("/**\n * generated — do not edit.")
