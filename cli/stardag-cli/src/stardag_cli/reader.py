"""Which registry the query commands read: the server, or the file-system registry.

The same choice ``sd.build`` makes when it picks where to record
(:mod:`stardag.registry.provider`): ``STARDAG_REGISTRY=fs`` reads the folder and
``api`` the server; in ``auto`` mode a configured server URL (environment or
config.toml, e.g. written by ``stardag server up``) is read even when it is down
(the command then says so), and with nothing configured the default URL is tried
briefly and the file-system registry read when no server answers there.
Both readers implement ``stardag.client.reader.RegistryReader``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stardag_cli.settings import CliSettings

if TYPE_CHECKING:
    from stardag.client.reader import RegistryReader

# Long enough for a local server to answer /health, short enough not to be noticed.
DEFAULT_URL_PROBE_SECONDS = 0.3


def open_reader(settings: CliSettings) -> RegistryReader:
    """The reader for ``settings`` (see the module docstring for the rule)."""
    from stardag.client import StardagClient

    if settings.registry_mode == "fs":
        return _filesystem_reader(settings)
    if settings.registry_mode == "api" or settings.server_configured:
        return StardagClient(settings.server_url)
    if _answers(settings.server_url):
        return StardagClient(settings.server_url)
    return _filesystem_reader(settings)


def _filesystem_reader(settings: CliSettings) -> RegistryReader:
    from stardag.registry.fs_reader import FileSystemReader

    return FileSystemReader(settings.registry_dir)


def _answers(url: str) -> bool:
    from stardag.client import ApiError, ServerUnreachable, StardagClient

    try:
        with StardagClient(url, timeout=DEFAULT_URL_PROBE_SECONDS) as client:
            client.health()
    except (ServerUnreachable, ApiError):
        return False
    return True
