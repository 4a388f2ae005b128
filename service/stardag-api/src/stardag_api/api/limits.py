"""Request-size limits that need the parsed body (the raw body limit is a middleware)."""

from __future__ import annotations

from stardag_api.core.errors import TooLarge


def check_batch_size(count: int, limit: int, what: str) -> None:
    """Raise ``TooLarge`` (413) when a batch carries more than ``limit`` items."""
    if count > limit:
        raise TooLarge(
            f"The request carries {count} {what}; the limit is {limit} per request. "
            "Split it into smaller batches."
        )
