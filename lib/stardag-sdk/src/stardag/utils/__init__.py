"""Helpers for users of stardag (``stardag.utils.testing`` for their tests)."""
