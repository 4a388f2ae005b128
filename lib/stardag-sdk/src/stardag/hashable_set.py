"""``HashableSet[T]``: a frozenset parameter whose id does not depend on iteration order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import PlainSerializer, SerializationInfo

from stardag.base_model import HASH_MODE, context_mode


def _serialize_set(value: frozenset[Any], info: SerializationInfo) -> list[Any]:
    items = list(value)
    if context_mode(info.context) == HASH_MODE:  # the id must not depend on set order
        try:
            items.sort()
        except TypeError:
            items.sort(key=repr)
    return items


if TYPE_CHECKING:
    HashableSet = frozenset
else:

    class HashableSet:
        """``HashableSet[T]``: ``frozenset[T]`` serialized as a sorted list."""

        def __class_getitem__(cls, item: Any) -> Any:
            return Annotated[frozenset[item], PlainSerializer(_serialize_set)]
