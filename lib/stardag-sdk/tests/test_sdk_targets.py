"""Targets: roots from configuration, atomic local writes, fsspec remote roots."""

from __future__ import annotations

import json
import os
from pathlib import Path

import fsspec
import pytest
import stardag as sd

pytestmark = pytest.mark.usefixtures("stardag_home")


class Payload(sd.AutoTask[dict[str, int]]):
    __namespace__ = "targets"
    __version__ = "3"

    n: int

    def run(self) -> None:
        self.output().save({"n": self.n})


class Remote(sd.AutoTask[list[int]]):
    __target_root__ = "scratch"

    n: int

    def run(self) -> None:
        self.output().save(list(range(self.n)))


def test_output_path_holds_namespace_family_version_and_id(stardag_home: Path) -> None:
    task = Payload(n=1)
    expected = (
        stardag_home / "target-roots/default/targets/Payload/v3" / task.id[:2] / f"{task.id}.json"
    )
    assert task.output().uri == str(expected)
    assert Payload(n=2).output().uri != task.output().uri


def test_target_root_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARDAG_TARGET_ROOT", str(tmp_path / "elsewhere"))
    task = Payload(n=1)
    sd.build(task)
    assert task.output().uri.startswith(str(tmp_path / "elsewhere" / "targets"))
    assert json.loads(Path(task.output().uri).read_text()) == {"n": 1}


def test_crash_mid_write_leaves_no_output_that_complete_believes() -> None:
    class Crashing(sd.Task):
        def output(self) -> sd.FileTarget:
            return self.target("crash/out.txt")

        def run(self) -> None:
            with self.output().open("w") as handle:
                handle.write("half of the data")
                handle.flush()
                raise OSError("disk went away")

    task = Crashing()
    with pytest.raises(sd.TaskFailedError, match="disk went away"):
        sd.build(task)
    assert not task.complete()
    folder = Path(task.output().uri).parent
    assert os.listdir(folder) == []  # the temporary file is gone too


def test_writes_replace_the_file_only_when_complete() -> None:
    target = Payload(n=5).output()
    target.save({"n": 5})
    with pytest.raises(RuntimeError), target.open("w") as handle:
        handle.write('{"n": ')
        raise RuntimeError("interrupted")
    assert target.load() == {"n": 5}


def test_memory_filesystem_root_through_fsspec(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STARDAG_TARGET_ROOTS", json.dumps({"scratch": "memory://stardag-test"}))
    task = Remote(n=4)
    assert task.output().uri.startswith("memory://stardag-test/Remote/")
    assert not task.complete()
    summary = sd.build(task)
    assert summary.built == [task] and task.complete()
    assert task.output().load() == [0, 1, 2, 3]
    with fsspec.open(task.output().uri, "rb") as handle:
        assert json.loads(handle.read()) == [0, 1, 2, 3]
    assert sd.build(task).skipped == [task]
    task.output().remove()
    assert not task.complete()


def test_unknown_root_and_paths_outside_the_root_are_named_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(sd.TargetPathError, match="Unknown target root 'scratch'"):
        Remote(n=1).output()

    class Escaping(sd.Task):
        path: str

        def output(self) -> sd.FileTarget:
            return self.target(self.path)

    for path in ("../outside.txt", "a/../../outside.txt", "/etc/passwd", "s3://bucket/x"):
        with pytest.raises(sd.TargetPathError, match=r"Escaping\(.*\) is outside target root"):
            Escaping(path=path).output()
    assert Escaping(path="a/../inside.txt").output().uri.endswith("inside.txt")


def test_invalid_setting_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STARDAG_TARGET_ROOTS", "not json")
    with pytest.raises(sd.ConfigurationError, match="STARDAG_TARGET_ROOTS"):
        Payload(n=1).output()
