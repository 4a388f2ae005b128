"""The original stardag's documented public API, behaviour by behaviour."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Generator
from pathlib import Path
from typing import Annotated, Any

import pytest
import stardag as sd
from stardag.target import (
    InMemoryFileSystemTarget,
    LoadableSaveableFileSystemTarget,
    TargetFactory,
    target_factory_provider,
    target_roots_override,
)
from stardag.target.serialize import (
    JSONSerializer,
    PickleSerializer,
    PlainTextSerializer,
    Serializable,
)

pytestmark = pytest.mark.usefixtures("stardag_home")


class Opaque:
    """Not JSON-able: pickled."""


@sd.task
def get_range(limit: int) -> list[int]:
    return list(range(limit))


@sd.task
def get_sum(integers: sd.Depends[list[int]]) -> int:
    return sum(integers)


def test_decorator_dag_builds_and_loads() -> None:
    task = get_sum(integers=get_range(limit=4))
    summary = sd.build(task)
    assert summary.status == sd.BuildExitStatus.SUCCESS
    assert summary.task_count.discovered == 2 and summary.task_count.succeeded == 2
    assert task.output().load() == 6
    assert task.integers.output().load() == [0, 1, 2, 3]
    assert task.requires() == {"integers": get_range(limit=4)}
    again = sd.build(task)
    assert again.task_count.previously_completed == 1 and again.task_count.succeeded == 0


def test_call_runs_the_plain_function() -> None:
    assert get_sum.call(get_range.call(10)) == 45


def test_any_decorator_parameter_takes_a_value_or_a_task() -> None:
    @sd.task
    def add_floats(a: float, b: float) -> float:
        return a + b

    expression = add_floats(a=add_floats(a=1, b=2), b=5)
    assert expression.requires() == {"a": add_floats(a=1, b=2)}
    sd.build([expression])
    assert expression.output().load() == 8.0


def test_decorator_options_name_version_and_relpath(stardag_home: Path) -> None:
    @sd.task(name="Greeting", version="1", relpath={"extra": lambda task: f"to-{task.name}"})
    def greet(name: str) -> str:
        return f"Hello, {name}!"

    task = greet(name="World")
    assert type(task).get_name() == "Greeting" and task.version == "1"
    assert "/Greeting/v1/to-World/" in task.output().uri
    assert task.output().uri.endswith(".txt")
    sd.build(task)
    assert task.output().load() == "Hello, World!"


def test_decorator_refuses_unannotated_functions() -> None:
    with pytest.raises(sd.TaskDefinitionError, match="return type"):

        @sd.task
        def no_return(a: int):  # type: ignore[no-untyped-def]
            return a


def test_base_task_contract_without_targets() -> None:
    world_state: dict[str, int] = {}

    class CountLetters(sd.BaseTask):
        parameter: str

        def run(self) -> None:
            world_state[self.parameter] = len(self.parameter)

        def complete(self) -> bool:
            return self.parameter in world_state

    sd.build(CountLetters(parameter="hello"))
    assert world_state == {"hello": 5}


def test_task_with_an_explicit_target(tmp_path: Path) -> None:
    path = tmp_path / "absolute" / "file.txt"

    class WriteFile(sd.Task[sd.LocalTarget]):
        def run(self) -> None:
            with self.output().open("w") as handle:
                handle.write("result")

        def output(self) -> sd.LocalTarget:
            return sd.LocalTarget(str(path))

    task = WriteFile()
    assert not task.complete()
    sd.build(task)
    assert path.read_text() == "result" and task.complete()


def test_base_task_api_with_serializable_target() -> None:
    class Range2(sd.Task[LoadableSaveableFileSystemTarget[list[int]]]):
        limit: int

        def output(self) -> LoadableSaveableFileSystemTarget[list[int]]:
            task_id = str(self.id)
            relpath = f"{self.get_name()}/{task_id[:2]}/{task_id[2:4]}/{task_id}.json"
            return Serializable(
                wrapped=sd.get_target(relpath), serializer=JSONSerializer(list[int])
            )

        def run(self) -> None:
            self.output().save(list(range(self.limit)))

    task = Range2(limit=3)
    sd.build(task)
    assert task.output().load() == [0, 1, 2]
    assert json.loads(Path(task.output().uri).read_text()) == [0, 1, 2]


def test_task_loads_accepts_any_task_that_loads_the_type() -> None:
    class Doubled(sd.AutoTask[list[int]]):
        data: sd.TaskLoads[list[int]]

        def requires(self) -> sd.TaskStruct:
            return self.data

        def run(self) -> None:
            self.output().save([2 * x for x in self.data.output().load()])

    task = Doubled(data=get_range(limit=3))
    sd.build(task)
    assert task.output().load() == [0, 2, 4]
    loaded = sd.load_task(task.model_dump_json())
    assert loaded == task and type(loaded.data).get_name() == "get_range"
    with pytest.raises(ValueError, match="expected a BaseTask"):
        Doubled(data=[1, 2])


def test_namespaces_by_module_attribute_and_keyword() -> None:
    sd.namespace("my_custom_namespace", __name__)
    try:

        class InModule(sd.AutoTask[int]):
            def run(self) -> None:
                self.output().save(1)

        class WithAttribute(sd.AutoTask[int]):
            __namespace__ = "explicit"

            def run(self) -> None:
                self.output().save(1)

        class WithKeyword(sd.AutoTask[int], namespace_override="kw", name_override="Other"):
            def run(self) -> None:
                self.output().save(1)
    finally:
        sd.namespace("", __name__)
    assert InModule.get_namespace() == "my_custom_namespace"
    assert WithAttribute.get_namespace() == "explicit"
    assert (WithKeyword.get_namespace(), WithKeyword.get_name()) == ("kw", "Other")
    assert "/my_custom_namespace/InModule/" in InModule().output().uri
    sd.auto_namespace(__name__)
    try:

        class Auto(sd.AutoTask[int]):
            def run(self) -> None:
                self.output().save(1)
    finally:
        sd.namespace("", __name__)
    assert Auto.get_namespace() == __name__


def test_version_mismatch_refuses_to_run() -> None:
    class Model(sd.AutoTask[int]):
        __version__ = "2"

        def run(self) -> None:
            self.output().save(2)

    assert Model().version == "2"
    summary = sd.build(Model(version="1"))
    assert summary.status == sd.BuildExitStatus.FAILURE
    assert "version" in str(summary.error)


def test_a_parameter_named_id_is_refused() -> None:
    with pytest.raises(sd.TaskDefinitionError, match="'id' is reserved"):

        class HasId(sd.AutoTask[int]):
            id: int  # type: ignore[assignment]

            def run(self) -> None:
                self.output().save(self.id)


def test_generator_run_builds_dynamic_dependencies_first() -> None:
    class Dynamic(sd.AutoTask[int]):
        limit: int

        def run(self) -> Generator[Any, None, None]:
            first = get_range(limit=self.limit)
            yield first
            total = get_sum(integers=first)
            yield [total]
            self.output().save(total.output().load() * 10)

    task = Dynamic(limit=4)
    assert Dynamic.has_dynamic_deps()
    summary = sd.build(task)
    assert summary.succeeded
    assert task.output().load() == 60
    assert {t.get_name() for t in summary.built} == {"Dynamic", "get_range", "get_sum"}


def test_a_failing_dynamic_dependency_fails_the_task() -> None:
    @sd.task
    def broken(x: int) -> int:
        raise ValueError("no")

    class NeedsBroken(sd.AutoTask[int]):
        def run(self) -> Generator[Any, None, None]:
            yield broken(x=1)
            self.output().save(1)

    task = NeedsBroken()
    summary = sd.build(task)
    assert summary.status == sd.BuildExitStatus.FAILURE
    assert not task.complete()
    assert {t.get_name() for t in summary.failed} >= {"NeedsBroken"}


def test_async_run_aio_tasks_build_in_build_and_build_aio() -> None:
    class Slow(sd.AutoTask[str]):
        word: str

        async def run_aio(self) -> None:
            await asyncio.sleep(0.01)
            self.output().save(self.word.upper())

    sd.build(Slow(word="a"))
    assert Slow(word="a").output().load() == "A"
    summary = asyncio.run(sd.build_aio(Slow(word="b")))
    assert summary.succeeded and Slow(word="b").output().load() == "B"
    assert sd.build_sequential(Slow(word="c")).succeeded
    assert asyncio.run(sd.build_sequential_aio([Slow(word="d")])).succeeded


def test_failure_returns_a_summary_and_raises_only_on_request() -> None:
    @sd.task
    def fails(x: int) -> int:
        raise RuntimeError("boom")

    @sd.task
    def fine(x: int) -> int:
        return x

    @sd.task
    def both(a: sd.Depends[int], b: sd.Depends[int]) -> int:
        return a + b

    root = both(a=fails(x=1), b=fine(x=2))
    summary = sd.build(root, fail_mode=sd.FailMode.CONTINUE)
    assert summary.status == sd.BuildExitStatus.FAILURE
    assert isinstance(summary.error, sd.TaskFailedError)
    assert isinstance(summary.error.__cause__, RuntimeError)
    assert fine(x=2).complete()  # CONTINUE: the other branch still ran
    assert [t.get_name() for t in summary.not_run] == ["both"]
    with pytest.raises(sd.TaskFailedError, match="boom"):
        sd.build(root, raise_on_failure=True)
    with pytest.raises(sd.TaskFailedError):
        summary.raise_for_status()


def test_default_serializers_by_type() -> None:
    class AsText(sd.AutoTask[str]):
        def run(self) -> None:
            self.output().save("x")

    class AsJson(sd.AutoTask[dict[str, int]]):
        def run(self) -> None:
            self.output().save({"a": 1})

    class AsPickle(sd.AutoTask[Opaque]):
        def run(self) -> None:
            self.output().save(Opaque())

    assert isinstance(AsText._serializer, PlainTextSerializer)
    assert isinstance(AsJson._serializer, JSONSerializer)
    assert isinstance(AsPickle._serializer, PickleSerializer)
    assert AsPickle().output().uri.endswith(".pkl")
    sd.build([AsText(), AsJson(), AsPickle()])
    assert isinstance(AsPickle().output().load(), Opaque)


def test_annotated_serializer_is_used() -> None:
    class Shout(PlainTextSerializer):
        def dumps(self, obj: str) -> str:
            return obj.upper()

    class Loud(sd.AutoTask[Annotated[str, Shout()]]):
        def run(self) -> None:
            self.output().save("hi")

    sd.build(Loud())
    assert Loud().output().load() == "HI"


def test_pandas_dataframes_are_stored_as_csv() -> None:
    pytest.importorskip("pandas")
    import pandas

    class Frame(sd.AutoTask[pandas.DataFrame]):
        def run(self) -> None:
            self.output().save(pandas.DataFrame({"x": [1, 2]}, index=["a", "b"]))

    task = Frame()
    assert task.output().uri.endswith(".csv")
    sd.build(task)
    assert Path(task.output().uri).read_text().splitlines() == [",x", "a,1", "b,2"]
    assert task.output().load().loc["b", "x"] == 2


def test_in_memory_targets_through_a_target_factory() -> None:
    factory = TargetFactory(
        target_roots={"default": "in-memory://"},
        prefix_to_target_prototype={"in-memory://": InMemoryFileSystemTarget},
    )
    with target_factory_provider.override(factory), InMemoryFileSystemTarget.cleared() as store:
        task = get_sum(integers=get_range(limit=3))
        sd.build(task)
        assert task.output().uri.startswith("in-memory://get_sum/")
        assert store[task.output().uri] == b"3"
    assert not store


def test_directory_target_exists_once_marked_done(tmp_path: Path) -> None:
    with target_roots_override({"default": str(tmp_path)}):
        folder = sd.get_directory_target("parts")
        (folder / "a.txt").write_text("a")
        assert not folder.exists()
        folder.mark_done()
        assert folder.exists()
        assert (tmp_path / "parts._SUB_KEYS").read_text() == "a.txt"


def test_named_target_roots(tmp_path: Path) -> None:
    with target_roots_override({"default": str(tmp_path / "d"), "archive": str(tmp_path / "a")}):
        assert sd.get_target("f.json").uri == str(tmp_path / "d" / "f.json")
        assert sd.get_target("f.json", target_root_key="archive").uri == str(
            tmp_path / "a" / "f.json"
        )
        with pytest.raises(sd.TargetPathError, match="'missing'"):
            sd.get_target("f.json", target_root_key="missing")
        with pytest.raises(sd.TargetPathError, match="outside"):
            sd.get_target("../escape.json")


def test_task_ref_slug() -> None:
    task = get_range(limit=3)
    ref = sd.TaskRef.from_task(task)
    assert ref.slug == f"get_range--{task.task_id[:8]}"


def test_flatten_task_struct() -> None:
    a, b = get_range(limit=1), get_range(limit=2)
    assert sd.flatten_task_struct({"x": [a, {"y": b}]}) == [a, b]
    with pytest.raises(sd.InvalidRequiresError):
        sd.flatten_task_struct([a, 3])  # type: ignore[list-item]


def test_two_classes_with_one_name_are_not_loaded_by_guess() -> None:
    def define(value: int) -> type[sd.AutoTask[int]]:
        class Twin(sd.AutoTask[int]):
            def run(self) -> None:
                self.output().save(value)

        return Twin

    define(1)
    define(2)  # the same class defined again (a notebook cell re-run): the newest is loaded
    assert sd.load_task({"__namespace": "", "__name": "Twin", "version": ""})

    class Twin(sd.AutoTask[int]):  # another class with the same name
        def run(self) -> None:
            self.output().save(3)

    with pytest.raises(sd.AmbiguousTaskNameError, match="several classes"):
        sd.load_task({"__namespace": "", "__name": "Twin", "version": ""})
