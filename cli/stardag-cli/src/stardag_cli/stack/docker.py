"""The same stack through ``docker compose`` with the files in ``compose/``.

The Docker engine is checked (and the containers' health read) through the
``docker`` Python package; starting and stopping goes through the ``docker
compose`` command, which owns the compose file format.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from stardag_cli.settings import CliSettings
from stardag_cli.stack.errors import DockerUnavailable, PortInUse, StackError
from stardag_cli.stack.files import ServerFiles, ServerState, record_stack
from stardag_cli.stack.health import wait_until_healthy
from stardag_cli.stack.process import port_is_free
from stardag_cli.stack.request import Progress, UpRequest, server_url

PROJECT_NAME = "stardag"
COMPOSE_FILE_NAME = "docker-compose.yml"
INSTALLED_FILE_NAME = "docker-compose.installed.yml"


@dataclass(frozen=True)
class ContainerHealth:
    service: str
    state: str  # "running", "exited", ...
    health: str | None  # "healthy", "starting", "unhealthy", or None without a healthcheck


@dataclass(frozen=True)
class ComposeFiles:
    """The compose file(s) for ``docker compose -f ...`` and how the API image is built.

    In a Stardag checkout the image is built from the source; an installed CLI has no
    source to build from, so it adds ``docker-compose.installed.yml``, which installs
    the released ``stardag-cli[server]`` of the CLI's own version.
    """

    folder: Path
    from_source: bool

    def arguments(self) -> list[str]:
        files = [COMPOSE_FILE_NAME]
        if not self.from_source:
            files.append(INSTALLED_FILE_NAME)
        return [arg for name in files for arg in ("-f", str(self.folder / name))]


def find_compose_files() -> ComposeFiles:
    """``STARDAG_COMPOSE_DIR``, else the compose files shipped inside this package
    (``stardag_cli/compose``; in a checkout that is a link to the repository's
    ``compose/``). Raises ``StackError`` when neither holds ``docker-compose.yml``."""
    from stardag_cli.settings import load_settings

    configured = load_settings().compose_dir
    shipped = Path(__file__).resolve().parent.parent / "compose"
    for folder in [configured, shipped]:
        if folder is not None and (folder / COMPOSE_FILE_NAME).is_file():
            real = folder.resolve()
            # The source build's context is the compose folder's parent (a checkout).
            return ComposeFiles(real, from_source=(real.parent / "uv.lock").is_file())
    where = f"{configured} nor {shipped}" if configured else str(shipped)
    raise StackError(
        f"Cannot find {COMPOSE_FILE_NAME} in {where}; set STARDAG_COMPOSE_DIR to the "
        "folder holding it (compose/ in the Stardag repository)."
    )


def docker_engine() -> Any:
    """A connected ``docker`` client; ``DockerUnavailable`` when no engine answers."""
    import docker
    import docker.errors

    try:
        client = docker.from_env(timeout=5)
        client.ping()
    except docker.errors.DockerException as exc:
        raise DockerUnavailable(
            "No Docker engine is reachable (is Docker running? DOCKER_HOST="
            f"{os.environ.get('DOCKER_HOST', 'unset')}): {_first_line(exc)}. "
            "Run `stardag server up` without --docker to use the embedded PostgreSQL."
        ) from exc
    return client


def compose_up(port: int) -> None:
    """``docker compose up -d --build`` with the API published on ``port``."""
    _compose(["up", "--detach", "--build", "--wait"], port)


def compose_down() -> None:
    """Stop and remove the containers; the database volume stays."""
    _compose(["down"], None)


def compose_logs(follow: bool) -> None:
    _compose(["logs", *(["--follow"] if follow else [])], None, capture=False)


def container_health() -> list[ContainerHealth]:
    """State and health of the stack's containers, read from the engine."""
    client = docker_engine()
    containers = client.containers.list(
        all=True, filters={"label": f"com.docker.compose.project={PROJECT_NAME}"}
    )
    result = []
    for container in containers:
        state = container.attrs.get("State", {})
        health = state.get("Health", {}).get("Status")
        service = container.labels.get("com.docker.compose.service", container.name)
        result.append(ContainerHealth(service, str(state.get("Status", "unknown")), health))
    return sorted(result, key=lambda item: item.service)


def _compose(args: list[str], port: int | None, capture: bool = True) -> None:
    docker_engine()
    executable = shutil.which("docker")
    if executable is None:
        raise DockerUnavailable("The `docker` command (with its compose plugin) is not on PATH.")
    compose = find_compose_files()
    env = dict(os.environ)
    if port is not None:
        env["STARDAG_PORT"] = str(port)
    if not compose.from_source:
        from stardag_cli.versions import installed_version

        env["STARDAG_VERSION"] = installed_version("stardag-cli") or "0"
    command = [executable, "compose", *compose.arguments(), "-p", PROJECT_NAME, *args]
    completed = subprocess.run(command, env=env, capture_output=capture, text=True, check=False)
    if completed.returncode != 0:
        detail = (completed.stderr or "").strip().splitlines()[-5:] if capture else []
        raise StackError(
            f"`docker compose {' '.join(args)}` failed (exit {completed.returncode})"
            + (":\n" + "\n".join(detail) if detail else ".")
        )


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def start_docker(settings: CliSettings, request: UpRequest, progress: Progress) -> ServerState:
    """Bring the compose stack up, wait for its health, record it like a local stack.

    Raises ``DockerUnavailable`` when no engine answers (nothing is started then).
    """

    progress("Checking the Docker engine")
    docker_engine()
    if not port_is_free(request.host, request.port):
        raise PortInUse(request.host, request.port)
    progress("Building and starting the containers (docker compose)")
    compose_up(request.port)
    url = server_url(request.host, request.port)
    try:
        wait_until_healthy(url, progress)
    except StackError:
        compose_down()
        raise
    state = ServerState(
        mode="docker",
        url=url,
        host=request.host,
        port=request.port,
        database=f"docker volume of compose project {PROJECT_NAME!r}",
        started_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    record_stack(ServerFiles(settings.server_dir), settings.config_file, state)
    return state


def stop_docker(files: ServerFiles, progress: Progress) -> list[str]:
    """``docker compose down`` (the database volume is kept) and forget the stack."""
    progress("Stopping the containers (docker compose down)")
    compose_down()
    ServerState.clear(files)
    return [f"docker compose project {PROJECT_NAME!r}"]
