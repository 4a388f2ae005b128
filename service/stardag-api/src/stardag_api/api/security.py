"""ASGI middleware that keeps other web pages out: Host allow-list, no cross-site writes,
security headers on every response.

Why each check exists:

- **Host allow-list**: a DNS-rebinding page resolves its own name to 127.0.0.1 and
  becomes same-origin with the registry; refusing unknown ``Host`` headers stops it.
- **Origin check on writes**: browsers send ``Origin`` with every cross-origin POST,
  including ``no-cors`` fetches and ``sendBeacon``, whose responses the page never reads
  but whose side effects would still happen.
- **JSON content type on writes**: a body a browser can send cross-site without a CORS
  preflight is at most ``text/plain``, form data or a blob; requiring
  ``application/json`` means every cross-site write needs a preflight, which CORS refuses.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")

# The UI and the self-hosted API docs load only their own files. Inline styles are
# allowed because React Flow and Swagger UI position elements with style attributes.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


def content_security_policy(connect_sources: Sequence[str] = ()) -> str:
    """The CSP, letting scripts also connect to the origins of ``connect_sources``."""
    origins = []
    for url in connect_sources:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            origins.append(f"{parts.scheme}://{parts.netloc}")
    if not origins:
        return CONTENT_SECURITY_POLICY
    return CONTENT_SECURITY_POLICY.replace(
        "connect-src 'self'", "connect-src 'self' " + " ".join(origins)
    )


def host_name(host_header: str) -> str:
    """The name part of a ``Host`` header, lower-case, without port or IPv6 brackets."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host[1:]
    if host.count(":") == 1:
        return host.split(":", 1)[0]
    return host


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a bind address or host name) only reaches this machine."""
    name = host_name(host) if not host.count(":") > 1 else host.strip("[]").lower()
    return name in LOOPBACK_HOSTS or name.startswith("127.")


class RequestGuard:
    """Refuses requests for unknown hosts and cross-site writes; adds security headers.

    ``allowed_hosts`` are host names (no ports); ``"*"`` allows any. ``trusted_origins``
    are full origins (``scheme://host:port``) allowed to write besides the page's own.
    ``connect_sources`` are URLs the UI's scripts may fetch from besides this server
    (the OIDC issuer).
    """

    def __init__(
        self,
        app: ASGIApp,
        allowed_hosts: Iterable[str],
        trusted_origins: Sequence[str],
        connect_sources: Sequence[str] = (),
    ) -> None:
        self.app = app
        self.headers = [
            (b"content-security-policy", content_security_policy(connect_sources).encode()),
            *SECURITY_HEADERS,
        ]
        hosts = {host_name(host) for host in allowed_hosts}
        self.any_host = "*" in hosts
        self.allowed_hosts = frozenset(hosts)
        self.trusted_origins = frozenset(origin.rstrip("/").lower() for origin in trusted_origins)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        refusal = self._refusal(scope)
        if refusal is not None:
            status, code, detail = refusal
            await _send_error(send_with_headers, status, code, detail)
            return
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope: Scope) -> tuple[int, str, str] | None:
        headers = _headers(scope)
        host = headers.get("host", "")
        if not self.any_host and host_name(host) not in self.allowed_hosts:
            return (
                400,
                "host_not_allowed",
                f"Host {host!r} is not served here. Add it to STARDAG_ALLOWED_HOSTS "
                "if this server is meant to be reached under that name.",
            )
        if scope["method"] not in UNSAFE_METHODS:
            return None
        origin = headers.get("origin")
        if origin is not None and not self._origin_allowed(origin, host):
            return (
                403,
                "cross_origin",
                f"Writes from the web origin {origin!r} are not accepted.",
            )
        if _has_body(headers) and not _is_json(headers.get("content-type", "")):
            return (
                415,
                "unsupported_media_type",
                "Request bodies must be JSON: send Content-Type: application/json.",
            )
        return None

    def _origin_allowed(self, origin: str, host: str) -> bool:
        normalized = origin.rstrip("/").lower()
        if normalized in self.trusted_origins:
            return True
        parts = urlsplit(normalized)
        return parts.scheme in ("http", "https") and parts.netloc == host.lower()


def _headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in scope.get("headers") or []
    }


def _has_body(headers: dict[str, str]) -> bool:
    length = headers.get("content-length")
    return "transfer-encoding" in headers or (length is not None and length.strip() != "0")


def _is_json(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type == "application/json" or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


async def _send_error(send: Send, status: int, code: str, detail: str) -> None:
    body = json.dumps({"detail": detail, "code": code}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
