"""A lease on a fake, kept in its admin state: who is changing the sandbox for everyone now.

`replay` on running fakes takes it before it injects faults or moves a clock, and gives it back
when done; a second replay finds it taken and is refused, told by whom and until when. A lease
ends by itself at its `until` (real time), so a replay killed without a word holds nothing for
long.

- `GET /__admin/lease`: `{"holder", "until"}` (nulls when free).
- `POST /__admin/lease` `{"holder": "…", "seconds": 600}`: taken or renewed by the same holder;
  409 `LEASE_HELD` while another holds it.
- `DELETE /__admin/lease?holder=…`: given back (409 `LEASE_HELD` if another holds it).
"""

from __future__ import annotations

import json
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import Connection, delete, insert, select

from sandbox.admin_state import changed
from sandbox.admin_tables import current_admin_tables
from sandbox.clock import real_instant
from sandbox.db import current_database
from sandbox.errors import SandboxError

LEASE = "lease"
MAX_SECONDS = 3600


class LeaseHeld(SandboxError):
    status = 409
    error_code = "LEASE_HELD"


class LeaseInSchema(Schema):
    holder = fields.String(required=True, validate=validate.Length(1, 100))
    seconds = fields.Integer(load_default=600, validate=validate.Range(1, MAX_SECONDS))


class LeaseArgs(Schema):
    holder = fields.String(required=True, validate=validate.Length(1, 100))


def _current(connection: Connection) -> dict[str, Any] | None:
    """The lease in force, read in the caller's transaction; None when free or ended."""
    settings = current_admin_tables().settings
    value = connection.execute(select(settings.c.value).where(settings.c.key == LEASE)).scalar()
    lease = json.loads(value) if value else None
    if lease is None or lease["until"] < real_instant():
        return None
    return lease


def _refuse(lease: dict[str, Any]) -> LeaseHeld:
    return LeaseHeld(
        f"Le sandbox est déjà tenu par « {lease['holder']} » jusqu'à {lease['until']} (UTC) : "
        "attendez qu'il le rende.",
        holder=lease["holder"],
        until=lease["until"],
    )


def current() -> dict[str, Any]:
    with current_database().engine.connect() as connection:
        return _current(connection) or {"holder": None, "until": None}


def take(holder: str, seconds: int) -> dict[str, Any]:
    """Take (or renew) the lease. Read and written in one write transaction that every other
    admin write waits for (SQLite's write lock, PostgreSQL's advisory lock): of two takers at
    once, the second reads what the first wrote. Raises LeaseHeld."""
    settings = current_admin_tables().settings
    lease = {"holder": holder, "until": real_instant(seconds)}
    with current_database().writer() as connection:
        changed(connection)
        held = _current(connection)
        if held is not None and held["holder"] != holder:
            raise _refuse(held)
        connection.execute(delete(settings).where(settings.c.key == LEASE))
        connection.execute(insert(settings).values(key=LEASE, value=json.dumps(lease)))
    return lease


def give_back(holder: str) -> None:
    """Free the lease; nothing when it is already free. Raises LeaseHeld if another holds it."""
    settings = current_admin_tables().settings
    with current_database().writer() as connection:
        changed(connection)
        held = _current(connection)
        if held is not None and held["holder"] != holder:
            raise _refuse(held)
        connection.execute(delete(settings).where(settings.c.key == LEASE))


def add_lease_routes(bp: Blueprint) -> None:
    """The routes, on the admin blueprint (its token and its checks apply)."""

    @bp.route("/lease")
    class Lease(MethodView):
        def get(self) -> dict[str, Any]:
            """Who holds the lease, until when (nulls when free)."""
            return current()

        @bp.arguments(LeaseInSchema)
        def post(self, body: dict[str, Any]) -> dict[str, Any]:
            """Take or renew the lease; 409 LEASE_HELD while another holds it."""
            return take(body["holder"], body["seconds"])

        @bp.arguments(LeaseArgs, location="query")
        @bp.response(204)
        def delete(self, args: dict[str, str]) -> None:
            """Give the lease back."""
            give_back(args["holder"])
