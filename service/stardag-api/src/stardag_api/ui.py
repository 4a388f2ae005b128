"""Serving the built UI (a single-page app) from a folder, next to the API.

Files that exist are served as they are; any other GET outside the API answers
with ``index.html`` so client-side routes survive a reload. ``/api/*``, ``/docs``,
``/health`` and ``/openapi.json`` never fall back to the UI.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

NEVER_UI = ("api", "docs", "redoc", "health", "openapi.json")

MISSING_BUNDLE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Stardag registry</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>Stardag registry</h1>
<p>The API is running (<a href="/docs">API docs</a>, <a href="/health">health</a>),
but the web UI bundle is missing from <code>{ui_dir}</code>.</p>
<p>Build it with <code>cd app/stardag-ui &amp;&amp; npm ci &amp;&amp; npm run build</code>
(the build writes into <code>service/stardag-api/src/stardag_api/static/</code>), or point
<code>STARDAG_UI_DIR</code> at a folder holding a built <code>index.html</code>.</p>
</body></html>
"""


def _not_found(path: str) -> JSONResponse:
    return JSONResponse({"detail": f"No such path: /{path}", "code": "not_found"}, 404)


def _file_in(root: Path, path: str) -> Path | None:
    """The file ``path`` names inside ``root``; ``None`` for anything else.

    Paths the OS refuses (a NUL byte, a component over 255 bytes) are just not files.
    """
    try:
        candidate = (root / path).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            return candidate
    except (ValueError, OSError):
        pass
    return None


def mount_ui(app: FastAPI, ui_dir: Path) -> None:
    """Add the catch-all GET route that serves ``ui_dir`` (register it after the API routes)."""
    root = ui_dir.resolve()

    @app.get("/{path:path}", include_in_schema=False)
    def serve_ui(path: str) -> Response:
        first = path.split("/", 1)[0]
        if first in NEVER_UI:
            return _not_found(path)
        index = root / "index.html"
        if path:
            candidate = _file_in(root, path)
            if candidate is not None:
                # Hashed assets never change; index.html must always be revalidated.
                cache = "public, max-age=31536000, immutable" if first == "assets" else "no-cache"
                return FileResponse(candidate, headers={"cache-control": cache})
            if first == "assets":
                return _not_found(path)
        if index.is_file():
            return FileResponse(index, headers={"cache-control": "no-cache"})
        if not path:
            return HTMLResponse(MISSING_BUNDLE_PAGE.format(ui_dir=root))
        return _not_found(path)
