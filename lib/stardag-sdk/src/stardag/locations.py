"""Where Stardag keeps its files and which registry server it talks to.

The one resolver of the Stardag home, its ``config.toml``, the registry server URL
(and where that came from), the file-system registry folder and the default port,
used by the SDK (:mod:`stardag.config`) and the CLI alike. Plain standard library
on purpose: the CLI resolves these on every call, and importing pydantic-settings
would cost more than a whole ``stardag tasks ls``.

Precedence, first match wins: the ``STARDAG_*`` environment variable, then
``[registry] url`` in ``$STARDAG_HOME/config.toml``, then the defaults below.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stardag.errors import ConfigurationError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8420
DEFAULT_REGISTRY_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"
DEFAULT_REGISTRY_URL_SOURCE = "the default URL"
CONFIG_FILE_NAME = "config.toml"
REGISTRY_MODES = ("auto", "api", "fs", "noop")


def stardag_home(value: str | None) -> Path:
    """``STARDAG_HOME``'s value as an absolute path; ``~/.stardag`` when unset."""
    return Path(value or "~/.stardag").expanduser().absolute()


def read_config_file(path: Path) -> dict[str, Any]:
    """The parsed TOML at ``path``; ``{}`` when it does not exist.

    Raises:
        ConfigurationError: the file is not valid TOML (naming the file).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigurationError(f"{path} is not valid TOML: {error}") from error


def registry_url(env_value: str | None, config_file: Path) -> tuple[str, str]:
    """The registry server URL and where it came from: ``STARDAG_REGISTRY_URL``,
    ``[registry] url in <config file>``, or :data:`DEFAULT_REGISTRY_URL_SOURCE`."""
    if env_value:
        return env_value.rstrip("/"), "STARDAG_REGISTRY_URL"
    section = read_config_file(config_file).get("registry", {})
    url = section.get("url") if isinstance(section, dict) else None
    if isinstance(url, str) and url:
        return url.rstrip("/"), f"[registry] url in {config_file}"
    return DEFAULT_REGISTRY_URL, DEFAULT_REGISTRY_URL_SOURCE


@dataclass(frozen=True)
class Locations:
    """The resolved home, config file, registry server URL and registry folder."""

    home: Path
    registry_url: str
    registry_url_source: str
    registry_dir: Path
    registry_mode: str  # one of REGISTRY_MODES

    @property
    def config_file(self) -> Path:
        return self.home / CONFIG_FILE_NAME

    @property
    def registry_url_configured(self) -> bool:
        """Whether a URL was configured (env or config file), not only the default."""
        return self.registry_url_source != DEFAULT_REGISTRY_URL_SOURCE


def resolve_locations(environ: Mapping[str, str] | None = None) -> Locations:
    """Resolve everything from ``environ`` (default ``os.environ``) and config.toml.

    Raises:
        ConfigurationError: config.toml is not valid TOML, or ``STARDAG_REGISTRY``
        is not one of ``auto``, ``api``, ``fs``, ``noop``.
    """
    env = os.environ if environ is None else environ
    home = stardag_home(env.get("STARDAG_HOME"))
    url, source = registry_url(env.get("STARDAG_REGISTRY_URL"), home / CONFIG_FILE_NAME)
    folder = env.get("STARDAG_REGISTRY_DIR")
    mode = env.get("STARDAG_REGISTRY") or "auto"
    if mode not in REGISTRY_MODES:
        raise ConfigurationError(
            f"STARDAG_REGISTRY is invalid: {mode!r} is not one of {', '.join(REGISTRY_MODES)}"
        )
    return Locations(
        home=home,
        registry_url=url,
        registry_url_source=source,
        registry_dir=Path(folder).expanduser().absolute() if folder else home / "registry",
        registry_mode=mode,
    )
