"""Failures of the read client that a user can act on.

Every call of :class:`stardag.client.StardagClient` raises one of these (never a
raw socket or HTTP error), so a caller such as the CLI maps them to messages in
one place.
"""

from __future__ import annotations


class StardagClientError(Exception):
    """Base class of every read-client failure."""


class ServerUnreachable(StardagClientError):
    """No registry server answered at ``url`` (refused, timed out, not HTTP)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"No Stardag server is reachable at {url} ({reason}).")
        self.url = url
        self.reason = reason


class ApiError(StardagClientError):
    """The server answered with an error status (``detail`` is its message)."""

    def __init__(self, status_code: int, code: str, detail: str) -> None:
        super().__init__(f"{detail} (HTTP {status_code}, {code})")
        self.status_code = status_code
        self.code = code
        self.detail = detail


class NotFound(ApiError):
    """The server does not know the requested task, run or build."""


class TaskNotFound(NotFound):
    """No task has this id, or no task id starts with this prefix."""

    def __init__(self, id_or_prefix: str, detail: str | None = None) -> None:
        super().__init__(404, "not_found", detail or f"No task matches {id_or_prefix!r}.")
        self.id_or_prefix = id_or_prefix


class AmbiguousTaskId(ApiError):
    """An id prefix matches several tasks; ``candidates`` lists (up to 10 of) their ids."""

    def __init__(self, prefix: str, candidates: list[str], detail: str | None = None) -> None:
        super().__init__(
            409,
            "ambiguous_prefix",
            detail or f"The prefix {prefix!r} matches {len(candidates)} or more tasks.",
        )
        self.prefix = prefix
        self.candidates = candidates
