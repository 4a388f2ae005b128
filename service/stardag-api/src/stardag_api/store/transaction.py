"""Committing a unit of write work, retrying when PostgreSQL breaks a lock cycle."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from psycopg import errors as pg_errors
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

T = TypeVar("T")
ATTEMPTS = 4


def _retryable(exc: OperationalError) -> bool:
    return isinstance(exc.orig, pg_errors.DeadlockDetected | pg_errors.SerializationFailure)


def commit_with_retry(session: Session, work: Callable[[], T]) -> T:
    """Run ``work`` and commit; on a deadlock/serialization failure roll back and run it again.

    Every write in the store is idempotent, so re-running the whole unit is safe.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            result = work()
            session.commit()
            return result
        except OperationalError as exc:
            session.rollback()
            if not _retryable(exc) or attempt == ATTEMPTS:
                raise
        except BaseException:
            session.rollback()
            raise
    raise AssertionError("unreachable")
