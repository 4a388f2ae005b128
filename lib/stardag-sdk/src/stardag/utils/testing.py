"""Test helpers for code built on stardag.

``target_roots_override({"default": str(tmp_path)})`` sends every target of the
block to a temporary folder, leaving the configured roots alone afterwards.
"""

from stardag.target._factory import target_roots_override

__all__ = ["target_roots_override"]
