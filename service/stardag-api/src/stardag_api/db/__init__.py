"""Database layer: ORM models, engine/sessions and Alembic migrations."""
