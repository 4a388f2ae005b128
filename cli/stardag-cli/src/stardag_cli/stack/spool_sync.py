"""After ``server up``: send the builds this machine spooled while no server answered."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from stardag.registry.api import SpoolSyncResult

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}


def _same_server(spool_url: str, server_url: str) -> bool:
    """A spool belongs to the server at ``server_url`` when it names the same port on a
    loopback alias of the same host (``localhost`` and ``127.0.0.1`` are one server)."""
    spool, server = urlsplit(spool_url), urlsplit(server_url)
    if spool.port != server.port or spool.scheme != server.scheme:
        return False
    if spool.hostname == server.hostname:
        return True
    return {spool.hostname, server.hostname} <= LOOPBACK_HOSTS


def send_waiting_spools(server_url: str) -> list[SpoolSyncResult]:
    """Replay every local spool kept for ``server_url`` to it; one result per spool."""
    from stardag.registry.api import default_spool_root, sync_spool
    from stardag.registry.spool import spool_directories

    root = default_spool_root()
    urls = [url for url, _directory in spool_directories(root) if _same_server(url, server_url)]
    # The spool keeps the URL the builds used; the events go to the server now running.
    return [sync_spool(url, spool_root=root) for url in urls]
