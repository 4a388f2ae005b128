"""HEAD answered wherever GET is (``HEAD /`` was a 405).

FastAPI routes answer only the methods they declare. Rather than declaring HEAD on
every route (the routers are shared module objects, and HEAD would then show in the
OpenAPI schema twice per path), a HEAD request is served as the GET it mirrors, with
the body dropped and the headers (content-length included) kept.
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGet:
    """ASGI middleware: run HEAD requests as GET and send no body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def allowed_methods(request: Request) -> list[str]:
    """Every method some route serves at ``request``'s path (for a 405's ``Allow``).

    Starlette names only the first route whose path matched; the OpenAPI paths list
    them all. Paths outside the schema (the UI, /docs) are GET-only.
    """
    app = request.app
    patterns: list[tuple[re.Pattern[str], set[str]]] | None = getattr(
        app.state, "path_methods", None
    )
    if patterns is None:
        patterns = [
            (re.compile("^" + re.sub(r"\\{[^/]+?\\}", "[^/]+", re.escape(path)) + "$"), set())
            for path in app.openapi()["paths"]
        ]
        for (_, methods), operations in zip(patterns, app.openapi()["paths"].values(), strict=True):
            methods.update(method.upper() for method in operations)
        app.state.path_methods = patterns
    found = {m for pattern, methods in patterns if pattern.match(request.url.path) for m in methods}
    found = found or {"GET"}
    if "GET" in found:
        found.add("HEAD")
    return sorted(found)
