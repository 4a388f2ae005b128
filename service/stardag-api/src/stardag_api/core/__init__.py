"""Configuration and the error model shared by every route."""
