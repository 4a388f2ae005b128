"""Running the Stardag stack: embedded PostgreSQL, the API process, docker compose.

The command functions in ``stardag_cli.server`` only call into this package; the
process handling (pid files, detaching, rollback of a half-started stack) lives here.
"""
