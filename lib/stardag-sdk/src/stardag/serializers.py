"""How an AutoTask's value becomes bytes in its output file, chosen by its type.

``str`` → text (``.txt``); anything pydantic can validate and serialize to JSON
(numbers, lists, dicts, pydantic models, dataclasses, ...) → JSON (``.json``);
everything else → pickle (``.pkl``). A task can name its own with
``__serializer__ = SomeSerializer()``.
"""

from __future__ import annotations

import pickle
from abc import ABC, abstractmethod
from typing import Any, Generic, TypeVar

from pydantic import TypeAdapter

T = TypeVar("T")


class Serializer(ABC, Generic[T]):
    """Turns a value into bytes and back; ``extension`` ends the output file name."""

    extension: str = ""

    @abstractmethod
    def dumps(self, value: T) -> bytes:
        """Bytes of ``value``."""

    @abstractmethod
    def loads(self, data: bytes) -> T:
        """The value stored in ``data``."""


class TextSerializer(Serializer[str]):
    extension = ".txt"

    def dumps(self, value: str) -> bytes:
        if not isinstance(value, str):
            raise TypeError(f"text output expects a str, got {type(value).__name__}")
        return value.encode("utf-8")

    def loads(self, data: bytes) -> str:
        return data.decode("utf-8")


class JSONSerializer(Serializer[T]):
    """JSON through a pydantic ``TypeAdapter``: loading validates back to the type."""

    extension = ".json"

    def __init__(self, value_type: Any) -> None:
        self.value_type = value_type
        self._adapter: TypeAdapter[T] = TypeAdapter(value_type)

    def dumps(self, value: T) -> bytes:
        return self._adapter.dump_json(value)

    def loads(self, data: bytes) -> T:
        return self._adapter.validate_json(data)


class PickleSerializer(Serializer[Any]):
    extension = ".pkl"

    def dumps(self, value: Any) -> bytes:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def loads(self, data: bytes) -> Any:
        return pickle.loads(data)


def serializer_for_type(value_type: Any) -> Serializer[Any]:
    """The default serializer for values of ``value_type`` (see module docstring)."""
    if value_type is str:
        return TextSerializer()
    if value_type in (Any, object, bytes, bytearray):
        return PickleSerializer()
    try:
        serializer: JSONSerializer[Any] = JSONSerializer(value_type)
        serializer._adapter.json_schema()
    except Exception:  # any failure means pydantic cannot round-trip this type as JSON
        return PickleSerializer()
    return serializer
