"""The ``stardag`` command: one sub-app per noun, errors mapped to one-line messages."""

from __future__ import annotations

import sys

import click
import typer

from stardag_cli import builds, config, registry, server, tasks, ui
from stardag_cli.console import print_error

app = typer.Typer(
    name="stardag",
    help="Stardag: run the registry server and query tasks from the terminal.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(server.app, name="server")
app.add_typer(tasks.app, name="tasks")
app.add_typer(builds.app, name="builds")
app.add_typer(ui.app, name="ui")
app.add_typer(config.app, name="config")
app.add_typer(registry.app, name="registry")

START_HINT = "Start one with `stardag server up` (or point STARDAG_REGISTRY_URL at one)."


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; usage errors exit 2 and domain errors exit 1, each with one line."""
    sys.exit(run(argv))


def run(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (no ``sys.exit``)."""
    from stardag.client import AmbiguousTaskId, ApiError, ServerUnreachable, StardagClientError

    from stardag_cli.settings import ConfigFileError
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
    except (StardagClientError, StackError, ConfigFileError) as exc:
        print_error(f"Error: {exc}")
        return 1
    except KeyboardInterrupt:
        return 130
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    main()
