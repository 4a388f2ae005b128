"""The built wheels, used as a user would: installed into a fresh virtual environment
outside the repository, with a project of their own.

Builds the SDK, service and CLI wheels with ``uv build``, installs them (the CLI with
its ``server`` extra) into a venv in a temporary folder, pinned to the lock file's
versions, and from there runs ``stardag server up``, a build of the user's project
(which must record *that* project's git commit, not Stardag's), ``stardag tasks
ls``, the UI at ``/`` and ``server down``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from stardag_testing import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]

PIPELINE = """
import stardag as sd


@sd.task
def numbers(limit: int) -> list[int]:
    return list(range(limit))


@sd.task
def total(values: sd.Depends[list[int]]) -> int:
    return sum(values)


if __name__ == "__main__":
    root = total(values=numbers(limit=7))
    sd.build(root)
    print(root.id)
"""


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)  # type: ignore[call-overload]
    assert result.returncode == 0, f"{' '.join(map(str, args))}:\n{result.stdout}\n{result.stderr}"
    return result  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def workspace() -> Iterator[Path]:
    # Outside the repository and outside pytest's 0700 tmp_path (the embedded
    # PostgreSQL runs as its own user when the tests run as root).
    folder = Path(tempfile.mkdtemp(prefix="stardag-install-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def wheels(workspace: Path) -> dict[str, Path]:
    """The three wheels built by ``uv build``, by distribution, and the lock's versions
    as a constraints file (``constraints``)."""
    dist = workspace / "dist"
    _run(["uv", "build", "--all-packages", "--wheel", "-o", str(dist)], cwd=REPO_ROOT)
    built = {path.name.split("-")[0]: path for path in dist.glob("*.whl")}
    assert set(built) == {"stardag", "stardag_api", "stardag_cli"}, built
    constraints = workspace / "constraints.txt"
    _run(
        [
            "uv", "export", "--frozen", "--no-hashes", "--no-emit-workspace",
            "--no-header", "-o", str(constraints),
        ],
        cwd=REPO_ROOT,
    )  # fmt: skip
    return {**built, "constraints": constraints}


def _venv(workspace: Path, name: str, wheels: dict[str, Path], *requirements: str) -> Path:
    environment = workspace / name
    _run(["uv", "venv", "--python", sys.executable, str(environment)], cwd=workspace)
    _run(
        [
            "uv", "pip", "install", "--python", str(environment / "bin" / "python"),
            "-c", str(wheels["constraints"]), *requirements,
        ],
        cwd=workspace,
    )  # fmt: skip
    return environment


@pytest.fixture(scope="module")
def venv(workspace: Path, wheels: dict[str, Path]) -> Path:
    """A fresh venv with the three wheels (CLI with ``[server]``), lock-file versions."""
    return _venv(
        workspace,
        "venv",
        wheels,
        f"stardag @ {wheels['stardag'].as_uri()}",
        f"stardag-api @ {wheels['stardag_api'].as_uri()}",
        f"stardag-cli[server] @ {wheels['stardag_cli'].as_uri()}",
    )


def _user_env(workspace: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("STARDAG_")}
    env["STARDAG_HOME"] = str(workspace / "home")
    env["COLUMNS"] = "200"
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "GIT_DIR", "GIT_WORK_TREE"):
        env.pop(name, None)
    return env


def _user_project(workspace: Path, env: dict[str, str]) -> tuple[Path, str]:
    """A git repository of the user's own, with one commit; returns it and the commit."""
    project = workspace / "my-project"
    project.mkdir()
    (project / "pipeline.py").write_text(PIPELINE)
    git = ["git", "-c", "user.name=User", "-c", "user.email=user@example.com"]
    _run([*git, "init", "-q"], cwd=project, env=env)
    _run([*git, "add", "pipeline.py"], cwd=project, env=env)
    _run([*git, "commit", "-q", "-m", "my pipeline"], cwd=project, env=env)
    commit = _run(["git", "rev-parse", "HEAD"], cwd=project, env=env).stdout.strip()
    return project, commit


