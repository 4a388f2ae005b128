"""The API process: the service's own serve entry point (uvicorn, API + built UI).

``stardag server up`` runs :func:`serve_api` in a detached child
(``python -m stardag_cli.stack.serve --host H --port P --database-url-on-stdin``),
started before the database is ready: the child imports the app meanwhile, then
reads the database URL from its stdin (so it never shows in ``ps``) — or exits
when stdin closes empty because the start failed. ``STARDAG_DATABASE_URL`` works
too. ``server up --foreground`` — also the container's start command — calls it
in-process. Either way the same
code serves. Migrations ran before, in the CLI, where a failure is reported.
"""

from __future__ import annotations

import argparse
import os
import sys


def serve_api(database_url: str, host: str, port: int, workers: int = 1) -> None:
    """Serve the API on ``host:port`` until SIGINT/SIGTERM (blocks); schema must be at head.

    ``workers`` > 1 (issue 10): that many API processes share the port (uvicorn's
    supervisor); they coordinate only through PostgreSQL."""
    from stardag_api.server import serve

    serve(host, port, database_url, migrate=False, workers=workers)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m stardag_cli.stack.serve")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument(
        "--database-url-on-stdin",
        action="store_true",
        help="preload the app, then read the database URL from the first line of stdin",
    )
    parser.add_argument("--workers", type=int, default=1)  # issue 10
    args = parser.parse_args(argv)
    if args.database_url_on_stdin:
        from stardag_api.server import preload_app_modules

        preload_app_modules()
        database_url = sys.stdin.readline().strip()
        if not database_url:
            raise SystemExit("no database URL on stdin: the start was abandoned")
    else:
        database_url = os.environ.get("STARDAG_DATABASE_URL", "")
    if not database_url:
        parser.error("STARDAG_DATABASE_URL must name the database to serve")
    serve_api(database_url, args.host, args.port, args.workers)


if __name__ == "__main__":
    main()
