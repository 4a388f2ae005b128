"""Which registry is active, and why: set, overridden, or resolved from configuration."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import stardag as sd
import stardag.config
import stardag.locations
from stardag.registry import (
    FileSystemRegistry,
    NoOpRegistry,
    describe_active_registry,
    registry_provider,
)

pytestmark = pytest.mark.usefixtures("stardag_home")


class _Health(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps({"status": "ok", "schema_revision": "x", "version": "0.1.0"})
        self.send_response(200 if self.path == "/health" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[str]:
    """A real HTTP server that answers /health like the registry service."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _dead_url() -> str:
    """A loopback URL where nothing listens (the port was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_configured_kinds(monkeypatch: pytest.MonkeyPatch, stardag_home: Path) -> None:
    monkeypatch.setenv("STARDAG_REGISTRY", "noop")
    assert isinstance(registry_provider.get(), NoOpRegistry)
    assert describe_active_registry().reason == "STARDAG_REGISTRY=noop"
    monkeypatch.setenv("STARDAG_REGISTRY", "fs")
    choice = describe_active_registry()
    assert (choice.kind, choice.url) == ("fs", str(stardag_home / "registry"))
    monkeypatch.setenv("STARDAG_REGISTRY", "bogus")
    with pytest.raises(sd.ConfigurationError, match="STARDAG_REGISTRY is invalid"):
        registry_provider.get()


def test_auto_with_a_configured_server_down_spools_for_it_and_says_why(
    monkeypatch: pytest.MonkeyPatch, stardag_home: Path
) -> None:
    pytest.importorskip("stardag.registry.api")
    url = _dead_url()
    monkeypatch.setenv("STARDAG_REGISTRY", "auto")
    monkeypatch.setenv("STARDAG_REGISTRY_URL", url)
    choice = describe_active_registry()
    assert (choice.kind, choice.url) == ("api", url)
    assert (
        "STARDAG_REGISTRY_URL" in choice.reason and "did not answer within 0.2 s" in choice.reason
    )
    registry = registry_provider.get()
    assert type(registry).__name__ == "APIRegistry"
    spool = registry.spool_directory  # type: ignore[attr-defined]
    assert spool.is_relative_to(stardag_home / "spool") and str(spool) in choice.reason
    assert "stardag registry sync" in choice.reason


def test_auto_reads_the_url_from_config_toml(
    monkeypatch: pytest.MonkeyPatch, stardag_home: Path
) -> None:
    pytest.importorskip("stardag.registry.api")
    url = _dead_url()
    monkeypatch.setenv("STARDAG_REGISTRY", "auto")
    stardag_home.mkdir(parents=True, exist_ok=True)
    (stardag_home / "config.toml").write_text(f'[registry]\nurl = "{url}"\n')  # `server up`
    choice = describe_active_registry()
    assert (choice.kind, choice.url) == ("api", url)
    assert "config.toml" in choice.reason and "did not answer" in choice.reason
    (stardag_home / "config.toml").write_text("[registry\nbroken")
    registry_provider.reset()
    with pytest.raises(sd.ConfigurationError, match=r"config\.toml is not valid TOML"):
        describe_active_registry()


def test_auto_with_nothing_configured_and_no_server_uses_the_file_system(
    monkeypatch: pytest.MonkeyPatch, stardag_home: Path
) -> None:
    url = _dead_url()  # stands in for the default address, where a real server may run
    monkeypatch.setattr(stardag.locations, "DEFAULT_REGISTRY_URL", url)
    monkeypatch.setenv("STARDAG_REGISTRY", "auto")
    choice = describe_active_registry()
    assert (choice.kind, choice.url) == ("fs", str(stardag_home / "registry"))
    assert url in choice.reason and "none configured" in choice.reason
    assert isinstance(registry_provider.get(), FileSystemRegistry)


def test_auto_selects_the_api_registry_when_the_server_answers(
    monkeypatch: pytest.MonkeyPatch, health_server: str
) -> None:
    pytest.importorskip("stardag.registry.api")
    monkeypatch.setenv("STARDAG_REGISTRY", "auto")
    monkeypatch.setenv("STARDAG_REGISTRY_URL", health_server)
    choice = describe_active_registry()
    assert (choice.kind, choice.url) == ("api", health_server)
    assert "answered /health" in choice.reason
    assert type(registry_provider.get()).__name__ == "APIRegistry"


def test_set_and_override_take_precedence() -> None:
    mine = NoOpRegistry()
    registry_provider.set(mine)
    assert registry_provider.get() is mine
    assert describe_active_registry().reason == "set in code (registry_provider.set)"
    other = FileSystemRegistry()
    with registry_provider.override(other):
        assert registry_provider.get() is other
        assert describe_active_registry().kind == "fs"
    assert registry_provider.get() is mine
    registry_provider.set(None)
    assert isinstance(registry_provider.get(), FileSystemRegistry)


def test_build_reports_to_the_overridden_registry(tmp_path: Path) -> None:
    class Tiny(sd.AutoTask[int]):
        def run(self) -> None:
            self.output().save(1)

    registry = FileSystemRegistry(tmp_path / "elsewhere")
    with registry_provider.override(registry):
        summary = sd.build(Tiny())
    assert [b.build_id for b in registry.list_builds()] == [str(summary.build_id)]


def test_import_stardag_stays_light() -> None:
    code = (
        "import sys, stardag; "
        "heavy = [m for m in ('httpx', 'fsspec', 'stardag.client', 'pydantic', "
        "'stardag.registry.api') if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
