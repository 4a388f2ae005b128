"""The CLI's configuration, read in this one place.

Home, config file, registry server URL (and its source), registry folder and the
default port come from the SDK's one resolver, :mod:`stardag.locations` (the same
answers ``sd.build`` gets); only ``STARDAG_COMPOSE_DIR`` is the CLI's own. Plain
dataclasses rather than pydantic-settings on purpose: importing pydantic-settings
costs ~0.4 s, more than a whole ``stardag tasks ls`` may take.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from stardag.locations import (
    CONFIG_FILE_NAME,
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEFAULT_REGISTRY_URL,
    resolve_locations,
)

__all__ = [
    "CONFIG_FILE_NAME",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "DEFAULT_SERVER_URL",
    "CliSettings",
    "load_settings",
]

DEFAULT_SERVER_URL = DEFAULT_REGISTRY_URL


@dataclass(frozen=True)
class CliSettings:
    """Where the Stardag home is and which server the query commands talk to."""

    home: Path
    server_url: str
    server_url_source: str  # "STARDAG_REGISTRY_URL", "[registry] url in <path>" or default
    compose_dir: Path | None = None  # STARDAG_COMPOSE_DIR: folder of docker-compose.yml
    registry_dir: Path | None = None  # the file-system registry (default $STARDAG_HOME/registry)
    registry_mode: str = "auto"  # STARDAG_REGISTRY
    server_configured: bool = False  # a URL came from the environment or config.toml

    @property
    def config_file(self) -> Path:
        return self.home / CONFIG_FILE_NAME

    @property
    def server_dir(self) -> Path:
        """``$STARDAG_HOME/server``: pgdata, pid file, log and state of ``server up``."""
        return self.home / "server"


def load_settings() -> CliSettings:
    """Resolve the settings from the environment and the user's config file.

    Raises ``stardag.errors.ConfigurationError`` when config.toml is not valid TOML.
    """
    locations = resolve_locations()
    compose = os.environ.get("STARDAG_COMPOSE_DIR")
    return CliSettings(
        home=locations.home,
        server_url=locations.registry_url,
        server_url_source=locations.registry_url_source,
        compose_dir=Path(compose).expanduser() if compose else None,
        registry_dir=locations.registry_dir,
        registry_mode=locations.registry_mode,
        server_configured=locations.registry_url_configured,
    )
