"""Live status changes: one PostgreSQL listener per process fanned out to SSE clients."""