def test_installed_wheels_run_the_stack_outside_the_checkout(venv: Path, workspace: Path) -> None:
    env = _user_env(workspace)
    stardag = str(venv / "bin" / "stardag")
    python = str(venv / "bin" / "python")
    project, commit = _user_project(workspace, env)

    # The installed packages are the wheels, not the checkout.
    located = _run(
        [python, "-c", "import stardag, stardag_api, stardag_cli; "
         "print(stardag.__file__, stardag_api.__file__, stardag_cli.__file__)"],
        cwd=project, env=env,
    ).stdout  # fmt: skip
    assert str(REPO_ROOT) not in located and str(venv) in located
    assert "stardag-cli 0.1.0" in _run([stardag, "--version"], cwd=project, env=env).stdout
    # `--docker` would use the compose files shipped in the package, building the
    # image from the released wheels (no checkout to build from).
    compose = _run(
        [python, "-c", "from stardag_cli.stack.docker import find_compose_files as f; "
         "c = f(); print(c.folder, c.from_source)"],
        cwd=project, env=env,
    ).stdout.split()  # fmt: skip
    assert compose[0].startswith(str(venv)) and compose[1] == "False"

    port = free_port()
    up = _run([stardag, "server", "up", "--port", str(port)], cwd=project, env=env)
    try:
        assert f"http://127.0.0.1:{port}" in up.stdout
        root_id = _run([python, "pipeline.py"], cwd=project, env=env).stdout.strip()

        listed = json.loads(_run([stardag, "tasks", "ls", "--json"], cwd=project, env=env).stdout)
        assert {row["family"] for row in listed} == {"numbers", "total"}
        assert {row["status"] for row in listed} == {"completed"}
        # The user's project's commit, not Stardag's.
        assert {row["commit_hash"] for row in listed} == {commit}
        table = _run([stardag, "tasks", "ls"], cwd=project, env=env).stdout
        assert "total" in table and "numbers" in table
        shown = json.loads(
            _run([stardag, "tasks", "show", root_id[:12], "--json"], cwd=project, env=env).stdout
        )
        assert shown["task_id"] == root_id and shown["upstream_count"] == 1

        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=10)
        assert page.status_code == 200
        assert '<div id="root"></div>' in page.text and "/assets/" in page.text
    finally:
        down = subprocess.run(
            [stardag, "server", "down"], cwd=project, env=env, capture_output=True, text=True,
            timeout=120,
        )  # fmt: skip
    assert down.returncode == 0, down.stderr
    assert "Stopped" in down.stdout
    with pytest.raises(httpx.TransportError):
        httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)


def test_the_cli_without_its_server_extra_queries_the_file_system_registry(
    wheels: dict[str, Path], workspace: Path
) -> None:
    """``stardag-cli`` alone (no service, no embedded PostgreSQL): the query commands
    read what builds recorded; ``server up`` says which extra it needs."""
    environment = _venv(
        workspace,
        "venv-query",
        wheels,
        f"stardag @ {wheels['stardag'].as_uri()}",
        f"stardag-cli @ {wheels['stardag_cli'].as_uri()}",
    )
    stardag = str(environment / "bin" / "stardag")
    env = {**_user_env(workspace), "STARDAG_HOME": str(workspace / "home-query")}
    env["STARDAG_REGISTRY"] = "fs"
    project = workspace / "query-project"
    project.mkdir()
    (project / "pipeline.py").write_text(PIPELINE)
    root_id = _run(
        [str(environment / "bin" / "python"), "pipeline.py"], cwd=project, env=env
    ).stdout.strip()

    listed = json.loads(_run([stardag, "tasks", "ls", "--json"], cwd=project, env=env).stdout)
    assert {row["family"] for row in listed} == {"numbers", "total"}
    assert root_id in {row["task_id"] for row in listed}
    version = _run([stardag, "--version"], cwd=project, env=env).stdout
    assert "stardag-api not installed" in version

    up = subprocess.run(
        [stardag, "server", "up", "--port", str(free_port())],
        cwd=project, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert up.returncode == 1 and "Traceback" not in up.stderr
    assert "stardag-cli[server]" in up.stderr and "stardag-api" in up.stderr
