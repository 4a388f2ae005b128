"""Pydantic models of the wire contract (docs/api.md), named by role.

``*Create``/``*Finish`` are request bodies, ``*Public``/``*Detail`` responses;
ORM rows are converted at the store edge and never leave it.
"""
