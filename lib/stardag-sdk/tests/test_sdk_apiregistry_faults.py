"""APIRegistry under faults: the server or its database goes away during a build.

Each test asserts that nothing is lost: after the fault is over every task,
edge, run, status, error and log line of the build is in the service, once.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiregistry_helpers import (
    Api,
    LiveServer,
    assert_dag_recorded,
    chain,
    free_port,
    migrate,
    report_build,
)
from stardag.registry.api import APIRegistry, sync_spool


@pytest.fixture(scope="module")
def migrated_url(postgres_url: str) -> str:
    migrate(postgres_url)
    return postgres_url


def test_server_killed_mid_build_and_restarted(migrated_url: str, tmp_path: Path) -> None:
    server = LiveServer(migrated_url).start()
    registry = APIRegistry(server.url, spool_root=tmp_path / "spool")
    dag = chain(30)
    failing = [dag.tasks[-1].task_id]

    def fault(index: int) -> None:
        if index == 10:
            registry.flush()  # the first third is on the server...
            server.kill()  # ...then it dies without a goodbye
        if index == 20:
            server.start()
        time.sleep(0.02)

    try:
        report_build(registry, dag, failing=failing, between_tasks=fault)
        registry.close()
        assert registry.stats["spooled"] > 0
        assert registry.stats["replayed"] >= registry.stats["spooled"]
        assert not registry.spooling
        assert_dag_recorded(Api(server.url), dag, failing=failing)
    finally:
        server.stop()


class PrivatePostgres:
    """A PostgreSQL server of our own in a temporary folder, so it can be stopped.

    Never the machine's shared server: other tests use that one.
    """

    def __init__(self) -> None:
        self.directory = Path(tempfile.mkdtemp(prefix="stardag-test-private-pg-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *command: str) -> None:
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ("runuser", "-u", "postgres", "--", *command)
        subprocess.run(command, check=True, capture_output=True, timeout=60)

    def init(self) -> PrivatePostgres:
        if os.geteuid() == 0:
            shutil.chown(self.directory, user="postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        return self

    def start(self) -> None:
        options = f"-p {self.port} -h 127.0.0.1 -k {self.directory}"
        log = str(self.directory / "postgres.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-w", "-o", options, "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    if shutil.which("initdb") is None or shutil.which("pg_ctl") is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not on PATH")
    server = PrivatePostgres().init()
    server.start()
    yield server
    server.remove()


def test_database_restarted_under_a_running_server(
    private_postgres: PrivatePostgres, tmp_path: Path
) -> None:
    migrate(private_postgres.url)
    server = LiveServer(private_postgres.url).start()
    registry = APIRegistry(server.url, spool_root=tmp_path / "spool")
    dag = chain(30)

    def fault(index: int) -> None:
        if index == 10:
            registry.flush()
            private_postgres.stop()
        if index == 20:
            private_postgres.start()
        time.sleep(0.02)

    try:
        report_build(registry, dag, between_tasks=fault)
        registry.close()
        assert registry.stats["spooled"] > 0  # the service answered 503 meanwhile
        assert not registry.spooling
        assert registry.stats["rejected"] == 0
        assert_dag_recorded(Api(server.url), dag)
    finally:
        server.stop()


def test_a_hanging_server_does_not_hold_the_process_and_loses_nothing(
    migrated_url: str, tmp_path: Path
) -> None:
    server = LiveServer(migrated_url).start()
    registry = APIRegistry(server.url, spool_root=tmp_path / "spool", request_timeout=1.0)
    dag = chain(20)
    assert server.process is not None
    try:
        server.process.send_signal(signal.SIGSTOP)  # accepts connections, never answers
        report_build(registry, dag)
        started = time.monotonic()
        registry.close(timeout=0.5)
        assert time.monotonic() - started < 5
        assert registry.stats["sent"] == 0
        assert registry.stats["spooled"] >= 4 * len(dag.tasks)

        server.process.send_signal(signal.SIGCONT)
        result = sync_spool(server.url, spool_root=tmp_path / "spool")
        assert result.ok, result
        assert_dag_recorded(Api(server.url), dag)
    finally:
        if server.process is not None:
            server.process.send_signal(signal.SIGCONT)
        server.stop()
