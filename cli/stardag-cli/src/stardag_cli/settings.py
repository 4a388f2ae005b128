"""The CLI's configuration, read in this one place.

Sources, first match wins: ``STARDAG_*`` environment variables, then the user's
``$STARDAG_HOME/config.toml``, then defaults (``docs/conventions.md``). A frozen
dataclass rather than pydantic-settings on purpose: importing pydantic-settings
costs ~0.4 s, more than a whole ``stardag tasks ls`` may take.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_PORT = 8420
DEFAULT_HOST = "127.0.0.1"
DEFAULT_SERVER_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
CONFIG_FILE_NAME = "config.toml"


class ConfigFileError(Exception):
    """``config.toml`` exists but cannot be read as TOML."""


@dataclass(frozen=True)
class CliSettings:
    """Where the Stardag home is and which server the query commands talk to."""

    home: Path
    server_url: str
    server_url_source: str  # "STARDAG_REGISTRY_URL", "<path>/config.toml" or "default"
    compose_dir: Path | None = None  # STARDAG_COMPOSE_DIR: folder of docker-compose.yml

    @property
    def config_file(self) -> Path:
        return self.home / CONFIG_FILE_NAME

    @property
    def server_dir(self) -> Path:
        """``$STARDAG_HOME/server``: pgdata, pid file, log and state of ``server up``."""
        return self.home / "server"


def stardag_home() -> Path:
    """``STARDAG_HOME``, default ``~/.stardag``."""
    configured = os.environ.get("STARDAG_HOME")
    return Path(configured).expanduser() if configured else Path.home() / ".stardag"


def load_settings() -> CliSettings:
    """Resolve the settings from the environment and the user's config file."""
    home = stardag_home()
    compose = os.environ.get("STARDAG_COMPOSE_DIR")
    compose_dir = Path(compose).expanduser() if compose else None
    env_url = os.environ.get("STARDAG_REGISTRY_URL")
    if env_url:
        return CliSettings(home, env_url.rstrip("/"), "STARDAG_REGISTRY_URL", compose_dir)
    config_file = home / CONFIG_FILE_NAME
    file_url = read_config_file(config_file).get("registry", {}).get("url")
    if isinstance(file_url, str) and file_url:
        return CliSettings(home, file_url.rstrip("/"), str(config_file), compose_dir)
    return CliSettings(home, DEFAULT_SERVER_URL, "default", compose_dir)


def read_config_file(path: Path) -> dict[str, dict[str, object]]:
    """The parsed TOML of ``path`` (empty when the file does not exist)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigFileError(f"{path} is not valid TOML: {exc}") from exc
