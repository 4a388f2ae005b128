"""Who and what produced a record: user, host and code version (commit hash).

The commit hash is ``STARDAG_COMMIT_HASH`` when set, else the git checkout of
the working directory (with ``-dirty`` when tracked files have uncommitted
changes), else absent. Git is asked once per process.
"""

from __future__ import annotations

import functools
import getpass
import socket
import subprocess
from dataclasses import dataclass

from stardag.config import get_settings


@dataclass(frozen=True)
class ProcessIdentity:
    user: str | None
    host: str | None
    commit_hash: str | None


@functools.cache
def _user_and_host() -> tuple[str | None, str | None]:
    try:
        user: str | None = getpass.getuser()
    except Exception:  # no login name in some containers
        user = None
    return user, socket.gethostname() or None


@functools.cache
def git_commit_hash() -> str | None:
    """``HEAD`` of the git checkout around the working directory, ``-dirty`` if modified."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, check=False
        )
        if head.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    commit = head.stdout.strip()
    return f"{commit}-dirty" if status.returncode == 0 and status.stdout.strip() else commit


def process_identity() -> ProcessIdentity:
    """User, host and commit hash of this process."""
    user, host = _user_and_host()
    commit = get_settings().commit_hash or git_commit_hash()
    return ProcessIdentity(user=user, host=host, commit_hash=commit)
