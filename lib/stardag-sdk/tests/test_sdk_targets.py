"""Targets: roots from configuration, atomic local writes, fsspec remote roots."""

from __future__ import annotations

import json
import os
from pathlib import Path

import fsspec
import pytest
import stardag as sd
from stardag.target import LocalTarget, target_roots_override

pytestmark = pytest.mark.usefixtures("stardag_home")


class Payload(sd.AutoTask[dict[str, int]]):
    __namespace__ = "targets"
    __version__ = "3"

    n: int

    def run(self) -> None:
        self.output().save({"n": self.n})


class Remote(sd.AutoTask[list[int]]):
    n: int

    @property
    def _target_root_key(self) -> str:
        return "scratch"

    def run(self) -> None:
        self.output().save(list(range(self.n)))


def test_output_path_holds_namespace_name_version_and_id(stardag_home: Path) -> None:
    task = Payload(n=1)
    task_id = task.task_id
    expected = (
        stardag_home
        / "local-target-roots/default/default/targets/Payload/v3"
        / task_id[:2]
        / task_id[2:4]
        / f"{task_id}.json"
    )
    assert task.output().uri == str(expected)
    assert Payload(n=2).output().uri != task.output().uri


def test_output_path_of_a_dotted_namespace_without_version(stardag_home: Path) -> None:
    class Dotted(sd.AutoTask[str], namespace_override="ml.features"):
        def run(self) -> None:
            self.output().save("text")

    task = Dotted()
    relative = Path(task.output().uri).relative_to(stardag_home / "local-target-roots")
    task_id = task.task_id
    assert str(relative) == (
        f"default/default/ml/features/Dotted/{task_id[:2]}/{task_id[2:4]}/{task_id}.txt"
    )


def test_target_root_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STARDAG_TARGET_ROOT", str(tmp_path / "elsewhere"))
    task = Payload(n=1)
    sd.build(task)
    assert task.output().uri.startswith(str(tmp_path / "elsewhere" / "targets"))
    assert json.loads(Path(task.output().uri).read_text()) == {"n": 1}
    monkeypatch.setenv("STARDAG_TARGET_ROOT", str(tmp_path / "changed"))  # read at use time
    assert task.output().uri.startswith(str(tmp_path / "changed" / "targets"))
    with target_roots_override({"default": str(tmp_path / "in-code")}):
        assert task.output().uri.startswith(str(tmp_path / "in-code" / "targets"))


def test_crash_mid_write_leaves_no_output_that_complete_believes() -> None:
    class Crashing(sd.Task[LocalTarget]):
        def output(self) -> LocalTarget:
            return sd.get_target("crash/out.txt")  # type: ignore[return-value]

        def run(self) -> None:
            with self.output().open("w") as handle:
                handle.write("half of the data")
                handle.flush()
                raise OSError("disk went away")

    task = Crashing()
    summary = sd.build(task)
    assert summary.status == sd.BuildExitStatus.FAILURE
    assert "disk went away" in str(summary.error)
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


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("STARDAG_TARGET_ROOTS", json.dumps({"scratch": "memory://stardag-test"})),
        ("STARDAG_TARGET_ROOT__SCRATCH", "memory://stardag-test"),
    ],
)
def test_memory_filesystem_root_through_fsspec(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
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


def test_unknown_root_and_paths_outside_the_root_are_named_errors(stardag_home: Path) -> None:
    with pytest.raises(sd.TargetPathError, match="No target root is configured for key 'scratch'"):
        Remote(n=1).output()

    class Escaping(sd.Task[LocalTarget]):
        path: str

        def output(self) -> LocalTarget:
            return sd.get_target(self.path)  # type: ignore[return-value]

        def run(self) -> None:
            self.output().write_text("x")

    for path in ("../outside.txt", "a/../../outside.txt"):
        with pytest.raises(sd.TargetPathError, match=r"'.*outside.txt' is outside target root"):
            Escaping(path=path).output()
    inside = Escaping(path="a/../inside.txt").output()
    assert inside.uri == str(stardag_home / "local-target-roots/default/default/inside.txt")
    assert Escaping(path="/tmp/full/path.txt").output().uri == "/tmp/full/path.txt"  # as given


def test_invalid_setting_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STARDAG_TARGET_ROOTS", "not json")
    with pytest.raises(sd.ConfigurationError, match="STARDAG_TARGET_ROOTS"):
        Payload(n=1).output()
