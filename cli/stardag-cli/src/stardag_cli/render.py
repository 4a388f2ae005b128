"""Turning the registry's task records into Rich renderables and short strings."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from stardag.client.models import TaskPublic

STATUS_STYLES = {
    "pending": "yellow",
    "running": "bold blue",
    "completed": "green",
    "failed": "bold red",
    "upstream_failed": "magenta",
    "skipped": "dim green",
    "cancelled": "dim",
}
SHORT_ID_LENGTH = 8
PARAMETER_TEXT_WIDTH = 60


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLES.get(status, ""))


def short_id(task_id: str) -> str:
    return task_id[:SHORT_ID_LENGTH]


def family_name(task: Mapping[str, Any]) -> str:
    namespace = task.get("namespace") or ""
    return f"{namespace}.{task['family']}" if namespace else str(task["family"])


def parameter_value(value: Any) -> str:
    """One parameter value, short: an upstream task shows as ``family(short id)``."""
    if isinstance(value, dict) and "__task_id__" in value:
        return f"{value.get('family', 'task')}({short_id(str(value['__task_id__']))})"
    if (
        isinstance(value, list)
        and value
        and all(isinstance(item, dict) and "__task_id__" in item for item in value)
    ):
        return f"[{len(value)} tasks]"
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), default=str)


def parameters_summary(parameters: Mapping[str, Any], width: int = PARAMETER_TEXT_WIDTH) -> str:
    """``name=value, ...`` cut to ``width`` characters."""
    text = ", ".join(f"{name}={parameter_value(value)}" for name, value in parameters.items())
    return text if len(text) <= width else text[: width - 1] + "…"


def parse_time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def relative_time(value: str | None, now: datetime | None = None) -> str:
    """``"42s ago"``, ``"5m ago"``, ``"3h ago"``, else the local date and time."""
    when = parse_time(value)
    if when is None:
        return "-"
    seconds = ((now or datetime.now(UTC)) - when).total_seconds()
    if seconds < 0:
        return local_time(value)
    if seconds < 60:
        return f"{seconds:.0f}s ago"
    if seconds < 3600:
        return f"{seconds // 60:.0f}m ago"
    if seconds < 86400:
        return f"{seconds // 3600:.0f}h ago"
    return local_time(value)


def local_time(value: str | None) -> str:
    when = parse_time(value)
    return when.astimezone().strftime("%Y-%m-%d %H:%M:%S") if when else "-"


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 0.001:
        return "<1 ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, rest = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes}m {rest:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes:02d}m"


def task_table(tasks: Sequence[TaskPublic], width: int) -> Table:
    """The ``stardag tasks ls`` table for a console ``width`` wide, rows in the given order."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    family_width = min(30, max((len(family_name(task)) for task in tasks), default=6))
    # Every column but PARAMETERS keeps its width; PARAMETERS takes what is left.
    table.add_column("ID", style="cyan", no_wrap=True, min_width=SHORT_ID_LENGTH)
    table.add_column("FAMILY", no_wrap=True, min_width=family_width)
    table.add_column("STATUS", no_wrap=True, min_width=9)
    fixed_width = SHORT_ID_LENGTH + family_width + 9 + 8 + 8 + 2 * 5
    table.add_column(
        "PARAMETERS", overflow="ellipsis", no_wrap=True, max_width=max(20, width - fixed_width)
    )
    table.add_column("UPDATED", no_wrap=True, min_width=8)
    table.add_column("DURATION", justify="right", no_wrap=True, min_width=8)
    now = datetime.now(UTC)
    for task in tasks:
        table.add_row(
            short_id(task["task_id"]),
            family_name(task),
            status_text(task["status"]),
            parameters_summary(task["parameters"]),
            relative_time(task["updated_at"], now),
            duration(task["duration_seconds"]),
        )
    return table
