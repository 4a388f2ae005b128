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


@dataclass(frozen=True)
class ContainerHealth:
    service: str
    state: str  # "running", "exited", ...
    health: str | None  # "healthy", "starting", "unhealthy", or None without a healthcheck


def find_compose_file() -> Path:
    """``compose/docker-compose.yml`` of the Stardag checkout (or ``STARDAG_COMPOSE_DIR``)."""
    from stardag_cli.settings import load_settings

    configured = load_settings().compose_dir
    candidates = [configured] if configured else []
    candidates += [parent / "compose" for parent in Path(__file__).resolve().parents]
    for folder in candidates:
        if (folder / COMPOSE_FILE_NAME).is_file():
            return folder / COMPOSE_FILE_NAME
    raise StackError(
        "Cannot find compose/docker-compose.yml; set STARDAG_COMPOSE_DIR to the folder "
        "holding it (it ships in the Stardag repository)."
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
    compose_file = find_compose_file()
    env = dict(os.environ)
    if port is not None:
        env["STARDAG_PORT"] = str(port)
    command = [executable, "compose", "-f", str(compose_file), "-p", PROJECT_NAME, *args]
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
