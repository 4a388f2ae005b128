"""``python -m stardag_api.migrate [upgrade|downgrade|current] [REVISION] [--database-url URL]``.

Brings the database named by ``STARDAG_DATABASE_URL`` (or ``--database-url``) to the
schema this code needs. ``upgrade`` (the default) is what the refuse-to-start
message tells users to run.
"""

from __future__ import annotations

import argparse
import sys

from stardag_api.core.config import get_settings
from stardag_api.db.migrations import (
    database_revision,
    downgrade_database,
    head_revision,
    upgrade_database,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stardag_api.migrate", description=__doc__)
    parser.add_argument(
        "action", nargs="?", default="upgrade", choices=["upgrade", "downgrade", "current"]
    )
    parser.add_argument(
        "revision", nargs="?", help="target (default: head for upgrade, base for downgrade)"
    )
    parser.add_argument("--database-url", help="default: STARDAG_DATABASE_URL")
    args = parser.parse_args(argv)
    url = args.database_url or get_settings().database_url
    if args.action == "upgrade":
        upgrade_database(url, args.revision or "head")
    elif args.action == "downgrade":
        downgrade_database(url, args.revision or "base")
    print(f"database revision: {database_revision(url) or '(none)'}; code head: {head_revision()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
