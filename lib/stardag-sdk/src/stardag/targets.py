"""Output targets: files under named target roots, local or remote (fsspec).

Roots come from :class:`stardag.config.StardagSettings` (``STARDAG_TARGET_ROOT``,
``STARDAG_TARGET_ROOTS``). A local write goes to a temporary file next to the
destination and is renamed into place only when the writer finishes without an
error, so a crash never leaves a half-written file that ``exists()`` reports.
Remote roots (``s3://``, ``gs://``, ``memory://``, ...) go through fsspec, whose
object stores publish a file only when it is closed; fsspec is imported only
when a remote target is used.
"""

from __future__ import annotations

import os
import posixpath
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Generic, TypeVar

from stardag.config import get_settings
from stardag.errors import TargetPathError

if TYPE_CHECKING:
    from stardag.base_task import Task
    from stardag.serializers import Serializer

T = TypeVar("T")


def is_remote(uri: str) -> bool:
    return "://" in uri and not uri.startswith("file://")


def target_root(name: str) -> str:
    """The URI (or absolute local path) of target root ``name``.

    Raises:
        TargetPathError: no root of that name is configured.
    """
    roots = get_settings().resolved_target_roots()
    try:
        return roots[name]
    except KeyError:
        raise TargetPathError(
            f"Unknown target root {name!r}; configured roots: {sorted(roots)} "
            "(set STARDAG_TARGET_ROOTS)"
        ) from None


def default_task_relpath(task: Task, extension: str = "") -> str:
    """``<namespace>/<family>/v<version>/<id[:2]>/<id><extension>`` (empty parts left out)."""
    parts = [task.__namespace__, task.__family__]
    if task.__version__ is not None:
        parts.append(f"v{task.__version__}")
    task_id = task.id
    parts += [task_id[:2], f"{task_id}{extension}"]
    return "/".join(part for part in parts if part)


def resolve_under_root(root_name: str, relpath: str, owner: str = "") -> str:
    """Join ``relpath`` to root ``root_name``, refusing paths that leave the root.

    Raises:
        TargetPathError: ``relpath`` is absolute or climbs out of the root (names it
        and ``owner``, the task it belongs to).
    """
    root = target_root(root_name)
    normalized = posixpath.normpath(relpath.replace("\\", "/"))
    if (
        not relpath
        or relpath.startswith(("/", "\\"))
        or "://" in relpath
        or normalized == ".."
        or normalized.startswith("../")
        or (len(normalized) > 1 and normalized[1] == ":")
    ):
        who = f" of {owner}" if owner else ""
        raise TargetPathError(
            f"Output path {relpath!r}{who} is outside target root {root_name!r} ({root}); "
            "use a relative path inside the root"
        )
    if is_remote(root):
        return f"{root}/{normalized}"
    return str(Path(root) / normalized)


class FileTarget:
    """A file at ``uri`` (an absolute local path or an fsspec URI)."""

    def __init__(self, uri: str) -> None:
        self.uri = uri.removeprefix("file://")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.uri!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FileTarget) and other.uri == self.uri

    def __hash__(self) -> int:
        return hash(self.uri)

    def _filesystem(self) -> tuple[Any, str]:
        from fsspec.core import url_to_fs

        return url_to_fs(self.uri)

    def exists(self) -> bool:
        if not is_remote(self.uri):
            return os.path.exists(self.uri)
        fs, path = self._filesystem()
        return bool(fs.exists(path))

    def remove(self) -> None:
        """Delete the file if it exists."""
        if not is_remote(self.uri):
            Path(self.uri).unlink(missing_ok=True)
            return
        fs, path = self._filesystem()
        if fs.exists(path):
            fs.rm(path)

    @contextmanager
    def open(self, mode: str = "r") -> Iterator[IO[Any]]:
        """Open for reading (``r``/``rb``) or atomic writing (``w``/``wb``)."""
        if mode not in ("r", "rb", "w", "wb"):
            raise ValueError(f"mode must be one of r, rb, w, wb; got {mode!r}")
        encoding = None if "b" in mode else "utf-8"
        if is_remote(self.uri):
            fs, path = self._filesystem()
            if mode.startswith("w"):
                parent = posixpath.dirname(path)
                if parent:
                    fs.makedirs(parent, exist_ok=True)
            with fs.open(path, mode, encoding=encoding) as handle:
                yield handle
            return
        if mode.startswith("r"):
            with open(self.uri, mode, encoding=encoding) as handle:
                yield handle
            return
        yield from self._open_atomic(mode, encoding)

    def _open_atomic(self, mode: str, encoding: str | None) -> Iterator[IO[Any]]:
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


class LoadableTarget(FileTarget, Generic[T]):
    """A file target that saves and loads one value through a serializer."""

    def __init__(self, uri: str, serializer: Serializer[T]) -> None:
        super().__init__(uri)
        self.serializer = serializer

    def save(self, value: T) -> None:
        """Serialize ``value`` and write it atomically."""
        self.write_bytes(self.serializer.dumps(value))

    def load(self) -> T:
        """Read and deserialize the stored value."""
        return self.serializer.loads(self.read_bytes())
