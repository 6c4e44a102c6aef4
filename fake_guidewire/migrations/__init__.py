"""The guidewire tables' Alembic revisions (see `sandbox.migrations`)."""
