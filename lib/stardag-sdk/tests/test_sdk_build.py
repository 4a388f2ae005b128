"""sd.build on real DAGs on disk: shapes, skipping, failures, parallelism, callbacks."""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import pytest
import stardag as sd
from stardag.registry import NoOpRegistry
from stardag.target import LocalTarget
from stardag.target.serialize import PickleSerializer

if TYPE_CHECKING:
    AnyTask: TypeAlias = sd.Task[Any]
else:
    # Pydantic validates a field against the class itself, not a parametrized subclass.
    AnyTask = sd.Task

pytestmark = pytest.mark.usefixtures("stardag_home")

RUNS: Counter[str] = Counter()


class Opaque:
    """Not JSON-serializable: AutoTask[Opaque] falls back to pickle."""

    def __init__(self, value: int) -> None:
        self.value = value


@pytest.fixture(autouse=True)
def _clear_runs() -> None:
    RUNS.clear()


class Number(sd.AutoTask[int]):
    """A plain-Task-style AutoTask: counts its runs."""

    value: int

    def run(self) -> None:
        RUNS[f"Number({self.value})"] += 1
        self.output().save(self.value)


class Add(sd.AutoTask[int]):
    left: sd.TaskLoads[int]
    right: sd.TaskLoads[int]

    def requires(self) -> dict[str, sd.Task[Any]]:
        return {"left": self.left, "right": self.right}

    def run(self) -> None:
        RUNS["Add"] += 1
        self.output().save(self.left.output().load() + self.right.output().load())


class TextReport(sd.Task[LocalTarget]):
    """The plain API: requires/run/output/complete written by hand."""

    inputs: list[AnyTask]

    # The None is skipped at run time; TaskStruct does not model a None inside a structure.
    def requires(self) -> tuple[list[sd.Task[Any]], Any]:
        return (self.inputs, None)

    def output(self) -> LocalTarget:
        return sd.get_target(f"reports/{self.task_id}/summary.txt")  # type: ignore[return-value]

    def run(self) -> None:
        total = sum(task.output().load() for task in self.inputs)
        with self.output().open("w") as handle:
            handle.write(f"total={total}\n")


def test_diamond_builds_the_shared_upstream_once_and_in_order() -> None:
    shared = Number(value=2)
    left = Add(left=shared, right=Number(value=3))
    right = Add(left=shared, right=Number(value=4))
    root = Add(left=left, right=right)
    summary = sd.build(root)
    assert root.output().load() == 11
    assert RUNS == {"Number(2)": 1, "Number(3)": 1, "Number(4)": 1, "Add": 3}
    order = [task.id for task in summary.built]
    assert order.index(shared.id) < order.index(left.id) < order.index(root.id)
    assert summary.succeeded and not summary.skipped and summary.duration_seconds > 0
    assert set(summary.task_seconds) == {task.task_id for task in summary.built}
    assert summary.status == sd.BuildExitStatus.SUCCESS and summary.error is None
    assert (summary.task_count.discovered, summary.task_count.succeeded) == (6, 6)

    again = sd.build(root)
    assert [task.id for task in again.skipped] == [root.id]
    assert again.built == [] and RUNS["Add"] == 3


def test_plain_task_with_list_and_tuple_requires(stardag_home: Path) -> None:
    report = TextReport(inputs=[Number(value=v) for v in range(5)])
    assert not report.complete()
    summary = sd.build(report)
    assert report.complete()
    assert report.output().read_text() == "total=10\n"
    assert len(summary.built) == 6
    default_root = stardag_home / "local-target-roots" / "default" / "default"
    assert report.output().uri.startswith(str(default_root))


def test_fan_out_runs_each_branch_once_and_skips_complete_ones() -> None:
    Number(value=1).run()  # already complete before the build
    roots = [Add(left=Number(value=1), right=Number(value=i)) for i in range(2, 6)]
    summary = sd.build(roots)
    assert [root.output().load() for root in roots] == [3, 4, 5, 6]
    assert RUNS["Number(1)"] == 1 and RUNS["Add"] == 4
    assert [task.id for task in summary.skipped] == [Number(value=1).id]


