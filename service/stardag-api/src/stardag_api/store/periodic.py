"""Periodic work that must run on one API replica at a time.

Every replica of the API runs the same throttled periodic work (the stale-run
sweep, the task and build count rollup, the run statistics rollup). A transaction-level
PostgreSQL advisory lock, taken without waiting, elects the replica that does it
this time: the others skip instead of queueing behind it on the same rows. The lock
ends with the transaction, also when a replica dies.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

# Keys of the advisory locks: one per kind of periodic work (the migration lock in
# db/alembic/env.py uses its own key).
STALE_RUN_SWEEP_LOCK = 0x5D_0A_6E_01
TASK_COUNT_ROLLUP_LOCK = 0x5D_0A_6E_02
RUN_STATS_ROLLUP_LOCK = 0x5D_0A_6E_03


def won_periodic_lock(session: Session, key: int) -> bool:
    """True when this transaction now holds lock ``key`` (no other replica does)."""
    return bool(
        session.execute(text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": key}).scalar()
    )
