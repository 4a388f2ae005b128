"""``stardag keys``: create, list and revoke the registry's API keys.

These commands write to the registry's database directly (``registry_db``) rather
than through the API: the first admin key cannot come from an API that already
demands one. Admins elsewhere use ``/api/v1/keys`` with an admin key.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from stardag_cli.console import console, err_console
from stardag_cli.options import JsonOption
from stardag_cli.registry_db import DatabaseUrlOption, registry_session
from stardag_cli.stack.errors import StackError

app = typer.Typer(
    no_args_is_help=True, help="Create, list and revoke API keys (needs the database)."
)

SCOPES = ("read", "write", "admin")


@app.command()
def create(
    name: Annotated[str, typer.Option("--name", help="Who or what uses the key.")],
    scope: Annotated[
        list[str],
        typer.Option(
            "--scope",
            help="read (CLI, UI), write (builds; also reads) or admin (everything). Repeatable.",
        ),
    ],
    database_url: DatabaseUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """Create a key and print it: the only time it is shown (only its hash is stored)."""
    from stardag_api.store.api_keys import create_key

    unknown = [value for value in scope if value not in SCOPES]
    if unknown:
        raise typer.BadParameter(f"unknown scope {unknown[0]!r}; use read, write or admin")
    with registry_session(database_url) as session:
        info, key = create_key(session, name, scope)
    if as_json:
        console.print_json(json.dumps({"key_id": info.key_id, "scopes": info.scopes, "key": key}))
        return
    console.print(key, markup=False, highlight=False, soft_wrap=True)
    err_console.print(
        f"Created key {info.key_id} ({', '.join(info.scopes)}). Store it now; it is not "
        "shown again. Clients read it from STARDAG_API_KEY or [registry] api_key in "
        "config.toml."
    )


@app.command("ls")
def list_keys_command(
    all_keys: Annotated[bool, typer.Option("--all", help="Include revoked keys.")] = False,
    database_url: DatabaseUrlOption = None,
    as_json: JsonOption = False,
) -> None:
    """List keys (never their secrets)."""
    from stardag_api.store.api_keys import list_keys

    with registry_session(database_url) as session:
        infos = list_keys(session, include_revoked=all_keys)
    rows = [
        {
            "key_id": info.key_id,
            "name": info.name,
            "scopes": list(info.scopes),
            "created_at": info.created_at.isoformat(),
            "revoked_at": info.revoked_at.isoformat() if info.revoked_at else None,
        }
        for info in infos
    ]
    if as_json:
        console.print_json(json.dumps(rows))
        return
    table = Table("key id", "name", "scopes", "created", "revoked")
    for info in infos:
        revoked = info.revoked_at.isoformat()[:19] if info.revoked_at else ""
        table.add_row(
            info.key_id,
            info.name,
            ", ".join(info.scopes),
            info.created_at.isoformat()[:19],
            revoked,
        )
    console.print(table)


@app.command()
def revoke(
    key_id: Annotated[str, typer.Argument(help="The key id `stardag keys ls` shows.")],
    database_url: DatabaseUrlOption = None,
) -> None:
    """Revoke a key; servers stop accepting it within 10 seconds."""
    from stardag_api.core.errors import NotFound
    from stardag_api.store.api_keys import revoke_key

    with registry_session(database_url) as session:
        try:
            info = revoke_key(session, key_id)
        except NotFound as exc:
            raise StackError(exc.detail) from None
    console.print(f"Revoked key {info.key_id} ({info.name}).")
