"""The ``stardag`` command: one sub-app per noun, errors mapped to one-line messages."""

from __future__ import annotations

import sys
from typing import Annotated

import click
import typer

from stardag_cli import backup, builds, config, keys, prune, registry, server, tasks, ui
from stardag_cli.console import print_error

app = typer.Typer(
    name="stardag",
    help="Stardag: run the registry server and query tasks from the terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from stardag_cli.versions import describe_versions

        sys.stdout.write(describe_versions() + "\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the versions of the CLI, SDK and service, then exit.",
        ),
    ] = False,
) -> None:
    """Stardag: run the registry server and query tasks from the terminal."""


# backup/restore are their own module; they belong under `stardag server` for the user.
server.app.command("backup")(backup.backup)
server.app.command("restore")(backup.restore)
app.add_typer(server.app, name="server")
app.add_typer(tasks.app, name="tasks")
app.add_typer(builds.app, name="builds")
app.add_typer(ui.app, name="ui")
app.add_typer(config.app, name="config")
# prune is its own module; it belongs under `stardag registry` for the user.
registry.app.command("prune")(prune.prune)
app.add_typer(registry.app, name="registry")
app.add_typer(keys.app, name="keys")

START_HINT = "Start one with `stardag server up` (or point STARDAG_REGISTRY_URL at one)."
CONFIGURATION_HINT = (
    "Hint: check the STARDAG_* environment variables and $STARDAG_HOME/config.toml "
    "(docs/conventions.md lists them)."
)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; usage errors exit 2 and domain errors exit 1, each with one line."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (no ``sys.exit``)."""
    from stardag.client import AmbiguousTaskId, ApiError, ServerUnreachable, StardagClientError
    from stardag.errors import ConfigurationError, StardagError

    from stardag_cli.stack.errors import StackError

    try:
        result = app(args=argv, prog_name="stardag", standalone_mode=False)
    except click.exceptions.Abort:
        print_error("Aborted.")
        return 1
    except click.ClickException as exc:
        # Usage errors (unknown option, bad value, ...) and a group called without a command.
        if isinstance(exc, click.exceptions.NoArgsIsHelpError):
            exc.show()
            return 2
        print_error(f"Error: {exc.format_message()}")
        return exc.exit_code
    except ServerUnreachable as exc:
        print_error(f"{exc} {START_HINT}")
        return 1
    except AmbiguousTaskId as exc:
        print_error(f"The id prefix {exc.prefix!r} matches several tasks; use a longer prefix:")
        for candidate in exc.candidates:
            print_error(f"  {candidate}")
        return 1
    except ApiError as exc:
        server_side = (
            f" (the server answered HTTP {exc.status_code})" if exc.status_code >= 500 else ""
        )
        print_error(f"Error: {exc.detail}{server_side}")
        return 1
    except (StardagClientError, StackError) as exc:
        print_error(f"Error: {exc}")
        return 1
    except StardagError as exc:
        print_error(f"Error: {_one_line(exc)}")
        if isinstance(exc, ConfigurationError):
            print_error(CONFIGURATION_HINT)
        return 1
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    main()
