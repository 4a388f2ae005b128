"""``/docs``: Swagger UI served from this process (the assets ship in the ``swagger-ui-py``
wheel), so the docs page loads nothing from a CDN and fits the same CSP as the UI."""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse

SWAGGER_STATIC = Path(swagger_ui.__file__).resolve().parent / "static"
OWN_ASSETS = Path(__file__).resolve().parent / "docs_assets"
DOCS_ASSETS = {
    "swagger-ui-bundle.js": SWAGGER_STATIC / "swagger-ui-bundle.js",
    "swagger-ui.css": SWAGGER_STATIC / "swagger-ui.css",
    "favicon-32x32.png": SWAGGER_STATIC / "favicon-32x32.png",
    "docs-init.js": OWN_ASSETS / "docs-init.js",
}

DOCS_PAGE = """<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} - API docs</title>
  <link rel="icon" type="image/png" href="/docs/assets/favicon-32x32.png">
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/assets/docs-init.js"></script>
</body>
</html>
"""


def mount_api_docs(app: FastAPI) -> None:
    """Serve ``/docs`` and its assets (create the app with ``docs_url=None``)."""

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE.format(title=app.title))

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> FileResponse:
        path = DOCS_ASSETS.get(name)
        if path is None:
            raise HTTPException(404, f"No such path: /docs/assets/{name}")
        return FileResponse(path, headers={"cache-control": "public, max-age=3600"})
