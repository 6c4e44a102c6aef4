"""The admin state every request consults (fault rules, the clock, the admin token), read from
the database once per change instead of once per request.

Each change of it writes a new version stamp in the same transaction as the change. A request
reads only that stamp, on its own transaction's connection, and reuses the process's copy of the
state while the stamp is the one the copy was read with: every worker and every replica still
applies a change from its next request on, at the cost of one small query.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, has_request_context
from sqlalchemy import Connection, delete, insert, or_, select

from sandbox.admin_tables import current_admin_tables
from sandbox.db import current_database, one_writer_at_a_time

VERSION = "admin_version"


@dataclass(frozen=True)
class Rule:
    """A fault rule that may still fire (its counters stay in the database)."""

    id: int
    rule: dict[str, Any]


@dataclass(frozen=True)
class AdminState:
    version: str | None
    settings: Mapping[str, str]
    rules: tuple[Rule, ...]


def current_state() -> AdminState:
    """The admin state in force for this request, read once per request: in the request's
    transaction when one is under way (no second connection for it), else on a connection of
    its own."""
    if not has_request_context():
        return _state_on_own_connection()
    if "sandbox_admin_state" not in g:
        db_session = g.get("db_session")
        if db_session is not None and db_session.in_transaction():
            g.sandbox_admin_state = _state_on(db_session.connection())
        else:
            g.sandbox_admin_state = _state_on_own_connection()
    return g.sandbox_admin_state


def changed(connection: Connection) -> None:
    """Stamp a change of the admin state, in the transaction that makes it, before the change
    (the changes of the admin state then take turns across workers and replicas)."""
    one_writer_at_a_time(connection)
    settings = current_admin_tables().settings
    connection.execute(delete(settings).where(settings.c.key == VERSION))
    connection.execute(insert(settings).values(key=VERSION, value=uuid.uuid4().hex))
    if has_request_context():
        g.pop("sandbox_admin_state", None)


def _state_on_own_connection() -> AdminState:
    with current_database().engine.connect() as connection:
        return _state_on(connection)


def _state_on(connection: Connection) -> AdminState:
    tables = current_admin_tables()
    version = connection.exec_driver_sql(
        f"SELECT value FROM {tables.settings.name} WHERE key = '{VERSION}'"
    ).scalar()
    cached: AdminState | None = current_app.extensions.get("sandbox.admin_state")
    if cached is not None and cached.version == version:
        return cached
    faults = tables.faults
    state = AdminState(
        version,
        dict(connection.execute(select(tables.settings.c.key, tables.settings.c.value)).all()),
        tuple(
            Rule(row.id, row.rule)
            for row in connection.execute(
                select(faults.c.id, faults.c.rule)
                .where(or_(faults.c.remaining.is_(None), faults.c.remaining > 0))
                .order_by(faults.c.id)
            )
        ),
    )
    current_app.extensions["sandbox.admin_state"] = state
    return state
