"""Waiting for a starting API to answer its health check."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from stardag_cli.stack.errors import ApiStartFailed
from stardag_cli.stack.process import tail
from stardag_cli.stack.request import Progress

API_START_TIMEOUT_SECONDS = 60.0


def wait_until_healthy(
    url: str,
    progress: Progress,
    *,
    exit_code: Callable[[], int | None] = lambda: None,
    log_path: Path | None = None,
    timeout: float = API_START_TIMEOUT_SECONDS,
) -> None:
    """Poll ``url/health`` until it answers 200.

    Raises ``ApiStartFailed`` (with the end of ``log_path``) when ``exit_code()``
    reports that the API process ended, or after ``timeout`` seconds.
    """
    from stardag.client import ApiError, ServerUnreachable, StardagClient

    progress(f"Waiting for {url}/health")
    deadline = time.monotonic() + timeout
    with StardagClient(url, timeout=2.0) as client:
        while True:
            code = exit_code()
            if code is not None:
                raise ApiStartFailed(
                    f"The API process exited with code {code} while starting.{_log_hint(log_path)}"
                )
            try:
                client.health()
                return
            except (ServerUnreachable, ApiError):
                pass
            if time.monotonic() > deadline:
                raise ApiStartFailed(
                    f"The API did not answer {url}/health within {timeout:.0f} s."
                    + _log_hint(log_path)
                )
            # A refused loopback connection costs microseconds: poll often, so the
            # user waits for the API, not for the next poll.
            time.sleep(0.02)


def _log_hint(log_path: Path | None) -> str:
    return f" Last lines of {log_path}:\n{tail(log_path, 15)}" if log_path else ""
