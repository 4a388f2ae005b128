"""ASGI middleware: bounded request bodies.

- a body over ``max_bytes`` is answered with 413 unread;
- a body that stalls for ``read_timeout`` seconds between chunks is answered with 408
  (a half-sent upload must not hold a connection and its buffer forever);
- at most ``inflight_budget`` bytes of bodies are read into memory at once: a request
  whose body does not fit waits (its bytes stay in the socket) until others finish.
  Each in-flight body also costs its parsed objects, so this is what keeps the
  process's peak memory bounded when many clients post large batches together.
"""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Bodies under this size skip the budget: they are the common case and cost little.
SMALL_BODY_BYTES = 256 * 1024
# How long a request may wait for room in the budget before it is told to retry (503).
BUDGET_WAIT_SECONDS = 120.0


class _ByteBudget:
    """A counting semaphore over bytes, fair enough for a handful of large waiters."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.used = 0
        self._changed = asyncio.Condition()

    async def acquire(self, amount: int) -> int:
        """Wait until ``amount`` bytes fit (``TimeoutError`` after ``BUDGET_WAIT_SECONDS``)."""
        amount = min(amount, self.capacity)
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: self.used + amount <= self.capacity),
                BUDGET_WAIT_SECONDS,
            )
            self.used += amount
        return amount

    async def release(self, amount: int) -> None:
        async with self._changed:
            self.used -= amount
            self._changed.notify_all()
        if self.used == 0:
            # Once the last large request's objects are gone too (the response is
            # still being sent now), hand the freed heap back.
            asyncio.get_running_loop().call_later(1.0, self._trim_if_idle)

    def _trim_if_idle(self) -> None:
        if self.used == 0:
            _return_freed_memory()


def _load_malloc_trim() -> Any:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):  # not glibc
        return None


_MALLOC_TRIM = _load_malloc_trim()


def _return_freed_memory() -> None:
    """Give freed heap pages back to the OS once no large body is in flight.

    glibc keeps freed memory of every thread's arena for reuse; after a burst of large
    batches parsed on many threadpool threads the process would otherwise stay at its
    peak size for good.
    """
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


class BodySizeLimit:
    """Buffers the body up to ``max_bytes`` under a shared in-flight budget (see module)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        read_timeout: float = 30.0,
        inflight_budget: int = 21 * 1024 * 1024,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.read_timeout = read_timeout
        self.budget = _ByteBudget(max(inflight_budget, max_bytes))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        size_hint = int(declared) if declared is not None and declared.isdigit() else None
        if size_hint is None and b"transfer-encoding" not in headers:
            size_hint = 0  # no body at all (GET, or a POST without one)
        if size_hint is not None and size_hint > self.max_bytes:
            await _refuse(
                send,
                413,
                "too_large",
                f"The request body is over the {self.max_bytes}-byte limit; send smaller batches.",
            )
            return
        if size_hint is not None and size_hint <= SMALL_BODY_BYTES:
            await self._buffer_and_call(scope, receive, send)
            return
        try:
            held = await self.budget.acquire(size_hint or self.max_bytes)
        except TimeoutError:
            await _refuse(
                send, 503, "busy", "The server is busy with other large requests; retry shortly."
            )
            return
        try:
            await self._buffer_and_call(scope, receive, send)
        finally:
            await self.budget.release(held)

    async def _buffer_and_call(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            try:
                message = await asyncio.wait_for(receive(), self.read_timeout)
            except TimeoutError:
                await _refuse(
                    send,
                    408,
                    "timeout",
                    f"The request body stalled for over {self.read_timeout:g} s.",
                )
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await _refuse(
                    send,
                    413,
                    "too_large",
                    f"The request body is over the {self.max_bytes}-byte limit; "
                    "send smaller batches.",
                )
                return
            if chunk:
                chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        del chunks
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _refuse(send: Send, status: int, code: str, detail: str) -> None:
    body = json.dumps({"detail": detail, "code": code}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    if status == 503:
        headers.append((b"retry-after", b"5"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
