"""API keys: create (the secret is shown once), list, revoke, and check a presented key.

A key reads ``stardag_<key_id>_<secret>``: ``key_id`` finds the row, the secret's
SHA-256 is compared in constant time. Scopes nest: ``admin`` may do everything,
``write`` also reads, ``read`` only reads.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from stardag_api.core.errors import InvalidInput, NotFound
from stardag_api.db.models import API_KEY_SCOPES, ApiKey

KEY_PREFIX = "stardag_"
KEY_ID_BYTES = 6  # 12 hex digits: public, only has to be unique
SECRET_BYTES = 32
# What each scope allows, besides itself.
IMPLIED_SCOPES = {"admin": {"admin", "write", "read"}, "write": {"write", "read"}, "read": {"read"}}


@dataclass(frozen=True)
class ApiKeyInfo:
    """A key as listed: everything but the secret."""

    key_id: str
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None


def _sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _info(row: ApiKey) -> ApiKeyInfo:
    return ApiKeyInfo(row.key_id, row.name, tuple(row.scopes), row.created_at, row.revoked_at)


def create_key(session: Session, name: str, scopes: Sequence[str]) -> tuple[ApiKeyInfo, str]:
    """Store a new key; return it and the full key text (the only time it is available).

    Raises ``InvalidInput`` for an unknown scope or an empty name. Commits.
    """
    unknown = sorted(set(scopes) - set(API_KEY_SCOPES))
    if unknown or not scopes:
        raise InvalidInput(
            f"Scopes must be some of {', '.join(API_KEY_SCOPES)}; got {', '.join(scopes)}."
        )
    if not name.strip():
        raise InvalidInput("Give the key a name (who or what uses it).")
    key_id = secrets.token_hex(KEY_ID_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    row = ApiKey(
        key_id=key_id,
        name=name.strip(),
        scopes=sorted(set(scopes), key=API_KEY_SCOPES.index),
        secret_sha256=_sha256(secret),
    )
    session.add(row)
    session.commit()
    session.refresh(row)
    return _info(row), f"{KEY_PREFIX}{key_id}_{secret}"


def list_keys(session: Session, include_revoked: bool = False) -> list[ApiKeyInfo]:
    """Every key, oldest first (revoked ones only when asked)."""
    query = select(ApiKey).order_by(ApiKey.created_at, ApiKey.key_id)
    if not include_revoked:
        query = query.where(ApiKey.revoked_at.is_(None))
    return [_info(row) for row in session.scalars(query)]


def revoke_key(session: Session, key_id: str) -> ApiKeyInfo:
    """Mark the key revoked (idempotent); ``NotFound`` for an unknown id. Commits."""
    session.execute(
        update(ApiKey)
        .where(ApiKey.key_id == key_id, ApiKey.revoked_at.is_(None))
        .values(revoked_at=func.now())
    )
    session.commit()
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"No API key with id {key_id!r}.", key_id=key_id)
    return _info(row)


def split_key(token: str) -> tuple[str, str] | None:
    """``(key_id, secret)`` of a well-formed key text, else ``None``."""
    if not token.startswith(KEY_PREFIX):
        return None
    key_id, sep, secret = token[len(KEY_PREFIX) :].partition("_")
    if not sep or len(key_id) != 2 * KEY_ID_BYTES or not secret or len(secret) > 100:
        return None
    return key_id, secret


def scopes_of(session: Session, token: str) -> frozenset[str] | None:
    """The scopes a presented key grants (implied ones included); ``None`` if it is not
    a valid, unrevoked key."""
    parts = split_key(token)
    if parts is None:
        return None
    key_id, secret = parts
    row = session.get(ApiKey, key_id)
    if row is None or row.revoked_at is not None:
        return None
    if not hmac.compare_digest(row.secret_sha256, _sha256(secret)):
        return None
    return frozenset(scope for granted in row.scopes for scope in IMPLIED_SCOPES[granted])
