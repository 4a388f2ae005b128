"""Target roots from the environment, as the original stardag documents them."""

from __future__ import annotations

from pathlib import Path

import pytest
import stardag as sd
from stardag.config import configured_target_roots, load_config

pytestmark = pytest.mark.usefixtures("stardag_home")


def test_default_root_is_the_original_layout(stardag_home: Path) -> None:
    assert configured_target_roots() == {
        "default": str(stardag_home / "local-target-roots" / "default" / "default")
    }


def test_json_object_of_roots(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(
        "STARDAG_TARGET_ROOTS", f'{{"default": "{tmp_path}/d", "archive": "s3://bucket/x/"}}'
    )
    assert configured_target_roots() == {"default": f"{tmp_path}/d", "archive": "s3://bucket/x/"}
    assert sd.get_target("a.json").uri == f"{tmp_path}/d/a.json"
    assert sd.get_target("a.json", target_root_key="archive").uri == "s3://bucket/x/a.json"


@pytest.mark.parametrize("prefix", ["STARDAG_TARGET_ROOT__", "STARDAG_TARGET_ROOTS__"])
def test_one_variable_per_root(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, prefix: str
) -> None:
    monkeypatch.setenv(f"{prefix}DEFAULT", str(tmp_path / "d"))
    monkeypatch.setenv(f"{prefix}INGESTION", str(tmp_path / "i"))
    assert configured_target_roots() == {
        "default": str(tmp_path / "d"),
        "ingestion": str(tmp_path / "i"),
    }


def test_a_json_object_in_stardag_target_root_is_a_mapping_not_a_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STARDAG_TARGET_ROOT", f'{{"default": "{tmp_path}/out"}}')
    target = sd.get_target("x.txt")
    assert target.uri == f"{tmp_path}/out/x.txt"
    assert "{" not in target.uri


def test_roots_follow_the_environment_between_uses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STARDAG_TARGET_ROOT__DEFAULT", str(tmp_path / "one"))
    assert sd.get_target("f").uri == str(tmp_path / "one" / "f")
    monkeypatch.setenv("STARDAG_TARGET_ROOT__DEFAULT", str(tmp_path / "two"))
    assert sd.get_target("f").uri == str(tmp_path / "two" / "f")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("STARDAG_TARGET_ROOTS", "not json", "not valid JSON"),
        ("STARDAG_TARGET_ROOTS", '["a"]', "JSON object"),
        ("STARDAG_TARGET_ROOTS", '{"default": 3}', "JSON object"),
        ("STARDAG_TARGET_ROOT", "{broken", "not valid JSON"),
        ("STARDAG_TARGET_ROOT__DEFAULT", "  ", "empty"),
    ],
)
def test_invalid_root_settings_are_clear_errors(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(sd.ConfigurationError, match=message) as raised:
        configured_target_roots()
    assert name in str(raised.value)


def test_load_config_reports_roots_and_registry_url(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("STARDAG_TARGET_ROOT", str(tmp_path))
    monkeypatch.setenv("STARDAG_REGISTRY_URL", "http://127.0.0.1:9/")
    config = load_config()
    assert config.target.roots == {"default": str(tmp_path)}
    assert config.api.url == "http://127.0.0.1:9"
