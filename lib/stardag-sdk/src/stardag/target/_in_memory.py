"""Targets kept in this process's memory: for tests and notebooks."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any, ClassVar, Generic

from stardag.target._base import FileSystemTarget, LoadedT


class InMemoryTarget(Generic[LoadedT]):
    """A value stored under ``key`` in a process-wide dict (no serialization)."""

    key_to_object: ClassVar[dict[str, Any]] = {}

    def __init__(self, key: str) -> None:
        self.key = key

    def __repr__(self) -> str:
        return f"InMemoryTarget({self.key!r})"

    @classmethod
    def clear_targets(cls) -> None:
        cls.key_to_object.clear()

    @classmethod
    @contextmanager
    def cleared(cls) -> Iterator[dict[str, Any]]:
        cls.clear_targets()
        try:
            yield cls.key_to_object
        finally:
            cls.clear_targets()

    def exists(self) -> bool:
        return self.key in self.key_to_object

    async def exists_aio(self) -> bool:
        return self.exists()

    def save(self, obj: LoadedT) -> None:
        self.key_to_object[self.key] = obj

    def load(self) -> LoadedT:
        try:
            value: LoadedT = self.key_to_object[self.key]
        except KeyError:
            raise FileNotFoundError(f"nothing saved under {self.key!r}") from None
        return value


class InMemoryFileSystemTarget(FileSystemTarget):
    """A "file" whose bytes live in a process-wide dict keyed by URI."""

    uri_to_bytes: ClassVar[dict[str, bytes]] = {}

    @classmethod
    def clear_targets(cls) -> None:
        cls.uri_to_bytes.clear()

    @classmethod
    @contextmanager
    def cleared(cls) -> Iterator[dict[str, bytes]]:
        cls.clear_targets()
        try:
            yield cls.uri_to_bytes
        finally:
            cls.clear_targets()

    def exists(self) -> bool:
        return self.uri in self.uri_to_bytes

    def remove(self) -> None:
        self.uri_to_bytes.pop(self.uri, None)

    @contextmanager
    def _open(self, mode: str) -> Iterator[IO[Any]]:
        if mode.startswith("r"):
            try:
                data = self.uri_to_bytes[self.uri]
            except KeyError:
                raise FileNotFoundError(f"No such file: {self.uri}") from None
            yield io.BytesIO(data) if mode == "rb" else io.StringIO(data.decode("utf-8"))
            return
        buffer: Any = io.BytesIO() if mode == "wb" else io.StringIO()
        yield buffer
        value = buffer.getvalue()
        self.uri_to_bytes[self.uri] = value if mode == "wb" else value.encode("utf-8")
