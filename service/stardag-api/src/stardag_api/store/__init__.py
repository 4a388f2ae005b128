"""The data layer: every read and write the routes need, as functions over a ``Session``.

Routes call these and never touch rows themselves. Bulk writes go through
``INSERT ... SELECT FROM unnest(...) ON CONFLICT`` (one statement per batch, rows
sorted by key so concurrent writers lock in the same order); reads return the
pydantic models of ``stardag_api.schemas``.
"""
