"""The durable, append-only offline spool of registry events, one per server URL.

Layout under ``$STARDAG_HOME/spool/<host-port>-<hash of url>/``::

    url                          the server URL these events are for
    seg-<ns>-<pid>-<rand>.open   a segment a live process is appending to (flock'ed)
    seg-<ns>-<pid>-<rand>.jsonl  a sealed segment, waiting to be replayed
    seg-....jsonl.acked          how many lines of that segment the server acknowledged
    rejected/<ns>-<pid>.jsonl    events the server refused (4xx), with its reason
    replay.lock                  held (flock) by the one process replaying

Why it is shaped like this:

- One file per process (and per segment), so concurrent processes never
  interleave writes; a segment is sealed by an atomic rename.
- Each writer holds an exclusive ``flock`` on its open segment for its whole
  life; a replayer that can take that lock knows the writer died (crash, kill)
  and adopts the segment, so a killed build's events are not stranded.
- Segment names start with a creation timestamp; replay goes in name order and
  line order within a segment, so a task is always registered before its run
  starts and older events are never overtaken by newer ones.
- Appends are ``fsync``'ed: a crash loses at most the batch being written.
- Progress is recorded per segment (``.acked``); replay of a partly sent
  segment resumes there (re-sending is harmless anyway: events are idempotent).

POSIX only (``fcntl``).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import re
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

logger = logging.getLogger(__name__)

# Segments are rotated at this size so replay never reads a huge file at once.
MAX_SEGMENT_BYTES = 8 * 1024 * 1024
_OPEN = ".open"
_SEALED = ".jsonl"
_ACKED = ".acked"


def spool_key(url: str) -> str:
    """A directory name for ``url``: readable host/port plus a hash of the full URL."""
    normalized = url.strip().rstrip("/")
    readable = re.sub(r"[^A-Za-z0-9]+", "-", normalized.split("://", 1)[-1]).strip("-")
    digest = hashlib.sha256(normalized.encode()).hexdigest()[:10]
    return f"{readable[:60]}-{digest}"


@dataclass(frozen=True)
class ReplayOutcome:
    """What one replay attempt did."""

    sent: int
    rejected: int
    remaining: int
    error: str | None = None

    @property
    def drained(self) -> bool:
        return self.remaining == 0 and self.error is None


class SpoolBusy(Exception):
    """Another process is replaying this spool right now."""


class Spool:
    """The spool of one server URL. Appends are thread-safe only from one thread."""

    def __init__(self, root: Path, url: str):
        self.url = url.rstrip("/")
        self.directory = Path(root) / spool_key(self.url)
        self.rejected_directory = self.directory / "rejected"
        self._own: IO[bytes] | None = None
        self._own_path: Path | None = None
        self._own_bytes = 0
        self._last_ns = 0

    # -- writing -------------------------------------------------------------

    def append(self, lines: Sequence[str]) -> None:
        """Append encoded events to this process's open segment and fsync."""
        if not lines:
            return
        handle = self._open_segment()
        data = ("\n".join(lines) + "\n").encode()
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
        self._own_bytes += len(data)
        if self._own_bytes >= MAX_SEGMENT_BYTES:
            self.seal_own()

    def seal_own(self) -> None:
        """Seal this process's open segment (atomic rename), so replay can take it."""
        if self._own is None or self._own_path is None:
            return
        sealed = self._own_path.with_suffix(_SEALED)
        os.replace(self._own_path, sealed)
        _fsync_directory(self.directory)
        self._own.close()  # releases the flock only after the rename
        self._own = None
        self._own_path = None
        self._own_bytes = 0

    def _open_segment(self) -> IO[bytes]:
        if self._own is not None:
            return self._own
        self.directory.mkdir(parents=True, exist_ok=True)
        url_file = self.directory / "url"
        if not url_file.exists():
            _atomic_write(url_file, self.url + "\n")
        name = f"seg-{self._next_ns():020d}-{os.getpid()}-{secrets.token_hex(3)}"
        temporary = self.directory / (name + ".tmp")
        handle = open(temporary, "ab")  # noqa: SIM115 - kept open for the process life
        # Lock before the file gets its visible name: a replayer must never see an
        # unlocked open segment of a live writer and mistake it for an orphan.
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        final = self.directory / (name + _OPEN)
        os.replace(temporary, final)
        self._own, self._own_path, self._own_bytes = handle, final, 0
        return handle

    def _next_ns(self) -> int:
        self._last_ns = max(time.time_ns(), self._last_ns + 1)
        return self._last_ns

    def close(self) -> None:
        """Seal the open segment (if any); its events stay on disk for the next replay."""
        self.seal_own()

    # -- reading -------------------------------------------------------------

    def has_pending(self) -> bool:
        """True when sealed segments, or segments of dead writers, wait for replay."""
        if not self.directory.is_dir():
            return False
        for path in self.directory.iterdir():
            if path.suffix == _SEALED:
                return True
            if path.suffix == _OPEN and path != self._own_path and _writer_is_dead(path):
                return True
        return False

    def pending_events(self) -> int:
        """Number of events waiting in sealed segments (for reports)."""
        total = 0
        for path in self._sealed_segments():
            total += max(0, _count_lines(path) - _read_acked(path))
        return total

    def _sealed_segments(self) -> list[Path]:
        if not self.directory.is_dir():
            return []
        return sorted(p for p in self.directory.iterdir() if p.suffix == _SEALED)

    def _adopt_orphans(self) -> None:
        for path in list(self.directory.iterdir()):
            if path.suffix != _OPEN or path == self._own_path:
                continue
            with open(path, "rb") as handle:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live process is still writing it
                with contextlib.suppress(FileNotFoundError):
                    os.replace(path, path.with_suffix(_SEALED))
                    logger.info("Adopted spool segment %s of a stopped process", path.name)

    @contextlib.contextmanager
    def replay_lock(self, wait: float = 0.0) -> Iterator[None]:
        """Hold the spool's replay lock; raise :class:`SpoolBusy` if not free within ``wait`` s."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "replay.lock", "ab") as handle:
            deadline = time.monotonic() + wait
            while True:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise SpoolBusy(str(self.directory)) from None
                    time.sleep(0.05)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def replay(
        self,
        deliver: Callable[[list[str]], int],
        batch_events: int = 2_000,
        wait: float = 0.0,
    ) -> ReplayOutcome:
        """Send every sealed segment in order through ``deliver``, removing what was sent.

        ``deliver`` sends a batch (raising on unavailability; the caller's
        transport routes rejected events to :meth:`reject`). The first failure
        stops the replay, keeping order: nothing later is sent before it.
        Raises :class:`SpoolBusy` when another process holds the replay lock.
        """
        sent = rejected = 0
        if not self.directory.is_dir():
            return ReplayOutcome(sent=0, rejected=0, remaining=0)
        with self.replay_lock(wait=wait):
            self._adopt_orphans()
            for segment in self._sealed_segments():
                lines = _read_lines(segment)
                done = min(_read_acked(segment), len(lines))
                try:
                    while done < len(lines):
                        batch = lines[done : done + batch_events]
                        accepted = deliver(batch)
                        done += len(batch)
                        sent += accepted
                        rejected += len(batch) - accepted
                        _atomic_write(segment.with_name(segment.name + _ACKED), str(done))
                except Exception as exc:  # the transport's "unavailable": stop, keep order
                    done += getattr(exc, "handled", 0)
                    if done:
                        _atomic_write(segment.with_name(segment.name + _ACKED), str(done))
                    return ReplayOutcome(
                        sent=sent,
                        rejected=rejected,
                        remaining=self.pending_events(),
                        error=str(exc),
                    )
                segment.unlink()
                with contextlib.suppress(FileNotFoundError):
                    segment.with_name(segment.name + _ACKED).unlink()
        return ReplayOutcome(sent=sent, rejected=rejected, remaining=0)

    # -- rejected events -----------------------------------------------------

    def reject(self, lines: Sequence[str], status_code: int, detail: str) -> Path:
        """Keep events the server refused in ``rejected/`` with its reason; return the file."""
        self.rejected_directory.mkdir(parents=True, exist_ok=True)
        path = self.rejected_directory / f"{time.time_ns():020d}-{os.getpid()}.jsonl"
        stamp = datetime.now(UTC).isoformat()
        entries = [
            '{"rejected_at":'
            + json.dumps(stamp)
            + ',"status_code":'
            + str(status_code)
            + ',"detail":'
            + json.dumps(detail)
            + ',"event":'
            + line
            + "}"
            for line in lines
        ]
        with open(path, "ab") as handle:
            handle.write(("\n".join(entries) + "\n").encode())
            handle.flush()
            os.fsync(handle.fileno())
        return path


def _writer_is_dead(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
            return True
    except FileNotFoundError:
        return False


def _read_lines(path: Path) -> list[str]:
    """The complete event lines of a segment.

    Each append is one ``write`` of whole lines, so a crash can only leave a
    partial (or zero-filled) tail without its newline: that tail is dropped. A
    line that does not look like a JSON object is skipped with a warning.
    """
    raw = path.read_bytes()
    complete, _, tail = raw.rpartition(b"\n")
    if tail.strip():
        logger.warning("Skipping a torn last line in spool segment %s", path)
    lines = []
    for chunk in complete.split(b"\n"):
        text = chunk.decode(errors="replace").strip()
        if not text:
            continue
        if not (text.startswith("{") and text.endswith("}")):
            logger.warning("Skipping a damaged line in spool segment %s", path)
            continue
        lines.append(text)
    return lines


def _count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def _read_acked(segment: Path) -> int:
    try:
        return int(segment.with_name(segment.name + _ACKED).read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0


def _atomic_write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text)
    os.replace(temporary, path)


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def spool_directories(root: Path) -> Iterator[tuple[str, Path]]:
    """Every spool under ``root`` with the URL it belongs to."""
    if not root.is_dir():
        return
    for directory in sorted(root.iterdir()):
        url_file = directory / "url"
        if directory.is_dir() and url_file.exists():
            yield url_file.read_text().strip(), directory
