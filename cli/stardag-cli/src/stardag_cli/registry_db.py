"""Direct access to the registry's database, for administration commands (keys, prune).

These run where the database is reachable (the server's machine). The database is
``--database-url``, else ``STARDAG_DATABASE_URL``, else the embedded database of the
local ``stardag server up``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer

from stardag_cli.settings import load_settings
from stardag_cli.stack.errors import StackError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

DatabaseUrlOption = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        help="The registry's database; default STARDAG_DATABASE_URL, else the local server's.",
    ),
]


def database_url_of(given: str | None) -> str:
    """The database URL to administer (see the module docstring for the order)."""
    if given:
        return given
    from_env = os.environ.get("STARDAG_DATABASE_URL")
    if from_env:
        return from_env
    from stardag_cli.stack.embedded import EmbeddedPostgres
    from stardag_cli.stack.files import ServerFiles

    embedded = EmbeddedPostgres(ServerFiles(load_settings().server_dir).pgdata)
    if embedded.is_running():
        return embedded.database_url()
    raise StackError(
        "No registry database to work on: start the local server (`stardag server up`), "
        "or name the database with --database-url or STARDAG_DATABASE_URL."
    )


@contextmanager
def registry_session(database_url: str | None) -> Iterator[Session]:
    """A session on the registry database, disposed of afterwards."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session
    from stardag_api.core.config import sqlalchemy_url

    engine = create_engine(sqlalchemy_url(database_url_of(database_url)))
    try:
        with Session(engine) as session:
            yield session
    finally:
        engine.dispose()
