"""Helpers of the CLI tests: the real ``stardag`` command, run in a subprocess.

Importable by name (the root pytest configuration puts this folder on ``sys.path``),
hence the package-unique module name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

# Re-exported for the CLI tests.
from stardag_testing import create_database as create_database
from stardag_testing import drop_database as drop_database
from stardag_testing import free_port as free_port

REPO_ROOT = Path(__file__).resolve().parents[3]
QUICKSTART = REPO_ROOT / "examples" / "quickstart.py"


class Cli:
    """The ``stardag`` command (``python -m stardag_cli``) bound to one Stardag home."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("STARDAG_") and key not in ("DISPLAY", "WAYLAND_DISPLAY")
        }
        self.env["STARDAG_HOME"] = str(home)
        # Each CLI call is a new interpreter: let them share compiled bytecode (kept
        # out of the source tree) even where PYTHONDONTWRITEBYTECODE is set.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "stardag-cli-pycache")
        self.env["COLUMNS"] = "200"  # wide enough that tables are not truncated

    def run(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "stardag_cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )

    def ok(self, *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        """Run and assert exit code 0 (showing the output when it is not)."""
        result = self.run(*args, timeout=timeout)
        assert result.returncode == 0, (
            f"stardag {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        )
        return result

    def python(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run a Python script with this home (as a user's build script would run)."""
        result = subprocess.run(
            [sys.executable, *args], env=self.env, capture_output=True, text=True, timeout=timeout
        )
        assert result.returncode == 0, f"python {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result


class Stack(Cli):
    """A CLI whose home has a running stack at ``url``."""

    def __init__(self, home: Path, port: int) -> None:
        super().__init__(home)
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.up_output = ""


USER_CONFIG = """# my own settings
[ui]
theme = "dark"

[registry]
timeout = 3
"""


def stardag_home() -> Path:
    # Not under pytest's tmp_path: as root, the embedded PostgreSQL runs as its own
    # user, and every pytest session re-tightens /tmp/pytest-of-root to 0700.
    return Path(tempfile.mkdtemp(prefix="stardag-cli-test-")) / "home"


def create_scratch_database(admin_url: str) -> str:
    """Create an empty database on ``admin_url``'s server; return its URL."""
    return create_database(admin_url, prefix="stardag_cli")


def drop_scratch_database(admin_url: str, url: str) -> None:
    drop_database(admin_url, url)
