"""Alembic's environment, shared by every fake's history (see `sandbox.migrations`)."""

from alembic import context

from sandbox.migrations.runner import run_environment

run_environment(context)
