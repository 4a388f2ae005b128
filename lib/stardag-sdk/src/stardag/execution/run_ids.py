"""Run ids: random (version 4) UUID strings, cut from a pool of random bytes.

``str(uuid.uuid4())`` asks the kernel for 16 bytes and builds a UUID object for
every run; a build starting thousands of runs takes its random bytes 256 runs at
a time instead and formats them directly. The ids are the same kind of value:
122 random bits with the version and variant bits of ``uuid.uuid4()``.
"""

from __future__ import annotations

import os
import threading

_RUNS_PER_DRAW = 256


class _Pool(threading.local):
    """Per thread, so drawing needs no lock."""

    def __init__(self) -> None:
        self.random = b""
        self.offset = 0


_pool = _Pool()


def _forget_pool_in_child() -> None:
    # A forked child must not hand out the ids its parent is about to hand out.
    _pool.random = b""
    _pool.offset = 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool_in_child)


def new_run_id() -> str:
    """A new random run id, formatted like ``str(uuid.uuid4())``."""
    pool = _pool
    offset = pool.offset
    if offset >= len(pool.random):
        pool.random = os.urandom(16 * _RUNS_PER_DRAW)
        offset = 0
    raw = bytearray(pool.random[offset : offset + 16])
    pool.offset = offset + 16
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    hexed = raw.hex()
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"
