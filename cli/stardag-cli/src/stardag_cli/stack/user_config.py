"""Recording the server's URL in the user's ``config.toml`` without losing anything else.

The file is edited as text (only the ``url`` line of the ``[registry]`` table is
written), so other keys, comments and formatting survive; the result is parsed
again to make sure it still says what we meant.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path

from stardag_cli.stack.errors import StackError

_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\]]+?)\s*\]\s*(#.*)?$")
_URL_KEY = re.compile(r"^\s*url\s*=")


def record_server_url(config_file: Path, url: str) -> None:
    """Set ``[registry] url = "<url>"`` in ``config_file``, keeping its other content.

    Raises ``StackError`` when the existing file is not valid TOML or spells the
    registry table in a form this edit does not handle (e.g. an inline table).
    """
    line = f"url = {json.dumps(url)}"
    try:
        text = config_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    if text:
        _parse(config_file, text)
    updated = _with_registry_url(text, line)
    parsed = _parse(config_file, updated)
    if parsed.get("registry", {}).get("url") != url:
        raise StackError(
            f"Could not record the server URL in {config_file}: set "
            f'[registry] url = "{url}" there by hand.'
        )
    config_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = config_file.with_name(f".{config_file.name}.{os.getpid()}.tmp")
    tmp.write_text(updated, encoding="utf-8")
    os.replace(tmp, config_file)


def _with_registry_url(text: str, url_line: str) -> str:
    lines = text.splitlines()
    in_registry = False
    header_index: int | None = None
    for index, current in enumerate(lines):
        header = _TABLE_HEADER.match(current)
        if header:
            in_registry = header.group(1) == "registry"
            if in_registry:
                header_index = index
            continue
        if in_registry and _URL_KEY.match(current):
            lines[index] = url_line
            return "\n".join(lines) + "\n"
    if header_index is not None:
        lines.insert(header_index + 1, url_line)
        return "\n".join(lines) + "\n"
    prefix = "\n".join(lines).rstrip("\n")
    separator = "\n\n" if prefix else ""
    return f"{prefix}{separator}[registry]\n{url_line}\n"


def _parse(config_file: Path, text: str) -> dict[str, dict[str, object]]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise StackError(f"{config_file} is not valid TOML ({exc}); fix or remove it.") from exc
