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
        self._partial: dict[LogStream, str] = {}
        self._lock = threading.Lock()
        # Held while taking records *and* handing them on, so two shippers (the
        # monitor thread and the run's own thread at its end) cannot reorder them.
        self._ship_lock = threading.Lock()

    def add_log(self, record: logging.LogRecord, message: str) -> None:
        entry = LogRecord(
            timestamp=datetime.fromtimestamp(record.created, UTC),
            level=_level_name(record.levelno),
            logger=record.name,
            message=_clip(message),
            stream="log",
        )
        with self._lock:
            self._unshipped.append(entry)

    def add_text(self, stream: LogStream, text: str) -> None:
        with self._lock:
            pending = self._partial.get(stream, "") + text
            *lines, rest = pending.split("\n")
            self._partial[stream] = rest
            for line in lines:
                self._append_line(stream, line)

    def ship_new(self, send: Callable[[list[LogRecord]], object]) -> None:
        """Call ``send`` with the complete records not shipped yet (if any), in order, once."""
        with self._ship_lock:
            with self._lock:
                records, self._unshipped = self._unshipped, []
            if records:
                send(records)

    def close(self) -> None:
        """End the run's unterminated printed lines, so the last :meth:`ship_new` has them."""
        with self._lock:
            for stream, rest in self._partial.items():
                if rest:
                    self._append_line(stream, rest)
            self._partial.clear()

    def _append_line(self, stream: LogStream, line: str) -> None:
        self._unshipped.append(
            LogRecord(
                timestamp=datetime.now(UTC),
                level="WARNING" if stream == "stderr" else "INFO",
                logger=stream,
                message=_clip(line.rstrip("\r")),
                stream=stream,
            )
        )


_current_run: ContextVar[RunLogBuffer | None] = ContextVar("stardag_current_run", default=None)


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
        sys.stdout = self.stdout  # type: ignore[assignment]
        sys.stderr = self.stderr  # type: ignore[assignment]

    def remove(self) -> None:
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
