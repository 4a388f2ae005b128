"""The files ``server up`` keeps under ``$STARDAG_HOME/server`` and its state record."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

StackMode = Literal["embedded", "external", "docker"]


@dataclass(frozen=True)
class ServerFiles:
    """Paths of one Stardag home's server folder."""

    server_dir: Path

    @property
    def pgdata(self) -> Path:
        return self.server_dir / "pgdata"

    @property
    def api_pid(self) -> Path:
        return self.server_dir / "api.pid"

    @property
    def api_log(self) -> Path:
        return self.server_dir / "api.log"

    @property
    def state(self) -> Path:
        return self.server_dir / "state.json"

    @property
    def postgres_log(self) -> Path:
        return self.pgdata / "log"


@dataclass(frozen=True)
class ServerState:
    """What a running stack looks like, written by ``up`` and read by the other commands.

    ``api_pid`` with ``api_create_time`` identifies the API process even if its pid
    is later reused by an unrelated process. ``database`` is for display only (an
    external database URL is stored with its password masked).
    """

    mode: StackMode
    url: str
    host: str
    port: int
    database: str
    api_pid: int | None = None
    api_create_time: float | None = None
    started_at: str = ""

    def save(self, files: ServerFiles) -> None:
        files.server_dir.mkdir(parents=True, exist_ok=True)
        _write_atomic(files.state, json.dumps(asdict(self), indent=2) + "\n")
        if self.api_pid is not None:
            _write_atomic(files.api_pid, f"{self.api_pid}\n")

    @classmethod
    def load(cls, files: ServerFiles) -> ServerState | None:
        """The recorded state, or ``None`` when none is recorded or it is unreadable."""
        try:
            raw = json.loads(files.state.read_text(encoding="utf-8"))
            return cls(**raw)
        except (FileNotFoundError, ValueError, TypeError):
            return None

    @staticmethod
    def clear(files: ServerFiles) -> None:
        files.state.unlink(missing_ok=True)
        files.api_pid.unlink(missing_ok=True)


def record_stack(files: ServerFiles, config_file: Path, state: ServerState) -> None:
    """Save ``state`` and point the user's ``config.toml`` at the stack's URL."""
    from stardag_cli.stack.user_config import record_server_url

    record_server_url(config_file, state.url)
    state.save(files)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
