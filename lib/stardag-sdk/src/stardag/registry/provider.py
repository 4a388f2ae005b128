"""Which registry builds report to: set in code, overridden in a context, or configured.

Order of precedence: :meth:`RegistryProvider.override` (this context/thread),
then :meth:`RegistryProvider.set` (process-wide), then configuration
(``STARDAG_REGISTRY`` = ``auto`` | ``api`` | ``fs`` | ``noop``). In ``auto`` mode
the server URL (``STARDAG_REGISTRY_URL``, else ``[registry] url`` in
``$STARDAG_HOME/config.toml``, else ``http://127.0.0.1:8420``) is probed at
``/health`` with a short timeout:

- it answers: the API registry;
- it is silent but *configured* (env or config.toml, e.g. by ``stardag server
  up``): still the API registry, which spools the build's events while the server
  is down and sends them when it is back (at its next contact, by the next
  registry of any process, or by ``stardag registry sync``) — a server down for a
  moment must not cost the service a build's history;
- it is silent and nothing is configured (only the default URL was tried): the
  file-system registry.

:func:`describe_active_registry` says which and why.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from stardag.config import DEFAULT_REGISTRY_URL_SOURCE, StardagSettings, get_settings
from stardag.errors import ConfigurationError
from stardag.registry.base import RegistryABC


@dataclass(frozen=True)
class RegistryChoice:
    """The active registry: ``kind`` (api, fs, noop or a class name), its URL, and why."""

    kind: str
    url: str | None
    reason: str


def _kind_of(registry: RegistryABC) -> tuple[str, str | None]:
    from stardag.registry.filesystem import FileSystemRegistry
    from stardag.registry.noop import NoOpRegistry

    if isinstance(registry, NoOpRegistry):
        return "noop", None
    if isinstance(registry, FileSystemRegistry):
        return "fs", str(registry.root)
    url = getattr(registry, "url", None)
    if type(registry).__name__ == "APIRegistry":
        return "api", url if isinstance(url, str) else None
    return type(registry).__name__, url if isinstance(url, str) else None


def _load_api_module() -> tuple[Callable[..., Any], Callable[..., bool]]:
    """``(APIRegistry, probe_registry_server)``; ImportError when the module is missing."""
    from stardag.registry import api  # imported lazily: it pulls in httpx

    return api.APIRegistry, api.probe_registry_server


def resolve_registry(settings: StardagSettings) -> tuple[RegistryABC, RegistryChoice]:
    """Build the registry the configuration asks for.

    Raises:
        ConfigurationError: ``STARDAG_REGISTRY=api`` but the API registry is unavailable,
        or config.toml is not valid TOML.
    """
    from stardag.registry.filesystem import FileSystemRegistry
    from stardag.registry.noop import NoOpRegistry

    mode = settings.registry
    fs_root = str(settings.registry_root)
    if mode == "noop":
        return NoOpRegistry(), RegistryChoice("noop", None, "STARDAG_REGISTRY=noop")
    if mode == "fs":
        return (
            FileSystemRegistry(settings.registry_root),
            RegistryChoice("fs", fs_root, "STARDAG_REGISTRY=fs"),
        )
    url, source = settings.configured_registry_url()
    if mode == "api":
        try:
            api_registry, _ = _load_api_module()
        except ImportError as error:
            raise ConfigurationError(
                f"STARDAG_REGISTRY=api but the API registry is unavailable: {error}"
            ) from error
        return api_registry(url), RegistryChoice(
            "api", url, f"STARDAG_REGISTRY=api, URL from {source}"
        )
    try:
        api_registry, probe = _load_api_module()
    except ImportError as error:
        reason = f"the API registry client is unavailable ({error}); using the file system"
        return FileSystemRegistry(settings.registry_root), RegistryChoice("fs", fs_root, reason)
    timeout = settings.registry_probe_timeout_seconds
    if probe(url, timeout):
        reason = f"auto: the registry server at {url} (from {source}) answered /health"
        return api_registry(url), RegistryChoice("api", url, reason)
    if source != DEFAULT_REGISTRY_URL_SOURCE:
        registry = api_registry(url)
        spool = getattr(registry, "spool_directory", "the spool")
        reason = (
            f"auto: the registry server at {url} (from {source}) did not answer within "
            f"{timeout:g} s; events are spooled to {spool} and sent when it is back "
            "(`stardag registry sync`)"
        )
        return registry, RegistryChoice("api", url, reason)
    reason = (
        f"auto: no registry server answered at {url} (the default URL; none configured) "
        f"within {timeout:g} s; recording to the file system at {fs_root}"
    )
    return FileSystemRegistry(settings.registry_root), RegistryChoice("fs", fs_root, reason)


class RegistryProvider:
    """Hands out the active registry; see the module docstring for precedence."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._explicit: RegistryABC | None = None
        self._override: ContextVar[RegistryABC | None] = ContextVar(
            "stardag_registry_override", default=None
        )
        self._resolved: tuple[tuple[Any, ...], RegistryABC, RegistryChoice] | None = None

    def get(self) -> RegistryABC:
        """The registry builds report to now."""
        return self._active()[0]

    def describe(self) -> RegistryChoice:
        """Which registry is active and why."""
        return self._active()[1]

    def set(self, registry: RegistryABC | None) -> None:
        """Use ``registry`` process-wide; ``None`` goes back to the configuration."""
        with self._lock:
            self._explicit = registry

    @contextmanager
    def override(self, registry: RegistryABC) -> Iterator[RegistryABC]:
        """Use ``registry`` inside the ``with`` block (this thread/context only)."""
        token = self._override.set(registry)
        try:
            yield registry
        finally:
            self._override.reset(token)

    def reset(self) -> None:
        """Forget the explicit and the resolved registry (tests)."""
        with self._lock:
            resolved, self._resolved, self._explicit = self._resolved, None, None
        if resolved is not None:
            resolved[1].close()

    def _active(self) -> tuple[RegistryABC, RegistryChoice]:
        overridden = self._override.get()
        if overridden is not None:
            kind, url = _kind_of(overridden)
            return overridden, RegistryChoice(
                kind, url, "overridden in code (registry_provider.override)"
            )
        explicit = self._explicit
        if explicit is not None:
            kind, url = _kind_of(explicit)
            return explicit, RegistryChoice(kind, url, "set in code (registry_provider.set)")
        settings = get_settings()
        key = (settings, _mtime(settings))
        resolved = self._resolved
        if resolved is not None and resolved[0] == key:
            return resolved[1], resolved[2]
        with self._lock:
            if self._resolved is not None and self._resolved[0] == key:
                return self._resolved[1], self._resolved[2]
            previous = self._resolved
            registry, choice = resolve_registry(settings)
            self._resolved = (key, registry, choice)
        if previous is not None:
            previous[1].close()
        return registry, choice


def _mtime(settings: StardagSettings) -> float | None:
    try:
        return settings.config_file.stat().st_mtime
    except OSError:
        return None


registry_provider = RegistryProvider()


def describe_active_registry() -> RegistryChoice:
    """Which registry ``sd.build`` would report to now, and why."""
    return registry_provider.describe()


def init_registry() -> RegistryABC:
    """The active registry (the original stardag's name for ``registry_provider.get()``)."""
    return registry_provider.get()
