"""Why the stack could not be started or stopped, in words a user can act on."""

from __future__ import annotations


class StackError(Exception):
    """A failure of ``stardag server ...``; the message says what to do about it."""


class PortInUse(StackError):
    def __init__(self, host: str, port: int) -> None:
        super().__init__(
            f"Port {port} on {host} is already in use by another program; "
            f"free it or choose another port with --port."
        )
        self.host = host
        self.port = port


class IncompatibleDataDir(StackError):
    def __init__(self, pgdata: str, found: int, expected: int) -> None:
        super().__init__(
            f"The database folder {pgdata} was created by PostgreSQL {found}, but this "
            f"stardag ships PostgreSQL {expected}. Move the folder aside (or set "
            f"STARDAG_HOME to another folder), or use --database-url with a PostgreSQL "
            f"{found} server."
        )


class DatabaseUnavailable(StackError):
    """The database could not be started or connected to."""


class MigrationFailed(StackError):
    """Bringing the database schema to the current version failed."""


class ApiStartFailed(StackError):
    """The API process exited or did not become healthy."""


class DockerUnavailable(StackError):
    """No Docker engine (or no ``docker compose``) is reachable."""


class ServerExtraMissing(StackError):
    """``server up`` was run by a CLI installed without its ``server`` extra."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__(
            f"Running the server needs {', '.join(missing)}, which this installation "
            "lacks. Install the CLI with its server extra: "
            "`uv tool install 'stardag-cli[server]'` (or `uv add 'stardag-cli[server]'`)."
        )
        self.missing = missing