def test_upstream_of_a_complete_task_is_neither_checked_nor_built() -> None:
    checks: Counter[int] = Counter()

    class Checked(sd.AutoTask[int]):
        value: int
        upstream: list[AnyTask] = []

        def requires(self) -> list[sd.Task[Any]]:
            return self.upstream

        def complete(self) -> bool:
            checks[self.value] += 1
            return super().complete()

        def run(self) -> None:
            self.output().save(self.value)

    leaf = Checked(value=1)
    middle = Checked(value=2, upstream=[leaf])
    root = Checked(value=3, upstream=[middle, leaf])
    sd.build(root)
    assert checks == {1: 1, 2: 1, 3: 1}  # once per build, even though leaf is needed twice

    checks.clear()
    (Path(root.output().uri)).unlink()
    summary = sd.build(root)
    assert checks == {3: 1, 2: 1, 1: 1}
    assert [task.id for task in summary.built] == [root.id]


def test_failure_in_the_middle_names_the_task_keeps_upstream_outputs() -> None:
    class Explode(sd.AutoTask[int]):
        source: sd.TaskLoads[int]

        def requires(self) -> sd.Task[Any]:
            return self.source

        def run(self) -> None:
            raise ValueError(f"cannot use {self.source.output().load()}")

    upstream = Number(value=7)
    broken = Explode(source=upstream)
    root = Add(left=broken, right=Number(value=1))
    summary = sd.build(root)  # a failure is reported in the summary, not raised
    assert summary.status == sd.BuildExitStatus.FAILURE and not summary.succeeded
    error = summary.error
    assert isinstance(error, sd.TaskFailedError)
    assert "Explode" in str(error) and broken.task_id[:8] in str(error)
    assert "ValueError: cannot use 7" in str(error)
    assert isinstance(error.__cause__, ValueError)
    assert "raise ValueError" in error.traceback_text
    assert error.task == broken
    assert error.summary is summary
    assert [t.id for t in summary.failed] == [broken.id]
    assert [t.id for t in summary.not_run] == [root.id]
    assert summary.task_count.failed == 1
    assert upstream.output().load() == 7  # upstream output stays
    assert not root.complete()
    with pytest.raises(sd.TaskFailedError, match="cannot use 7"):
        summary.raise_for_status()

    with pytest.raises(sd.TaskFailedError, match="Explode") as raised:
        sd.build(root, raise_on_failure=True)  # the raising form
    assert raised.value.summary.status == sd.BuildExitStatus.FAILURE


def test_parallel_build_runs_independent_tasks_at_the_same_time() -> None:
    started = threading.Barrier(3, timeout=10)
    threads: set[str] = set()

    class Meet(sd.AutoTask[int]):
        value: int

        def run(self) -> None:
            threads.add(threading.current_thread().name)
            started.wait()  # only passes if three tasks run concurrently
            self.output().save(self.value)

    leaves = [Meet(value=i) for i in range(3)]
    root = Add(left=Add(left=leaves[0], right=leaves[1]), right=leaves[2])
    summary = sd.build(root, max_workers=3)
    assert root.output().load() == 3
    assert len(threads) == 3 and all(name.startswith("stardag") for name in threads)
    assert len(summary.built) == 5


def test_parallel_failure_lets_running_tasks_finish_and_starts_no_new_ones() -> None:
    class Slow(sd.AutoTask[int]):
        value: int

        def run(self) -> None:
            time.sleep(0.2)
            self.output().save(self.value)

    class Fail(sd.AutoTask[int]):
        def run(self) -> None:
            raise RuntimeError("boom")

    slow = Slow(value=1)
    root = Add(left=Add(left=slow, right=Fail()), right=Number(value=5))
    with pytest.raises(sd.TaskFailedError, match="Fail"):
        sd.build(root, max_workers=2, raise_on_failure=True)
    assert slow.output().load() == 1  # the running task was allowed to finish


def test_cycle_is_an_error_before_anything_runs() -> None:
    class Ping(sd.AutoTask[int]):
        n: int

        def requires(self) -> sd.Task[Any]:
            return Pong(n=self.n)

        def run(self) -> None:
            RUNS["ping"] += 1

    class Pong(sd.AutoTask[int]):
        n: int

        def requires(self) -> sd.Task[Any]:
            return Ping(n=self.n)

        def run(self) -> None:
            RUNS["pong"] += 1

    with pytest.raises(sd.DependencyCycleError, match=r"Ping\(.*\) -> Pong\(.*\) -> Ping"):
        sd.build(Add(left=Number(value=1), right=Ping(n=1)))
    assert RUNS == {}


