"""The pvo2 tables' Alembic revisions (see `sandbox.migrations`)."""
