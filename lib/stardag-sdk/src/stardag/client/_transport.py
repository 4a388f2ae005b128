"""A small keep-alive JSON-over-HTTP GET transport on the standard library.

Why not httpx (which the SDK's write path uses): importing httpx and building a
client costs ~0.3 s, the whole budget of a ``stardag tasks ls``. Reads are plain
GETs of JSON, which ``http.client`` does in a few milliseconds of import time.
"""

from __future__ import annotations

import http.client
import json
import os
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from stardag.client.errors import ServerUnreachable

_STALE_CONNECTION = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)

QueryValue = str | int | float | bool | list[str] | None


class JsonResponse:
    """Status code and decoded JSON body (``None`` when the body is not JSON)."""

    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code = status_code
        self.body = body


class JsonTransport:
    """Sends GET requests to one server, reusing one connection."""

    def __init__(self, base_url: str, timeout: float, api_key: str | None = None) -> None:
        """``api_key`` defaults to the configured one (``STARDAG_API_KEY`` or config.toml)."""
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ServerUnreachable(base_url, "not an http(s) URL")
        self.base_url = base_url
        self._https = parts.scheme == "https"
        self._host = parts.hostname
        self._port = parts.port
        self._prefix = parts.path.rstrip("/")
        self._timeout = timeout
        self._connection: http.client.HTTPConnection | None = None
        self._headers = {"Accept": "application/json"}
        key = api_key or configured_api_key()
        if key:
            self._headers["Authorization"] = f"Bearer {key}"

    def get(self, path: str, query: dict[str, QueryValue] | None = None) -> JsonResponse:
        """GET ``path`` (relative to the base URL) and decode the JSON answer.

        Raises ``ServerUnreachable`` when nothing answers or the answer is not HTTP.
        """
        target = self._prefix + path
        params = {k: v for k, v in (query or {}).items() if v is not None}
        if params:
            target += "?" + urlencode(params, doseq=True)
        for attempt in (1, 2):
            reused = self._connection is not None
            try:
                return self._request(target)
            except (OSError, http.client.HTTPException) as exc:
                self.close()
                # A kept-alive connection that the server closed meanwhile gets one
                # fresh attempt (GET is idempotent); anything else is unreachable.
                if reused and attempt == 1 and isinstance(exc, _STALE_CONNECTION):
                    continue
                raise ServerUnreachable(self.base_url, _describe(exc)) from exc
        raise AssertionError("unreachable")

    def _request(self, target: str) -> JsonResponse:
        connection = self._connect()
        connection.request("GET", target, headers=self._headers)
        response = connection.getresponse()
        raw = response.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        return JsonResponse(response.status, body)

    def _connect(self) -> http.client.HTTPConnection:
        if self._connection is None:
            if self._https:
                self._connection = http.client.HTTPSConnection(
                    self._host, self._port, timeout=self._timeout
                )
            else:
                self._connection = http.client.HTTPConnection(
                    self._host, self._port, timeout=self._timeout
                )
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def configured_api_key() -> str | None:
    """``STARDAG_API_KEY``, else ``[registry] api_key`` in ``$STARDAG_HOME/config.toml``.

    The same lookup as ``StardagSettings.configured_api_key``, without importing
    pydantic-settings (half a second, the whole budget of a CLI query).
    """
    key = os.environ.get("STARDAG_API_KEY")
    if key:
        return key
    home = os.environ.get("STARDAG_HOME")
    config_file = (Path(home).expanduser() if home else Path.home() / ".stardag") / "config.toml"
    try:
        section = tomllib.loads(config_file.read_text(encoding="utf-8")).get("registry", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    value = section.get("api_key") if isinstance(section, dict) else None
    return value if isinstance(value, str) and value else None


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "timed out"
    return str(exc) or type(exc).__name__
