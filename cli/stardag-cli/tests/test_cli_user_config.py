"""``server up`` records the server URL in config.toml and keeps everything else."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from stardag_cli.stack.errors import StackError
from stardag_cli.stack.user_config import record_server_url


def test_creates_the_file_with_the_registry_table(tmp_path: Path) -> None:
    config = tmp_path / "home" / "config.toml"
    record_server_url(config, "http://127.0.0.1:9000")
    assert tomllib.loads(config.read_text()) == {"registry": {"url": "http://127.0.0.1:9000"}}


def test_replaces_only_the_url_and_keeps_comments_and_other_keys(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '# mine\n[registry]\nurl = "http://old:1"  # old\ntimeout = 2\n\n[ui]\nurl = "keep"\n'
    )
    record_server_url(config, "http://127.0.0.1:8421")
    text = config.read_text()
    assert text.startswith("# mine\n")
    assert tomllib.loads(text) == {
        "registry": {"url": "http://127.0.0.1:8421", "timeout": 2},
        "ui": {"url": "keep"},
    }


def test_adds_the_table_after_other_tables(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ntheme = 'dark'\n")
    record_server_url(config, "http://127.0.0.1:8420")
    assert tomllib.loads(config.read_text()) == {
        "ui": {"theme": "dark"},
        "registry": {"url": "http://127.0.0.1:8420"},
    }


def test_invalid_toml_is_a_clear_error_and_left_untouched(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[registry\nurl = 1\n")
    with pytest.raises(StackError, match="is not valid TOML"):
        record_server_url(config, "http://127.0.0.1:8420")
    assert config.read_text() == "[registry\nurl = 1\n"


def test_inline_registry_table_is_refused_rather_than_corrupted(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('registry = { url = "http://old:1" }\n')
    with pytest.raises(StackError):
        record_server_url(config, "http://127.0.0.1:8420")
    assert tomllib.loads(config.read_text()) == {"registry": {"url": "http://old:1"}}
