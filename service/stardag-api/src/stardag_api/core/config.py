"""The service's configuration: one typed place, read from ``STARDAG_*`` variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/stardag"
BUNDLED_UI_DIR = Path(__file__).resolve().parent.parent / "static"


def sqlalchemy_url(url: str) -> str:
    """Return ``url`` with the psycopg 3 driver named (plain ``postgresql://`` is accepted)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Settings(BaseSettings):
    """Everything the service can be told from the environment (prefix ``STARDAG_``)."""

    model_config = SettingsConfigDict(env_prefix="STARDAG_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    ui_dir: Path = BUNDLED_UI_DIR

    # Liveness of runs: a running run silent for longer than this is marked failed.
    run_heartbeat_timeout_seconds: float = Field(default=120.0, gt=0)
    # The stale-run sweep is a cheap UPDATE; this only spares repeating it on every request.
    stale_sweep_interval_seconds: float = Field(default=5.0, ge=0)
    # How often (per process) the task and build count deltas are folded into the counts;
    # reads are exact either way, this only bounds how many deltas a read adds up.
    task_count_rollup_interval_seconds: float = Field(default=2.0, ge=0)

    max_body_bytes: int = Field(default=10 * 1024 * 1024, gt=0)
    max_batch_tasks: int = Field(default=1_000, gt=0)
    max_batch_events: int = Field(default=5_000, gt=0)
    max_log_records: int = Field(default=5_000, gt=0)
    max_log_message_bytes: int = Field(default=64 * 1024, gt=0)

    db_pool_size: int = Field(default=10, gt=0)
    db_max_overflow: int = Field(default=10, ge=0)
    db_pool_timeout_seconds: float = Field(default=10.0, gt=0)
    # Statements slower than this are cancelled so one bad query cannot pin a connection.
    db_statement_timeout_ms: int = Field(default=30_000, ge=0)

    # Origins (scheme://host:port) whose pages may call the API besides its own. Empty by
    # default: the Vite dev server proxies /api, so the UI is always same-origin.
    cors_origins: list[str] = []
    # Host names this server answers to (DNS-rebinding guard); "*" answers any.
    allowed_hosts: list[str] = ["localhost", "127.0.0.1", "::1"]
    # Addresses of reverse proxies whose X-Forwarded-* headers are believed (uvicorn's
    # forwarded_allow_ips); empty = nobody's, so a client cannot spoof its address.
    trusted_proxies: list[str] = []
    # Runs (and their logs) older than this many days are pruned by the server, except
    # each task's latest run; unset = keep everything. See store/retention.py.
    retention_days: float | None = Field(default=None, gt=0)
    retention_interval_seconds: float = Field(default=3600.0, gt=0)
    # Log records (of any run, latest runs included) stamped more than this many days
    # ago are removed, whole months by dropping their partition; unset = logs live as
    # long as their runs. Applied every ``retention_interval_seconds``, with the creation
    # of the next months' partitions. See store/log_partitions.py.
    log_retention_days: float | None = Field(default=None, gt=0)
    # /stats answers are recomputed (from rollups) when older than 20x their cost, and
    # never served older than this; the rollup is refreshed in the background this often.
    stats_max_age_seconds: float = Field(default=3.0, ge=0)
    stats_rollup_interval_seconds: float = Field(default=2.0, gt=0)
    # API keys required on /api/v1 (see docs/security.md). Off by default: the default
    # server listens on loopback only, and binding elsewhere requires this.
    auth: bool = False
    # OpenID Connect sign-in for the UI (with ``auth`` on): bearer JWTs from this issuer
    # are accepted next to API keys. See api/oidc.py and docs/security.md.
    oidc_issuer: str | None = None
    # The UI's client id at the issuer (a public client: Authorization Code + PKCE).
    oidc_client_id: str | None = None
    # The ``aud`` access tokens must carry; default: the client id.
    oidc_audience: str | None = None
    # The token claim (a list, or a space-separated string) whose values ``read``,
    # ``write``, ``admin`` (or ``stardag:read`` ...) grant scopes; a token with none of
    # them may read.
    oidc_scope_claim: str = "scope"
    # OAuth scopes the UI asks the issuer for.
    oidc_ui_scopes: str = "openid"
    # Lets a server without auth listen beyond loopback where something else limits who
    # can reach it: the compose stack binds 0.0.0.0 inside its container, and publishes
    # the port on the host's 127.0.0.1 only.
    allow_unauthenticated_network: bool = False
    # Simultaneous connections uvicorn accepts before answering 503.
    max_connections: int = Field(default=1_000, gt=0)
    # A request body that stalls for longer than this between chunks is dropped (408).
    body_read_timeout_seconds: float = Field(default=30.0, gt=0)
    # Bytes of request bodies held in memory at once; further large requests wait.
    max_inflight_body_bytes: int = Field(default=21 * 1024 * 1024, gt=0)

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.auth and self.oidc_issuer and self.oidc_client_id)

    @field_validator("database_url")
    @classmethod
    def _use_psycopg_driver(cls, value: str) -> str:
        return sqlalchemy_url(value)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
