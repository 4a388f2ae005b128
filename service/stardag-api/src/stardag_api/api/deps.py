"""Typed FastAPI dependencies: settings, database sessions (optionally after a stale-run sweep)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from stardag_api.core.config import Settings
from stardag_api.store.run_rollup import StatsCache
from stardag_api.store.sweep import StaleRunSweeper
from stardag_api.store.task_counts import TaskCountRollup


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_session(request: Request) -> Iterator[Session]:
    """A session for this request; closing it returns the connection to the pool.

    Folds the task count deltas first when it is time (throttled, see ``TaskCountRollup``).
    """
    rollup: TaskCountRollup = request.app.state.count_rollup
    rollup.maybe_roll_up()
    sessions: sessionmaker[Session] = request.app.state.sessions
    with sessions() as session:
        yield session


def get_swept_session(request: Request) -> Iterator[Session]:
    """Like ``get_session``, after failing runs whose heartbeat stopped (throttled)."""
    sweeper: StaleRunSweeper = request.app.state.sweeper
    sweeper.maybe_sweep()
    yield from get_session(request)


def get_stats_cache(request: Request) -> StatsCache:
    """The process's copies of computed statistics, after the throttled stale-run sweep
    and task count rollup."""
    sweeper: StaleRunSweeper = request.app.state.sweeper
    sweeper.maybe_sweep()
    rollup: TaskCountRollup = request.app.state.count_rollup
    rollup.maybe_roll_up()
    cache: StatsCache = request.app.state.stats_cache
    return cache


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_session)]
SweptSessionDep = Annotated[Session, Depends(get_swept_session)]
StatsCacheDep = Annotated[StatsCache, Depends(get_stats_cache)]
