"""Stardag's configuration: the one typed place that reads ``STARDAG_*`` and config.toml.

Every setting comes from an environment variable with the ``STARDAG_`` prefix
(see ``docs/conventions.md``); the registry URL may also come from
``[registry] url`` in ``$STARDAG_HOME/config.toml``. Use :func:`get_settings`
everywhere; it re-reads the environment when a ``STARDAG_*`` variable changed,
and :func:`reset_settings` drops the cache explicitly (tests).
"""

from __future__ import annotations

import os
import re
import threading
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from stardag.errors import ConfigurationError

DEFAULT_REGISTRY_URL = "http://127.0.0.1:8420"
DEFAULT_REGISTRY_URL_SOURCE = "the default URL"
DEFAULT_ROOT_NAME = "default"

RegistryKind = Literal["auto", "api", "fs", "noop"]


class StardagSettings(BaseSettings):
    """All SDK settings; environment variable = ``STARDAG_`` + upper-cased field name."""

    model_config = SettingsConfigDict(env_prefix="STARDAG_", extra="ignore", frozen=True)

    home: Path = Path("~/.stardag")
    target_root: str | None = None
    """Default target root (``STARDAG_TARGET_ROOT``); a local path or an fsspec URI."""
    target_roots: dict[str, str] = {}
    """Named target roots (``STARDAG_TARGET_ROOTS``, a JSON object)."""
    registry: RegistryKind = "auto"
    registry_url: str | None = None
    registry_dir: Path | None = None
    """Root of the FileSystemRegistry; default ``$STARDAG_HOME/registry``."""
    registry_probe_timeout_seconds: float = 0.2
    commit_hash: str | None = None
    heartbeat_interval_seconds: float = 5.0
    api_key: str | None = None
    """Key sent to the registry server (``STARDAG_API_KEY``); else ``[registry] api_key``."""

    @field_validator("home", "registry_dir")
    @classmethod
    def _expand_home(cls, value: Path | None) -> Path | None:
        return None if value is None else value.expanduser().absolute()

    @field_validator("heartbeat_interval_seconds", "registry_probe_timeout_seconds")
    @classmethod
    def _positive(cls, value: float) -> float:
        if value <= 0:
            raise ValueError("must be positive")
        return value

    @property
    def config_file(self) -> Path:
        return self.home / "config.toml"

    @property
    def registry_root(self) -> Path:
        return self.registry_dir or self.home / "registry"

    def resolved_target_roots(self) -> dict[str, str]:
        """Named target roots; ``default`` is always present."""
        roots = {name: _normalize_root(uri) for name, uri in self.target_roots.items()}
        if self.target_root is not None:
            roots[DEFAULT_ROOT_NAME] = _normalize_root(self.target_root)
        roots.setdefault(DEFAULT_ROOT_NAME, str(self.home / "target-roots" / DEFAULT_ROOT_NAME))
        return roots

    def read_config_file(self) -> dict[str, Any]:
        """Contents of ``$STARDAG_HOME/config.toml``; ``{}`` when it does not exist."""
        try:
            text = self.config_file.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ConfigurationError(f"{self.config_file} is not valid TOML: {error}") from error

    def configured_registry_url(self) -> tuple[str, str]:
        """The registry server URL and where it came from (env, config file or
        :data:`DEFAULT_REGISTRY_URL_SOURCE` when nothing is configured)."""
        if self.registry_url:
            return self.registry_url.rstrip("/"), "STARDAG_REGISTRY_URL"
        section = self.read_config_file().get("registry", {})
        url = section.get("url") if isinstance(section, dict) else None
        if isinstance(url, str) and url:
            return url.rstrip("/"), f"[registry] url in {self.config_file}"
        return DEFAULT_REGISTRY_URL, DEFAULT_REGISTRY_URL_SOURCE

    def configured_api_key(self) -> str | None:
        """The API key for the registry server: ``STARDAG_API_KEY``, else ``[registry]
        api_key`` in config.toml, else ``None`` (a server without auth needs none)."""
        if self.api_key:
            return self.api_key
        section = self.read_config_file().get("registry", {})
        key = section.get("api_key") if isinstance(section, dict) else None
        return key if isinstance(key, str) and key else None


def _normalize_root(uri: str) -> str:
    if "://" in uri and not uri.startswith("file://"):
        return uri.rstrip("/")
    local = uri.removeprefix("file://")
    return str(Path(local).expanduser().absolute())


_ENV_NAMES = tuple(f"STARDAG_{name.upper()}" for name in StardagSettings.model_fields)
_lock = threading.Lock()
_cached: tuple[tuple[str | None, ...], StardagSettings] | None = None


def get_settings() -> StardagSettings:
    """The current settings, re-read when a ``STARDAG_*`` variable changed.

    Raises:
        ConfigurationError: a variable has a value of the wrong type, naming it.
    """
    global _cached
    key = tuple(os.environ.get(name) for name in _ENV_NAMES)
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        try:
            settings = StardagSettings()
        except SettingsError as error:
            # Raised for values that are not even parseable (e.g. invalid JSON).
            match = re.search(r'field "(\w+)"', str(error))
            name = f"STARDAG_{match.group(1).upper()}" if match else "a STARDAG_ variable"
            raise ConfigurationError(
                f"{name} is invalid: it must be JSON (e.g. a JSON object of name -> URI)"
            ) from error
        except ValidationError as error:
            first = error.errors()[0]
            field = str(first["loc"][0]) if first["loc"] else "?"
            raise ConfigurationError(
                f"STARDAG_{field.upper()} is invalid: {first['msg']}"
            ) from error
        _cached = (key, settings)
        return settings


def reset_settings() -> None:
    """Forget the cached settings so the next :func:`get_settings` re-reads everything."""
    global _cached
    with _lock:
        _cached = None
