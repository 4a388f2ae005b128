"""Targets: where a task's output lives, and the protocols tasks rely on.

A target only has to say whether it ``exists()``. File-system targets add
``uri`` and ``open(mode)`` with modes ``r``, ``rb``, ``w``, ``wb``; a write is
atomic: a local one goes to a temporary file renamed into place when the writer
finishes without an error, a remote one (any fsspec URI: ``s3://``, ``gs://``,
``memory://``, ...) is published by the object store when the file is closed.
So a crash never leaves a half-written file that ``exists()`` reports.
"""

from __future__ import annotations

import os
import posixpath
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Generic, Protocol, TypeVar, runtime_checkable

LoadedT = TypeVar("LoadedT")
LoadedT_co = TypeVar("LoadedT_co", covariant=True)
LoadedT_contra = TypeVar("LoadedT_contra", contravariant=True)

OPEN_MODES = ("r", "rb", "w", "wb")


@runtime_checkable
class Target(Protocol):
    """Anything that can say whether a task's result is there."""

    def exists(self) -> bool: ...


@runtime_checkable
class LoadableTarget(Protocol[LoadedT_co]):
    def exists(self) -> bool: ...

    def load(self) -> LoadedT_co: ...


@runtime_checkable
class SaveableTarget(Protocol[LoadedT_contra]):
    def exists(self) -> bool: ...

    def save(self, obj: LoadedT_contra) -> None: ...


@runtime_checkable
class LoadableSaveableTarget(Protocol[LoadedT]):
    def exists(self) -> bool: ...

    def load(self) -> LoadedT: ...

    def save(self, obj: LoadedT) -> None: ...


def is_remote(uri: str) -> bool:
    return "://" in uri and not uri.startswith("file://")


class FileSystemTarget(ABC):
    """A file at ``uri``; subclasses say how to check for it and open it."""

    def __init__(self, uri: str) -> None:
        self.uri = uri

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.uri!r})"

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and getattr(other, "uri", None) == self.uri

    def __hash__(self) -> int:
        return hash((type(self), self.uri))

    @abstractmethod
    def exists(self) -> bool: ...

    @abstractmethod
    def _open(self, mode: str) -> Any:
        """A context manager yielding the file object for ``mode``."""

    @contextmanager
    def open(self, mode: str = "r") -> Iterator[IO[Any]]:
        """Open for reading (``r``/``rb``) or atomic writing (``w``/``wb``)."""
        if mode not in OPEN_MODES:
            raise ValueError(f"mode must be one of {', '.join(OPEN_MODES)}; got {mode!r}")
        with self._open(mode) as handle:
            yield handle

    def remove(self) -> None:
        """Delete the file if it exists."""
        raise NotImplementedError(f"{type(self).__name__} cannot remove files")

    async def exists_aio(self) -> bool:
        return self.exists()

    def write_bytes(self, data: bytes) -> None:
        with self.open("wb") as handle:
            handle.write(data)

    def read_bytes(self) -> bytes:
        with self.open("rb") as handle:
            data: bytes = handle.read()
            return data

    def write_text(self, text: str) -> None:
        with self.open("w") as handle:
            handle.write(text)

    def read_text(self) -> str:
        with self.open("r") as handle:
            text: str = handle.read()
            return text


class LocalTarget(FileSystemTarget):
    """A file on the local disk (an absolute path; ``~`` is expanded)."""

    def __init__(self, uri: str | os.PathLike[str]) -> None:
        super().__init__(str(Path(os.fspath(uri).removeprefix("file://")).expanduser()))

    @property
    def path(self) -> Path:
        return Path(self.uri)

    def exists(self) -> bool:
        return os.path.exists(self.uri)

    def remove(self) -> None:
        Path(self.uri).unlink(missing_ok=True)

    @contextmanager
    def _open(self, mode: str) -> Iterator[IO[Any]]:
        encoding = None if "b" in mode else "utf-8"
        if mode.startswith("r"):
            with open(self.uri, mode, encoding=encoding) as handle:
                yield handle
            return
        final = Path(self.uri)
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = final.with_name(f".{final.name}.tmp-{uuid.uuid4().hex[:12]}")
        try:
            with open(temporary, mode, encoding=encoding) as handle:
                yield handle
            os.replace(temporary, final)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise


class RemoteFileSystemTarget(FileSystemTarget):
    """A file behind an fsspec URI (``s3://``, ``gs://``, ``memory://``, ...).

    fsspec (and the backend's package, e.g. ``s3fs``) is imported on first use.
    """

    def _filesystem(self) -> tuple[Any, str]:
        from fsspec.core import url_to_fs

        fs, path = url_to_fs(self.uri)
        return fs, str(path)

    def exists(self) -> bool:
        fs, path = self._filesystem()
        return bool(fs.exists(path))

    def remove(self) -> None:
        fs, path = self._filesystem()
        if fs.exists(path):
            fs.rm(path)

    @contextmanager
    def _open(self, mode: str) -> Iterator[IO[Any]]:
        fs, path = self._filesystem()
        if mode.startswith("w"):
            parent = posixpath.dirname(path)
            if parent:
                fs.makedirs(parent, exist_ok=True)
        encoding = None if "b" in mode else "utf-8"
        with fs.open(path, mode, encoding=encoding) as handle:
            yield handle


class LoadableSaveableFileSystemTarget(FileSystemTarget, Generic[LoadedT]):
    """A file that saves and loads one value (see :class:`~stardag.target.Serializable`)."""

    @abstractmethod
    def load(self) -> LoadedT: ...

    @abstractmethod
    def save(self, obj: LoadedT) -> None: ...


TargetPrototype = Callable[[str], FileSystemTarget]
_FSTargetT = TypeVar("_FSTargetT", bound=FileSystemTarget)


class DirectoryTarget(Generic[_FSTargetT]):
    """A folder of files written by one task; exists once :meth:`mark_done` ran.

    ``target / "part-0.json"`` (or :meth:`get_sub_target`) gives a file inside it;
    :meth:`mark_done` writes the list of those files and then the ``._DONE`` flag,
    so a half-written folder never counts as complete.
    """

    def __init__(self, uri: str, prototype: TargetPrototype) -> None:
        self.uri = uri.removesuffix("/") + "/"
        self.prototype = prototype
        self._flag_target = prototype(self.uri[:-1] + "._DONE")
        self._sub_keys: set[str] = set()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.uri!r})"

    def exists(self) -> bool:
        return self._flag_target.exists()

    async def exists_aio(self) -> bool:
        return self.exists()

    def get_sub_target(self, relpath: str) -> FileSystemTarget:
        if relpath.startswith("/") or ".." in relpath.split("/"):
            raise ValueError(f"sub-target path {relpath!r} must be relative and inside the folder")
        self._sub_keys.add(relpath)
        return self.prototype(self.uri + relpath)

    def __truediv__(self, relpath: str) -> FileSystemTarget:
        return self.get_sub_target(relpath)

    def sub_keys_target(self) -> FileSystemTarget:
        return self.prototype(self.uri[:-1] + "._SUB_KEYS")

    def mark_done(self) -> None:
        self.sub_keys_target().write_text("\n".join(sorted(self._sub_keys)))
        self._flag_target.write_text("")
