"""The centralisateur tables' Alembic revisions (see `sandbox.migrations`)."""
