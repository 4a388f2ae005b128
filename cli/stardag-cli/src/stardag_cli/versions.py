"""Which Stardag distributions are installed, for ``stardag --version``."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTIONS = ("stardag-cli", "stardag", "stardag-api")


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``; ``None`` when it is not installed."""
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def describe_versions() -> str:
    """``stardag-cli X (stardag Y, stardag-api Z)``; the service shows as not installed
    when the CLI was installed without its ``server`` extra."""
    cli, *others = DISTRIBUTIONS
    parts = [f"{name} {installed_version(name) or 'not installed'}" for name in others]
    return f"{cli} {installed_version(cli) or 'unknown'} ({', '.join(parts)})"
