"""What the CLI says when things are missing or wrong: one line, the right exit code."""

from __future__ import annotations

import socket
import subprocess

import pytest
from cli_stack_helpers import Cli, free_port


def _assert_one_line_error(result: subprocess.CompletedProcess[str], exit_code: int) -> str:
    assert result.returncode == exit_code, result
    assert "Traceback" not in result.stderr
    # One line saying what is wrong, optionally followed by one line of advice.
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 or (len(lines) == 2 and lines[1].startswith("Hint: ")), result.stderr
    first: str = lines[0]
    return first


@pytest.mark.parametrize(
    "command",
    [("tasks", "ls"), ("tasks", "show", "abcd1234"), ("tasks", "deps", "abcd1234"), ("ui", "open")],
)
def test_query_commands_without_a_server_suggest_server_up(cli: Cli, command: tuple[str]) -> None:
    cli.home.mkdir(parents=True)
    (cli.home / "config.toml").write_text(f'[registry]\nurl = "http://127.0.0.1:{free_port()}"\n')
    line = _assert_one_line_error(cli.run(*command), 1)
    assert "No Stardag server is reachable" in line
    assert "stardag server up" in line


def test_usage_errors_exit_2_with_one_line(cli: Cli) -> None:
    line = _assert_one_line_error(cli.run("tasks", "ls", "--bogus"), 2)
    assert "--bogus" in line
    _assert_one_line_error(cli.run("tasks", "ls", "--status", "done"), 2)
    _assert_one_line_error(cli.run("tasks", "deps", "abcd", "--upstream", "--downstream"), 2)
    _assert_one_line_error(cli.run("server", "up", "--port", "70000"), 2)
    _assert_one_line_error(cli.run("server", "up", "--docker", "--foreground"), 2)


def test_docker_mode_without_an_engine_says_so(cli: Cli) -> None:
    cli.env["DOCKER_HOST"] = f"unix://{cli.home.parent}/no-docker.sock"
    line = _assert_one_line_error(cli.run("server", "up", "--docker"), 1)
    assert "No Docker engine is reachable" in line
    assert "without --docker" in line
    assert not (cli.home / "server" / "state.json").exists()


def test_status_down_and_logs_without_a_server(cli: Cli) -> None:
    status = cli.run("server", "status")
    assert status.returncode == 1
    assert "No Stardag server is running" in status.stdout
    down = cli.ok("server", "down")
    assert "No Stardag server is running" in down.stdout
    _assert_one_line_error(cli.run("server", "logs"), 1)


def test_data_folder_of_another_postgres_version_is_refused(cli: Cli) -> None:
    pgdata = cli.home / "server" / "pgdata"
    pgdata.mkdir(parents=True)
    (pgdata / "PG_VERSION").write_text("16\n")
    port = free_port()
    result = cli.run("server", "up", "--port", str(port))
    line = _assert_one_line_error(result, 1)
    assert "created by PostgreSQL 16" in line and "ships PostgreSQL 18" in line
    assert sorted(p.name for p in pgdata.iterdir()) == ["PG_VERSION"]  # untouched
    assert not (cli.home / "server" / "state.json").exists()
    assert not (cli.home / "config.toml").exists()


def test_port_taken_by_another_program_fails_before_starting_anything(cli: Cli) -> None:
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        line = _assert_one_line_error(cli.run("server", "up", "--port", str(port)), 1)
    assert f"Port {port}" in line and "already in use" in line
    assert not (cli.home / "server" / "pgdata").exists()
    assert not (cli.home / "server" / "state.json").exists()


def test_invalid_config_file_is_one_line(cli: Cli) -> None:
    cli.home.mkdir(parents=True)
    (cli.home / "config.toml").write_text("[registry\n")
    line = _assert_one_line_error(cli.run("tasks", "ls"), 1)
    assert "config.toml is not valid TOML" in line


def test_invalid_setting_is_one_line_and_a_hint(cli: Cli) -> None:
    cli.env["STARDAG_TARGET_ROOTS"] = "not json"
    result = cli.run("config", "show")
    line = _assert_one_line_error(result, 1)
    assert line.startswith("Error: STARDAG_TARGET_ROOTS is not valid JSON")
    assert result.stderr.strip().splitlines()[1].startswith("Hint: ")
