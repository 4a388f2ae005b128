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
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from stardag.errors import ConfigurationError
from stardag.locations import DEFAULT_REGISTRY_URL as DEFAULT_REGISTRY_URL  # re-exported
from stardag.locations import DEFAULT_REGISTRY_URL_SOURCE as DEFAULT_REGISTRY_URL_SOURCE
from stardag.locations import read_config_file, registry_url

DEFAULT_ROOT_NAME = "default"

RegistryKind = Literal["auto", "api", "fs", "noop"]


class StardagSettings(BaseSettings):
    """All SDK settings; environment variable = ``STARDAG_`` + upper-cased field name."""

    model_config = SettingsConfigDict(env_prefix="STARDAG_", extra="ignore", frozen=True)

    home: Path = Path("~/.stardag")
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

    @property
    def default_target_root(self) -> Path:
        """Where outputs go when no root is configured (the original stardag's layout)."""
        return self.home / "local-target-roots" / "default" / DEFAULT_ROOT_NAME

    def read_config_file(self) -> dict[str, Any]:
        """Contents of ``$STARDAG_HOME/config.toml``; ``{}`` when it does not exist."""
        return read_config_file(self.config_file)

    def configured_registry_url(self) -> tuple[str, str]:
        """The registry server URL and where it came from (env, config file or
        :data:`DEFAULT_REGISTRY_URL_SOURCE` when nothing is configured); resolved by
        :mod:`stardag.locations`, as the CLI does."""
        return registry_url(self.registry_url, self.config_file)

    def configured_api_key(self) -> str | None:
        """The API key for the registry server: ``STARDAG_API_KEY``, else ``[registry]
        api_key`` in config.toml, else ``None`` (a server without auth needs none)."""
        if self.api_key:
            return self.api_key
        section = self.read_config_file().get("registry", {})
        key = section.get("api_key") if isinstance(section, dict) else None
        return key if isinstance(key, str) and key else None


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


_TARGET_ROOT_PREFIXES = ("STARDAG_TARGET_ROOTS__", "STARDAG_TARGET_ROOT__")
_roots_cache: tuple[tuple[tuple[str, str], ...], dict[str, str]] | None = None


def configured_target_roots() -> dict[str, str]:
    """Named target roots from the environment; ``default`` is always present.

    Read, later ones winning: ``STARDAG_TARGET_ROOTS`` (a JSON object of name ->
    path or URI), ``STARDAG_TARGET_ROOTS__<NAME>`` and ``STARDAG_TARGET_ROOT__<NAME>``
    (one root each; the name is lower-cased), and ``STARDAG_TARGET_ROOT`` (the
    default root, or a JSON object like ``STARDAG_TARGET_ROOTS``). Without any,
    ``default`` is ``$STARDAG_HOME/local-target-roots/default/default``.

    Raises:
        ConfigurationError: a variable holds invalid JSON or a mapping that is not
            of names to strings (names the variable).
    """
    global _roots_cache
    snapshot = tuple(
        sorted(
            (name, value)
            for name, value in os.environ.items()
            if name.startswith("STARDAG_TARGET_ROOT") or name == "STARDAG_HOME"
        )
    )
    cached = _roots_cache
    if cached is not None and cached[0] == snapshot:
        return dict(cached[1])
    environ = dict(snapshot)
    roots: dict[str, str] = {}
    if "STARDAG_TARGET_ROOTS" in environ:
        roots.update(_roots_from_json("STARDAG_TARGET_ROOTS", environ["STARDAG_TARGET_ROOTS"]))
    for name, value in snapshot:
        for prefix in _TARGET_ROOT_PREFIXES:
            if name.startswith(prefix) and len(name) > len(prefix):
                roots[name[len(prefix) :].lower()] = _root_value(name, value)
    single = environ.get("STARDAG_TARGET_ROOT")
    if single is not None:
        if single.lstrip().startswith("{"):
            roots.update(_roots_from_json("STARDAG_TARGET_ROOT", single))
        else:
            roots[DEFAULT_ROOT_NAME] = _root_value("STARDAG_TARGET_ROOT", single)
    if DEFAULT_ROOT_NAME not in roots:
        roots[DEFAULT_ROOT_NAME] = str(get_settings().default_target_root)
    _roots_cache = (snapshot, roots)
    return dict(roots)


def _roots_from_json(variable: str, text: str) -> dict[str, str]:
    import json

    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigurationError(
            f"{variable} is not valid JSON ({error.msg}); expected an object of "
            'root name -> path or URI, e.g. {"default": "/data/stardag"}'
        ) from None
    if not isinstance(value, dict) or not all(
        isinstance(key, str) and isinstance(root, str) for key, root in value.items()
    ):
        raise ConfigurationError(
            f"{variable} must be a JSON object of root name -> path or URI (strings), "
            f"got {text[:80]!r}"
        )
    return {key: _root_value(variable, root) for key, root in value.items()}


def _root_value(variable: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise ConfigurationError(f"{variable} is empty; set it to a path or URI")
    return value


class APIConfig(BaseModel):
    url: str
    """The registry server URL builds report to when it answers."""


class TargetConfig(BaseModel):
    roots: dict[str, str]


class StardagConfig(BaseModel):
    """What :func:`load_config` returns: the registry URL and the target roots."""

    api: APIConfig
    target: TargetConfig


def load_config() -> StardagConfig:
    """The effective configuration (registry URL and target roots), as the original
    stardag's ``load_config`` returns it.

    Raises:
        ConfigurationError: a setting is invalid.
    """
    url, _source = get_settings().configured_registry_url()
    return StardagConfig(
        api=APIConfig(url=url), target=TargetConfig(roots=configured_target_roots())
    )
