"""Reading the registry's server-sent events (``GET /api/v1/stream``) on the standard library.

Yields ``(event, data)`` pairs: ``("ready", {...})`` once the subscription is live,
then ``("changes", [change, ...])`` and ``("resync", {})`` as the server sends them
(``docs/api.md`` describes the change kinds). Keepalive comments are skipped.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

from stardag.client._transport import QueryValue
from stardag.client.errors import ServerUnreachable

# The server sends a keepalive every 15 s; a silent connection for longer is dead.
READ_TIMEOUT_SECONDS = 40.0


def stream_changes(
    base_url: str, path: str, query: dict[str, QueryValue]
) -> Iterator[tuple[str, Any]]:
    """Open the stream and yield its events until the server closes it.

    Raises ``ServerUnreachable`` when no server answers or the connection drops.
    """
    parts = urlsplit(base_url)
    connection_type = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_type(parts.hostname or "", parts.port, timeout=READ_TIMEOUT_SECONDS)
    params = {k: v for k, v in query.items() if v is not None}
    target = parts.path.rstrip("/") + path + ("?" + urlencode(params, doseq=True) if params else "")
    try:
        connection.request("GET", target, headers={"Accept": "text/event-stream"})
        response = connection.getresponse()
        if response.status != 200:
            raise ServerUnreachable(base_url, f"the stream answered HTTP {response.status}")
        event, data = "message", ""
        for raw in response:
            line = raw.decode().rstrip("\r\n")
            if not line:
                if data:
                    yield event, json.loads(data)
                event, data = "message", ""
            elif line.startswith("event:"):
                event = line[len("event:") :].strip()
            elif line.startswith("data:"):
                data += line[len("data:") :].strip()
    except (OSError, http.client.HTTPException) as exc:
        raise ServerUnreachable(base_url, str(exc) or type(exc).__name__) from exc
    finally:
        connection.close()
