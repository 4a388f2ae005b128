"""``python -m stardag_api.prestart``: wait for the database, then migrate it to head."""

from __future__ import annotations

from stardag_api.core.config import get_settings
from stardag_api.server import prestart

if __name__ == "__main__":
    prestart(get_settings().database_url)
    print("database ready and at head")
