"""Fixtures for the CLI tests: run the real ``stardag`` command in a subprocess.

Every test gets its own ``STARDAG_HOME`` so nothing touches the user's
``~/.stardag``; stacks started by a test are always stopped in teardown.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from cli_stack_helpers import USER_CONFIG, Cli, Stack, free_port, stardag_home


@pytest.fixture
def cli() -> Iterator[Cli]:
    """A CLI with a fresh home; whatever a test started there is stopped afterwards."""
    runner = Cli(stardag_home())
    try:
        yield runner
    finally:
        if (runner.home / "server").exists():
            runner.run("server", "down", timeout=60)
        shutil.rmtree(runner.home.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def embedded_stack() -> Iterator[Stack]:
    """One embedded stack (``stardag server up``) shared by a test module.

    The home starts with a user ``config.toml`` holding other settings, so tests
    can check that ``up`` keeps them.
    """
    stack = Stack(stardag_home(), free_port())
    stack.home.mkdir(parents=True)
    (stack.home / "config.toml").write_text(USER_CONFIG)
    try:
        stack.up_output = stack.ok("server", "up", "--port", str(stack.port)).stdout
        yield stack
    finally:
        stack.run("server", "down", timeout=60)
        shutil.rmtree(stack.home.parent, ignore_errors=True)
