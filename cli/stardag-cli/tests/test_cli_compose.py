"""The docker compose stack: validated statically (no Docker engine on CI machines)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parents[3]
COMPOSE_DIR = REPO_ROOT / "compose"


def _compose() -> dict[str, Any]:
    compose: dict[str, Any] = yaml.safe_load((COMPOSE_DIR / "docker-compose.yml").read_text())
    return compose


def test_database_service_has_healthcheck_and_named_volume() -> None:
    compose = _compose()
    db = compose["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume, mount = db["volumes"][0].split(":")
    assert mount == "/var/lib/postgresql/data"
    assert volume in compose["volumes"]
    assert set(db["environment"]) == {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"}


def test_api_waits_for_healthy_database_and_publishes_8420() -> None:
    api = _compose()["services"]["api"]
    assert api["depends_on"]["db"]["condition"] == "service_healthy"
    assert any(port.endswith(":8420") for port in api["ports"])
    assert "/health" in " ".join(api["healthcheck"]["test"])
    url = api["environment"]["STARDAG_DATABASE_URL"]
    assert url.startswith("postgresql://") and "@db:5432/" in url
    assert api["build"] == {"context": "..", "dockerfile": "compose/Dockerfile"}


def test_api_starts_with_the_cli_entry_point_the_tests_exercise() -> None:
    """The container runs `stardag server up --foreground --database-url ...` (tested in
    test_cli_external_database.py), so the container path is the tested path."""
    command = _compose()["services"]["api"]["command"]
    script = command[-1]
    argv = shlex.split(script.replace("$$", "$"))
    assert argv[:5] == ["exec", "stardag", "server", "up", "--foreground"]
    assert "--database-url" in argv and "0.0.0.0" in argv and "8420" in argv
    dockerfile = (COMPOSE_DIR / "Dockerfile").read_text()
    assert "stardag server up --foreground" in dockerfile


def test_env_example_names_every_variable_the_compose_file_reads() -> None:
    text = (COMPOSE_DIR / "docker-compose.yml").read_text()
    used = set(re.findall(r"(?<!\$)\$\{(\w+):-", text))
    example = (COMPOSE_DIR / ".env.example").read_text()
    defined = {line.split("=")[0] for line in example.splitlines() if "=" in line}
    assert used == defined


def test_dockerfile_builds_ui_with_node_then_runs_python_with_uv() -> None:
    dockerfile = (COMPOSE_DIR / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+) AS (\w+)", dockerfile, flags=re.M)
    assert [name for _, name in stages] == ["ui", "runtime"]
    assert stages[0][0].startswith("node:") and stages[1][0].startswith("python:")
    assert "npm run build" in dockerfile
    assert "uv sync --frozen" in dockerfile
    # The UI build writes where the API serves it from (vite.config.ts outDir).
    vite = (REPO_ROOT / "app" / "stardag-ui" / "vite.config.ts").read_text()
    assert "service/stardag-api/src/stardag_api/static" in vite
    assert "--from=ui /src/service/stardag-api/src/stardag_api/static/" in dockerfile


def test_every_copy_source_exists_in_the_build_context() -> None:
    context = REPO_ROOT  # compose: context ".." relative to compose/
    dockerfile = (COMPOSE_DIR / "Dockerfile").read_text()
    sources = []
    for line in dockerfile.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            sources += line.split()[1:-1]
    assert sources, "no COPY lines found"
    for source in sources:
        assert (context / source).exists(), f"COPY source {source} is missing"


def test_installed_cli_builds_the_api_image_from_the_released_wheels() -> None:
    """An installed CLI has no checkout: its override installs stardag-cli[server] of
    its own version and starts it with the same command as the source image."""
    override = yaml.safe_load((COMPOSE_DIR / "docker-compose.installed.yml").read_text())
    build = override["services"]["api"]["build"]
    assert build["context"] == "." and build["dockerfile"] == "Dockerfile.installed"
    assert "STARDAG_VERSION" in build["args"]
    dockerfile = (COMPOSE_DIR / "Dockerfile.installed").read_text()
    assert '"stardag-cli[server]==${STARDAG_VERSION}"' in dockerfile
    source_cmd = (COMPOSE_DIR / "Dockerfile").read_text().splitlines()[-1]
    assert dockerfile.splitlines()[-1] == source_cmd


def test_checkout_cli_finds_the_compose_files_through_its_package_and_builds_from_source() -> None:
    from stardag_cli.stack.docker import find_compose_files

    compose = find_compose_files()
    assert compose.folder == COMPOSE_DIR
    assert compose.from_source
    assert compose.arguments() == ["-f", str(COMPOSE_DIR / "docker-compose.yml")]
