"""A process-wide resource with a lazy default, set/override/reset (targets, registry)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

T = TypeVar("T")


class ResourceProvider(Generic[T]):
    """Holds one ``T``: ``get()`` builds the default on first use; ``set()`` replaces
    it; ``override(value)`` replaces it inside a ``with`` block; ``reset()`` goes
    back to the default (built again on the next ``get()``)."""

    def __init__(self, default_factory: Callable[[], T], doc: str = "") -> None:
        self._default_factory = default_factory
        self._value: T | None = None
        self._lock = threading.Lock()
        self.__doc__ = doc or self.__doc__

    def get(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._default_factory()
                value = self._value
        return value

    def set(self, value: T) -> None:
        with self._lock:
            self._value = value

    def reset(self) -> None:
        with self._lock:
            self._value = None

    @contextmanager
    def override(self, value: T) -> Iterator[T]:
        with self._lock:
            previous = self._value
            self._value = value
        try:
            yield value
        finally:
            with self._lock:
                self._value = previous