@pytest.mark.parametrize("bad", [42, "a string", {"x": [Number(value=1), 3.5]}])
def test_invalid_requires_is_an_error_before_anything_runs(bad: Any) -> None:
    class Wrong(sd.AutoTask[int]):
        def requires(self) -> Any:
            return bad

        def run(self) -> None:
            RUNS["wrong"] += 1

    with pytest.raises(sd.InvalidRequiresError, match=r"Wrong\(.*\)\.requires\(\) returned"):
        sd.build(Add(left=Number(value=1), right=Wrong()))
    assert RUNS == {}
    with pytest.raises(sd.InvalidRequiresError, match=r"build\(\) expects tasks"):
        sd.build([Number(value=1), "not a task"])  # type: ignore[list-item]


def test_task_runner_callbacks_see_each_run() -> None:
    events: list[tuple[str, str]] = []

    class Fail(sd.AutoTask[int]):
        def run(self) -> None:
            raise KeyError("missing")

    runner = sd.TaskRunner(
        before_run=lambda task: events.append(("before", task.get_name())),
        on_complete=lambda task: events.append(("complete", task.get_name())),
        on_failure=lambda task, error: events.append(("failure", type(error).__name__)),
    )
    sd.build(Number(value=1), runner=runner)
    summary = sd.build(Fail(), runner=runner, registry=NoOpRegistry())
    assert summary.status == sd.BuildExitStatus.FAILURE
    assert events == [
        ("before", "Number"),
        ("complete", "Number"),
        ("before", "Fail"),
        ("failure", "KeyError"),
    ]


def test_custom_executor_is_the_single_seam() -> None:
    submitted: list[str] = []

    class RecordingExecutor(sd.InlineExecutor):
        def submit(self, work: Any) -> Any:
            submitted.append(work.args[0].get_name())
            return super().submit(work)

    sd.build(Add(left=Number(value=1), right=Number(value=2)), executor=RecordingExecutor())
    assert sorted(submitted) == ["Add", "Number", "Number"]


def test_autotask_outputs_follow_the_type() -> None:
    class Greeting(sd.AutoTask[str]):
        name: str

        def run(self) -> None:
            self.output().save(f"hello {self.name}")

    class Pickled(sd.AutoTask[Opaque]):
        def run(self) -> None:
            self.output().save(Opaque(3))

    class Custom(sd.AutoTask[Annotated[str, PickleSerializer()]]):
        def run(self) -> None:
            self.output().save("pickled text")

    tasks: list[sd.AutoTask[Any]] = [Greeting(name="x"), Pickled(), Custom(), Number(value=1)]
    sd.build(tasks)
    assert [Path(t.output().uri).suffix for t in tasks] == [".txt", ".pkl", ".pkl", ".json"]
    assert Path(tasks[0].output().uri).read_text() == "hello x"
    assert tasks[1].output().load().value == 3
    assert Path(tasks[3].output().uri).read_text() == "1"


def test_continue_mode_builds_the_branches_that_did_not_fail() -> None:
    class Fail(sd.AutoTask[int]):
        def run(self) -> None:
            raise RuntimeError("boom")

    broken = Add(left=Fail(), right=Number(value=3))
    healthy = Add(left=Number(value=1), right=Number(value=2))

    fast = sd.build([broken, healthy])  # FAIL_FAST: nothing starts after the failure
    assert fast.status == sd.BuildExitStatus.FAILURE
    assert [t.id for t in fast.failed] == [Fail().id]
    assert not healthy.complete()

    summary = sd.build([broken, healthy], fail_mode=sd.FailMode.CONTINUE)
    assert summary.status == sd.BuildExitStatus.FAILURE
    assert healthy.output().load() == 3  # its branch did not fail: built
    assert [t.id for t in summary.failed] == [Fail().id]
    assert [t.id for t in summary.not_run] == [broken.id]
    assert "boom" in str(summary.error)
