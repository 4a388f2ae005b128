"""Capture what each running task logs and prints, without hiding it from the console.

While a build runs, a root ``logging`` handler and a tee around ``sys.stdout``
and ``sys.stderr`` are installed (once, however many builds run at a time). A
context variable names the run buffer of the task executing in the current
thread, so parallel tasks each get their own lines; output from threads not
running a task passes through untouched.

Runs' logs are captured from INFO up even when the root logger is at WARNING
(Python's default): the root level is lowered to INFO for the build, and every
console handler on the root logger gets a filter that drops exactly the records
that exist only because of that change, so the console shows what it showed
before. When logging is not configured at all (no root handlers), Python prints
warnings through its last-resort handler; the capture handler keeps doing that.

A log call is recorded once, as a log record: whatever logging handlers write to the
teed streams while they handle it (a console handler writing to ``sys.stderr``, the
last-resort handler) is held back, and recorded as printed text only if no capture
handler saw the record (a logger that does not propagate to the root). To know when
handlers are at work, ``Logger.callHandlers`` is wrapped while capture is installed.

Every record of a run gets the next ``seq`` (0, 1, 2, ... in capture order), so the
registry can store each record once however often a batch is replayed, and keep two
identical lines that happen to share a timestamp.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TextIO

from stardag.registry.models import LogLevel, LogRecord, LogStream

MAX_MESSAGE_CHARS = 64 * 1024 - 64
_LEVELS: list[tuple[int, LogLevel]] = [
    (logging.CRITICAL, "CRITICAL"),
    (logging.ERROR, "ERROR"),
    (logging.WARNING, "WARNING"),
    (logging.INFO, "INFO"),
]


def _level_name(levelno: int) -> LogLevel:
    for threshold, name in _LEVELS:
        if levelno >= threshold:
            return name
    return "DEBUG"


def _clip(message: str) -> str:
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    return message[:MAX_MESSAGE_CHARS] + " …[truncated]"


class RunLogBuffer:
    """The log records of one run, in order; printed text is split into lines.

    Records are handed on in pieces while the run goes on (:meth:`ship_new`,
    called every second or so by the build's :class:`RunMonitor` and once more
    at the end), so a long task's logs show while it runs and a killed process
    keeps what it shipped. Shipped records are dropped from memory.
    """

    def __init__(self) -> None:
        self._unshipped: list[LogRecord] = []
        self._next_seq = 0
        self._partial: dict[LogStream, str] = {}
        self._lock = threading.Lock()
        # Held while taking records *and* handing them on, so two shippers (the
        # monitor thread and the run's own thread at its end) cannot reorder them.
        self._ship_lock = threading.Lock()

    def add_log(self, record: logging.LogRecord, message: str) -> None:
        timestamp = datetime.fromtimestamp(record.created, UTC)
        with self._lock:
            self._unshipped.append(
                LogRecord(
                    timestamp=timestamp,
                    level=_level_name(record.levelno),
                    logger=record.name,
                    message=_clip(message),
                    stream="log",
                    seq=self._take_seq(),
                )
            )

    def add_text(self, stream: LogStream, text: str) -> None:
        with self._lock:
            pending = self._partial.get(stream, "") + text
            *lines, rest = pending.split("\n")
            self._partial[stream] = rest
            for line in lines:
                self._append_line(stream, line)

    def has_news(self) -> bool:
        """Records wait to be shipped, or another shipper is handing some on."""
        return bool(self._unshipped) or self._ship_lock.locked()

    def ship_new(self, send: Callable[[list[LogRecord]], object]) -> None:
        """Call ``send`` with the complete records not shipped yet (if any), in order, once."""
        if not self._unshipped and not self._ship_lock.locked():
            return  # most runs log nothing: no locks to take (none is being handed on)
        with self._ship_lock:
            with self._lock:
                records, self._unshipped = self._unshipped, []
            if records:
                send(records)

    def close(self) -> None:
        """End the run's unterminated printed lines, so the last :meth:`ship_new` has them."""
        if not self._partial:
            return
        with self._lock:
            for stream, rest in self._partial.items():
                if rest:
                    self._append_line(stream, rest)
            self._partial.clear()

    def _take_seq(self) -> int:
        seq = self._next_seq  # callers hold self._lock
        self._next_seq += 1
        return seq

    def _append_line(self, stream: LogStream, line: str) -> None:
        self._unshipped.append(
            LogRecord(
                timestamp=datetime.now(UTC),
                level="WARNING" if stream == "stderr" else "INFO",
                logger=stream,
                message=_clip(line.rstrip("\r")),
                stream=stream,
                seq=self._take_seq(),
            )
        )


_current_run: ContextVar[RunLogBuffer | None] = ContextVar("stardag_current_run", default=None)
current_run = _current_run
"""The run buffer of the task executing in this thread (see :func:`capturing_run`)."""


class _HandlingState(threading.local):
    """Per thread: is a log record being handled, and what did handlers print meanwhile."""

    def __init__(self) -> None:
        self.depth = 0
        self.captured = False
        self.held: list[tuple[LogStream, str]] = []


