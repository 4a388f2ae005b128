"""Task ids: a UUID5 over the canonical JSON of a task's hash-mode serialization.

The hash-mode form of a task is ``{"__namespace": ..., "__name": ..., "version":
..., <parameters>}`` where a task-valued parameter appears as ``{"id": "<its
id>"}`` and parameters marked ``StardagField(hash_exclude=True)`` (or
:data:`ExcludeFromId`) are left out. Canonical JSON is Python's ``json.dumps``
with sorted keys, ``(",", ":")`` separators and ASCII escapes, so ids are the
same in every process, on every machine, and equal to the original stardag
library's ids for equal tasks.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from typing import Any

# Fixed forever (it is the original stardag's namespace): changing it changes every id.
TASK_ID_NAMESPACE = uuid.UUID("9ca26b27-f7ee-4044-8b3c-e335dc5778dc")
_NAMESPACE_BYTES = TASK_ID_NAMESPACE.bytes


class _ExcludeFromId:
    """Marker for ``Annotated[T, ExcludeFromId]``: the parameter does not change the task id.

    Same as ``Annotated[T, sd.StardagField(hash_exclude=True)]``.
    """

    def __repr__(self) -> str:
        return "ExcludeFromId"


ExcludeFromId = _ExcludeFromId()


_CANONICAL_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


def _one_shot_encoder() -> Callable[[Any, int], Any] | None:
    """The C encoder ``json.dumps`` would build for the canonical options, built once
    (``json.dumps`` builds one per call). No circular-reference markers: they would be
    shared between threads, and a serialized task cannot be circular."""
    try:
        from _json import encode_basestring_ascii, make_encoder
    except ImportError:  # pragma: no cover - CPython always has _json
        return None
    encoder: Callable[[Any, int], Any] = make_encoder(
        None,  # markers
        _CANONICAL_ENCODER.default,
        encode_basestring_ascii,
        None,  # indent
        ":",
        ",",
        True,  # sort_keys
        False,  # skipkeys
        True,  # allow_nan
    )
    return encoder


_C_ENCODER = _one_shot_encoder()


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no whitespace and ASCII escapes: equal values, equal strings.

    Same text as ``json.dumps(value, sort_keys=True, separators=(",", ":"))``.
    """
    if _C_ENCODER is None or isinstance(value, str):
        return _CANONICAL_ENCODER.encode(value)
    return "".join(_C_ENCODER(value, 0))


def task_id_from_hash_data(data: dict[str, Any]) -> uuid.UUID:
    """The task id for a task's hash-mode serialization."""
    return uuid.UUID(uuid5_string(canonical_json(data)))


def uuid5_string(name: str) -> str:
    """``str(uuid.uuid5(TASK_ID_NAMESPACE, name))``, without building UUID objects."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    hexed = digest.hex()
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"
