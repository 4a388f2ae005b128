"""Task ids: a UUID5 over the canonical JSON of what defines a task.

The payload is ``{"namespace", "family", "version", "parameters"}`` where
``parameters`` is the task's parameter JSON with every task-valued parameter
replaced by its reference ``{"__task_id__": id, "family": ..., "namespace": ...}``
and parameters marked :data:`ExcludeFromId` left out. Canonical JSON sorts keys,
uses no whitespace and keeps non-ASCII characters as they are, so the id depends
only on the values: the same parameters give the same id in every process, on
every machine and in every Python version Stardag supports.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

# Fixed forever: changing it changes every task id ever computed.
TASK_ID_NAMESPACE = uuid.UUID("6f3b0c56-8a8e-5d55-9d4f-1b1c0e5a5d21")


class _ExcludeFromId:
    """Marker for ``Annotated[T, ExcludeFromId]``: the parameter does not change the task id."""

    def __repr__(self) -> str:
        return "ExcludeFromId"


ExcludeFromId = _ExcludeFromId()


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: equal values give equal strings."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compute_task_id(
    namespace: str, family: str, version: str | None, parameters: dict[str, Any]
) -> str:
    """The task id (a lower-case UUID string) for these defining values."""
    payload = {
        "namespace": namespace,
        "family": family,
        "version": version,
        "parameters": parameters,
    }
    return uuid5_string(canonical_json(payload))


def uuid5_string(name: str) -> str:
    """``str(uuid.uuid5(TASK_ID_NAMESPACE, name))``, without building UUID objects."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + name.encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    hexed = digest.hex()
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


_NAMESPACE_BYTES = TASK_ID_NAMESPACE.bytes