_handling = _HandlingState()
_original_call_handlers = logging.Logger.callHandlers


def _call_handlers_holding_output(self: logging.Logger, record: logging.LogRecord) -> None:
    """``Logger.callHandlers`` that keeps handlers' console output out of the run's logs.

    The capture handler records the call as a log record; the same text written by a
    console handler to the teed ``sys.stderr`` would be a second copy. It is only
    recorded when no capture handler took the record (it did not reach the root).
    """
    buffer = _current_run.get()
    if buffer is None:
        _original_call_handlers(self, record)
        return
    state = _handling
    state.depth += 1
    try:
        _original_call_handlers(self, record)
    finally:
        state.depth -= 1
        if state.depth == 0:
            held, captured = state.held, state.captured
            state.held, state.captured = [], False
            if not captured:
                for stream, text in held:
                    buffer.add_text(stream, text)


class _CaptureHandler(logging.Handler):
    def __init__(self, forward_to_last_resort: bool) -> None:
        super().__init__(logging.NOTSET)
        self.forward_to_last_resort = forward_to_last_resort
        self._formatter = logging.Formatter()

    def emit(self, record: logging.LogRecord) -> None:
        last_resort = logging.lastResort
        if self.forward_to_last_resort and last_resort and record.levelno >= last_resort.level:
            last_resort.handle(record)
        buffer = _current_run.get()
        if buffer is None:
            return
        try:
            message = record.getMessage()
            if record.exc_info:
                message = f"{message}\n{self._formatter.formatException(record.exc_info)}"
            buffer.add_log(record, message)
            _handling.captured = True
        except Exception:
            self.handleError(record)


class _TeeStream:
    """Writes to the original stream and, inside a run, to that run's buffer."""

    def __init__(self, original: TextIO, stream: LogStream) -> None:
        self._original = original
        self._stream: LogStream = stream

    def write(self, text: str) -> int:
        written = self._original.write(text)
        buffer = _current_run.get()
        if buffer is not None and text:
            if _handling.depth:  # a logging handler printing a record: see callHandlers
                _handling.held.append((self._stream, text))
            else:
                buffer.add_text(self._stream, text)
        return written

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self._original.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._original, name)


class _OnlyPreviouslyVisible(logging.Filter):
    """Lets through the records a handler would have seen before the root level dropped."""

    def __init__(self, previous_root_level: int) -> None:
        super().__init__()
        self.previous_root_level = previous_root_level

    def filter(self, record: logging.LogRecord) -> bool:
        root = logging.getLogger()
        logger: logging.Logger | None = logging.getLogger(record.name)
        while logger is not None and logger is not root:
            if logger.level:  # an explicit level decided on its own
                return record.levelno >= logger.level
            logger = logger.parent
        return record.levelno >= self.previous_root_level


class _Installation:
    def __init__(self) -> None:
        root = logging.getLogger()
        self.console_handlers = list(root.handlers)
        self.handler = _CaptureHandler(forward_to_last_resort=not self.console_handlers)
        self.previous_root_level = root.level
        self.filter: _OnlyPreviouslyVisible | None = None
        if root.level > logging.INFO:
            self.filter = _OnlyPreviouslyVisible(root.level)
            for handler in self.console_handlers:
                handler.addFilter(self.filter)
            root.setLevel(logging.INFO)
        root.addHandler(self.handler)
        self.stdout = _TeeStream(sys.stdout, "stdout")
        self.stderr = _TeeStream(sys.stderr, "stderr")
        sys.stdout = self.stdout
        sys.stderr = self.stderr
        logging.Logger.callHandlers = _call_handlers_holding_output  # type: ignore[method-assign]

    def remove(self) -> None:
        if logging.Logger.callHandlers is _call_handlers_holding_output:
            logging.Logger.callHandlers = _original_call_handlers  # type: ignore[method-assign]
        root = logging.getLogger()
        root.removeHandler(self.handler)
        if self.filter is not None:
            for handler in self.console_handlers:
                handler.removeFilter(self.filter)
            if root.level == logging.INFO:
                root.setLevel(self.previous_root_level)
        if sys.stdout is self.stdout:
            sys.stdout = self.stdout._original
        if sys.stderr is self.stderr:
            sys.stderr = self.stderr._original


_install_lock = threading.Lock()
_install_count = 0
_installation: _Installation | None = None


@contextmanager
def log_capture_installed() -> Iterator[None]:
    """Install the capture handler and stream tees for the duration of a build."""
    global _install_count, _installation
    with _install_lock:
        if _install_count == 0:
            _installation = _Installation()
        _install_count += 1
    try:
        yield
    finally:
        with _install_lock:
            _install_count -= 1
            if _install_count == 0 and _installation is not None:
                _installation.remove()
                _installation = None


@contextmanager
def capturing_run(buffer: RunLogBuffer) -> Iterator[RunLogBuffer]:
    """Attribute logs and prints of the current thread to ``buffer``."""
    token = _current_run.set(buffer)
    try:
        yield buffer
    finally:
        _current_run.reset(token)
