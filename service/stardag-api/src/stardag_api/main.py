"""The ASGI application: ``stardag_api.main:app`` (or ``create_app(settings)`` for tests).

At startup the app checks that the database schema is at the head revision and
refuses to start otherwise, naming the command that migrates it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.concurrency import run_in_threadpool

from stardag_api import __version__
from stardag_api.api.auth import KeyCache
from stardag_api.api.body_limit import BodySizeLimit
from stardag_api.api.json_body import document_body_models
from stardag_api.api.methods import HeadAsGet
from stardag_api.api.oidc import OidcVerifier
from stardag_api.api.routes import api_router, public_api_router
from stardag_api.api.routes.health import router as health_router
from stardag_api.api.security import RequestGuard
from stardag_api.api_docs import mount_api_docs
from stardag_api.core.config import Settings, get_settings
from stardag_api.core.errors import SchemaNotAtHead, install_error_handlers
from stardag_api.db.schema_version import check_database_at_head
from stardag_api.db.session import make_engine, make_session_factory
from stardag_api.schemas.events import EventBatch
from stardag_api.schemas.tasks import TaskBatchCreate
from stardag_api.store.retention import log_partition_loop, retention_loop
from stardag_api.store.run_rollup import RollupLoop, StatsCache
from stardag_api.store.sweep import StaleRunSweeper
from stardag_api.store.task_counts import TaskCountRollup
from stardag_api.stream.hub import ChangeHub
from stardag_api.ui import mount_ui

logger = logging.getLogger("stardag_api")


_startup_frozen = False
# Container allocations between two young-generation collections (Python's default: 700).
# An ingest batch allocates tens of thousands (rows, parameters, change items), nearly
# all freed by the end of the request; at 700 the collector ran dozens of times per batch
# and each survivor was walked again in the older generations: 18% of the API's CPU per
# ingested task (in-process, 0.029 -> 0.024 ms, medians of 8 rounds, loaded machine).
YOUNG_COLLECTION_THRESHOLD = 20_000


def _freeze_startup_objects() -> None:
    """Keep the objects built so far (modules, the app, the ORM) out of the cyclic collector,
    and collect the young generation less often (``YOUNG_COLLECTION_THRESHOLD``).

    They live as long as the server process; large ingest batches (tens of thousands of
    objects each) trigger full collections often, which walked them all every time:
    the API processes' CPU per ingested task drops by about 30% without that walk
    (``bench_api_ingest``: 0.054 -> 0.038 ms, medians of 6 runs, loaded machine).
    Once per process, so processes that build many apps (tests) do not pin each one.
    """
    global _startup_frozen
    if not _startup_frozen:
        _startup_frozen = True
        gc.freeze()
        _, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, middle, old)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API (+ UI) for ``settings`` (default: read from ``STARDAG_*`` variables)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings)
        try:
            await run_in_threadpool(check_database_at_head, engine)
        except SchemaNotAtHead as exc:
            logger.error("%s", exc)
            engine.dispose()
            raise
        sessions = make_session_factory(engine)
        app.state.engine = engine
        app.state.sessions = sessions
        app.state.sweeper = StaleRunSweeper(
            sessions,
            timeout_seconds=settings.run_heartbeat_timeout_seconds,
            interval_seconds=settings.stale_sweep_interval_seconds,
        )
        app.state.count_rollup = TaskCountRollup(
            sessions, interval_seconds=settings.task_count_rollup_interval_seconds
        )
        app.state.stats_cache = StatsCache(sessions, settings.stats_max_age_seconds)
        rollup_loop = RollupLoop(sessions, settings.stats_rollup_interval_seconds)
        rollup = asyncio.create_task(rollup_loop.run())
        pruner = None
        if settings.retention_days is not None:
            pruner = asyncio.create_task(
                retention_loop(
                    sessions, settings.retention_days, settings.retention_interval_seconds
                )
            )
        log_upkeep = asyncio.create_task(
            log_partition_loop(
                sessions, settings.log_retention_days, settings.retention_interval_seconds
            )
        )
        app.state.change_hub = ChangeHub(
            engine.url.set(drivername="postgresql").render_as_string(hide_password=False),
            sweep=app.state.sweeper.maybe_sweep,
            sweep_interval=max(settings.stale_sweep_interval_seconds, 1.0),
        )
        await app.state.change_hub.start()
        _freeze_startup_objects()
        try:
            yield
        finally:
            await app.state.change_hub.stop()
            rollup_loop.stop()
            rollup.cancel()
            log_upkeep.cancel()
            if pruner is not None:
                pruner.cancel()
            engine.dispose()

    app = FastAPI(
        title="Stardag registry",
        version=__version__,
        description="Records Stardag tasks, dependency edges, builds, runs and logs.",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.key_cache = KeyCache()
    app.state.oidc = None
    if settings.oidc_enabled:
        assert settings.oidc_issuer and settings.oidc_client_id
        app.state.oidc = OidcVerifier(
            settings.oidc_issuer,
            audience=settings.oidc_audience or settings.oidc_client_id,
            scope_claim=settings.oidc_scope_claim,
        )
    install_error_handlers(app)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_body_bytes,
        read_timeout=settings.body_read_timeout_seconds,
        inflight_budget=settings.max_inflight_body_bytes,
    )
    # Wraps the body limit: even a 413 carries CORS headers the browser can read.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    app.add_middleware(HeadAsGet)
    # Outermost: unknown hosts and cross-site writes are refused before anything runs.
    # The UI talks to the OIDC issuer (discovery, token endpoint) from the page itself.
    app.add_middleware(
        RequestGuard,
        allowed_hosts=settings.allowed_hosts,
        trusted_origins=settings.cors_origins,
        connect_sources=[settings.oidc_issuer]
        if settings.oidc_issuer and settings.oidc_enabled
        else [],
    )
    app.include_router(health_router)
    app.include_router(api_router)
    app.include_router(public_api_router)
    mount_api_docs(app)
    mount_ui(app, settings.ui_dir)
    document_body_models(app, [EventBatch, TaskBatchCreate])
    return app


app = create_app()
