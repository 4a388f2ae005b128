"""The API process: uvicorn serving ``stardag_api`` (with the built UI).

``stardag server up`` runs :func:`serve_api` in a detached child
(``python -m stardag_cli.stack.serve --host H --port P``, database URL in
``STARDAG_DATABASE_URL``); ``server up --foreground`` — also the container's start
command — calls it in-process. Either way the same code serves.
"""

from __future__ import annotations

import argparse
import os

API_APP = "stardag_api.main:app"


def serve_api(database_url: str, host: str, port: int) -> None:
    """Serve the API on ``host:port`` until SIGINT/SIGTERM (blocks)."""
    import uvicorn

    # The service reads its database URL from its own settings (STARDAG_DATABASE_URL).
    os.environ["STARDAG_DATABASE_URL"] = database_url
    uvicorn.run(API_APP, host=host, port=port, log_level="info", proxy_headers=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m stardag_cli.stack.serve")
    parser.add_argument("--host", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    database_url = os.environ.get("STARDAG_DATABASE_URL")
    if not database_url:
        parser.error("STARDAG_DATABASE_URL must name the database to serve")
    serve_api(database_url, args.host, args.port)


if __name__ == "__main__":
    main()
