"""Small named values of a fake's admin state (the clock, the admin token), in its database."""

from __future__ import annotations

from flask import g, has_request_context
from sqlalchemy import delete, insert, select

from sandbox.admin_tables import current_admin_tables
from sandbox.db import current_database


def get_setting(key: str) -> str | None:
    """The value, read in the request's transaction when one is under way (no second
    connection for it), else on a connection of its own."""
    settings = current_admin_tables().settings
    query = select(settings.c.value).where(settings.c.key == key)
    db_session = g.get("db_session") if has_request_context() else None
    if db_session is not None and db_session.in_transaction():
        return db_session.execute(query).scalar_one_or_none()
    with current_database().engine.connect() as connection:
        return connection.execute(query).scalar_one_or_none()


def put_setting(key: str, value: str | None) -> None:
    """Set the value (None removes it), for every worker and replica at once."""
    settings = current_admin_tables().settings
    with current_database().writer() as connection:
        connection.execute(delete(settings).where(settings.c.key == key))
        if value is not None:
            connection.execute(insert(settings).values(key=key, value=value))
