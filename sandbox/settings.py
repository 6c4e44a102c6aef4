"""Small named values of a fake's admin state (the clock, the admin token), in its database."""

from __future__ import annotations

from sqlalchemy import delete, insert

from sandbox.admin_state import changed, current_state
from sandbox.admin_tables import current_admin_tables
from sandbox.db import current_database


def get_setting(key: str) -> str | None:
    """The value in force for this request (see `sandbox.admin_state`)."""
    return current_state().settings.get(key)


def put_setting(key: str, value: str | None) -> None:
    """Set the value (None removes it), for every worker and replica at once."""
    settings = current_admin_tables().settings
    with current_database().writer() as connection:
        changed(connection)
        connection.execute(delete(settings).where(settings.c.key == key))
        if value is not None:
            connection.execute(insert(settings).values(key=key, value=value))
