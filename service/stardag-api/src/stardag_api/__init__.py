"""Stardag registry service: records tasks, dependency edges, builds, runs and logs."""

__version__ = "0.1.0"
