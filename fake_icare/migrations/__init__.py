"""The icare tables' Alembic revisions (see `sandbox.migrations`)."""
