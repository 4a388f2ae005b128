"""Typed read client of the Stardag registry service (``docs/api.md``, "Reads").

from stardag.client import StardagClient, TaskNotFound

with StardagClient("http://127.0.0.1:8420") as client:
    for task in client.iter_tasks(family="get_sum", limit=10):
        print(task["task_id"], task["status"])
"""

from stardag.client.client import StardagClient
from stardag.client.errors import (
    AmbiguousTaskId,
    ApiError,
    NotFound,
    ServerUnreachable,
    StardagClientError,
    TaskNotFound,
)

__all__ = [
    "AmbiguousTaskId",
    "ApiError",
    "NotFound",
    "ServerUnreachable",
    "StardagClient",
    "StardagClientError",
    "TaskNotFound",
]
