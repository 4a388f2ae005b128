"""Serializers: how a task's value becomes a file and back, chosen by its type.

:func:`get_serializer` picks, in order: a serializer given explicitly with
``Annotated[T, SomeSerializer()]``; a class that serializes itself (``dump`` /
``load`` classmethod); a pandas ``DataFrame`` → CSV with its index (``.csv``);
``str`` → plain text (``.txt``); anything pydantic can build a JSON schema for
→ JSON (``.json``); anything else → pickle (``.pkl``). The extension becomes
part of the output path, so the choice matches the original stardag's.
"""

from __future__ import annotations

import io
import pickle
import typing
from abc import ABC, abstractmethod
from typing import Any, Generic, Protocol, runtime_checkable

from pydantic import TypeAdapter

from stardag.target._base import FileSystemTarget, LoadableSaveableFileSystemTarget, LoadedT


@runtime_checkable
class Serializer(Protocol[LoadedT]):
    """Writes a value to a file target and reads it back."""

    def dump(self, obj: LoadedT, target: FileSystemTarget) -> None: ...

    def load(self, target: FileSystemTarget) -> LoadedT: ...


class DumpsLoadsSerializer(ABC, Generic[LoadedT]):
    """A serializer through ``dumps``/``loads`` of bytes (or text when ``binary`` is false)."""

    binary: bool = True
    extension: str | None = None

    @abstractmethod
    def dumps(self, obj: LoadedT) -> Any: ...

    @abstractmethod
    def loads(self, data: Any) -> LoadedT: ...

    def dump(self, obj: LoadedT, target: FileSystemTarget) -> None:
        with target.open("wb" if self.binary else "w") as handle:
            handle.write(self.dumps(obj))

    def load(self, target: FileSystemTarget) -> LoadedT:
        with target.open("rb" if self.binary else "r") as handle:
            return self.loads(handle.read())

    def get_default_extension(self) -> str | None:
        return self.extension

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


class PlainTextSerializer(DumpsLoadsSerializer[str]):
    binary = False
    extension = "txt"

    def dumps(self, obj: str) -> str:
        if not isinstance(obj, str):
            raise TypeError(f"a text output takes a str, got {type(obj).__name__}")
        return obj

    def loads(self, data: str) -> str:
        return data


class JSONSerializer(DumpsLoadsSerializer[LoadedT]):
    """JSON through a pydantic ``TypeAdapter``: loading validates back into the type."""

    extension = "json"

    def __init__(self, annotation: Any) -> None:
        self.annotation = annotation
        self.type_adapter: TypeAdapter[LoadedT] = TypeAdapter(annotation)

    def dumps(self, obj: LoadedT) -> bytes:
        return self.type_adapter.dump_json(obj)

    def loads(self, data: bytes) -> LoadedT:
        return self.type_adapter.validate_json(data)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JSONSerializer) and other.annotation == self.annotation

    def __hash__(self) -> int:
        return hash((JSONSerializer, repr(self.annotation)))


class PickleSerializer(DumpsLoadsSerializer[Any]):
    extension = "pkl"

    def dumps(self, obj: Any) -> bytes:
        return pickle.dumps(obj)

    def loads(self, data: bytes) -> Any:
        return pickle.loads(data)


class PandasDataFrameCSVSerializer(DumpsLoadsSerializer[Any]):
    """A pandas ``DataFrame`` as CSV, index included (pandas is imported on use)."""

    binary = False
    extension = "csv"

    def dumps(self, obj: Any) -> str:
        text: str = obj.to_csv(index=True)
        return text

    def loads(self, data: str) -> Any:
        import pandas

        return pandas.read_csv(io.StringIO(data), index_col=0)


@runtime_checkable
class SelfSerializing(Protocol):
    """A class that writes itself to a target and loads itself back."""

    def dump(self, target: FileSystemTarget) -> None: ...

    @classmethod
    def load(cls, target: FileSystemTarget) -> Any: ...


class SelfSerializer:
    """Serializes values of a :class:`SelfSerializing` class through the class itself."""

    def __init__(self, class_: type[Any]) -> None:
        if not (isinstance(class_, type) and issubclass(class_, SelfSerializing)):
            raise ValueError(f"{class_!r} does not implement dump(target) and load(target)")
        self.class_ = class_

    def dump(self, obj: Any, target: FileSystemTarget) -> None:
        obj.dump(target)

    def load(self, target: FileSystemTarget) -> Any:
        return self.class_.load(target)

    def get_default_extension(self) -> str | None:
        return getattr(self.class_, "default_serialized_extension", None)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SelfSerializer) and other.class_ is self.class_

    def __hash__(self) -> int:
        return hash((SelfSerializer, self.class_))


class Serializable(LoadableSaveableFileSystemTarget[LoadedT]):
    """A file target (``wrapped``) that saves and loads values with ``serializer``."""

    def __init__(self, wrapped: FileSystemTarget, serializer: Serializer[LoadedT]) -> None:
        super().__init__(wrapped.uri)
        self.wrapped = wrapped
        self.serializer = serializer

    def __repr__(self) -> str:
        return f"Serializable({self.uri!r})"

    def exists(self) -> bool:
        return self.wrapped.exists()

    async def exists_aio(self) -> bool:
        return await self.wrapped.exists_aio()

    def remove(self) -> None:
        self.wrapped.remove()

    def _open(self, mode: str) -> Any:
        return self.wrapped.open(mode)

    def load(self) -> LoadedT:
        return self.serializer.load(self.wrapped)

    def save(self, obj: LoadedT) -> None:
        self.serializer.dump(obj, self.wrapped)


def strip_annotation(annotation: Any) -> Any:
    """``T`` of ``Annotated[T, ...]``; other annotations as they are."""
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation


def _is_dataframe(annotation: Any) -> bool:
    cls = strip_annotation(annotation)
    return (
        isinstance(cls, type)
        and cls.__name__ == "DataFrame"
        and cls.__module__.split(".")[0] == "pandas"
    )


def get_serializer(annotation: Any) -> Any:
    """The default serializer for values annotated ``annotation`` (module docstring)."""
    if typing.get_origin(annotation) is typing.Annotated:
        for item in typing.get_args(annotation)[1:]:
            if isinstance(item, Serializer | DumpsLoadsSerializer):
                return item
    bare = strip_annotation(annotation)
    if isinstance(bare, type) and issubclass(bare, SelfSerializing):
        return SelfSerializer(bare)
    if _is_dataframe(annotation):
        return PandasDataFrameCSVSerializer()
    if bare is str:
        return PlainTextSerializer()
    try:
        return JSONSerializer(annotation)
    except Exception:  # pydantic cannot build a schema for it: fall back to pickle
        return PickleSerializer()
