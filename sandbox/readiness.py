"""Readiness: whether this process can serve now, for load balancers and container checks.

`/__admin/health` says the process answers (liveness: restart it when it does not);
`/__admin/ready` says its database can be used (readiness: send it traffic only then). While the
database cannot be used, every route answers 503 with Retry-After (`sandbox.db`), so a balancer
that follows readiness sends the traffic to a replica that can serve it, and none to a fake whose
answers would all be 503. Like health, readiness needs no admin token.
"""

from __future__ import annotations

from flask import current_app
from marshmallow import Schema, fields
from sqlalchemy import text

from sandbox.api import Blueprint
from sandbox.db import DatabaseUnavailable, current_database

bp = Blueprint(
    "sandbox_readiness",
    __name__,
    url_prefix="/__admin",
    description="Readiness: 503 while the fake's database cannot be used",
)


class ReadySchema(Schema):
    status = fields.String(metadata={"example": "ready"})
    service = fields.String(metadata={"description": "the fake's name"})


@bp.get("/ready")
@bp.response(200, ReadySchema)
@bp.alt_response(503, description=DatabaseUnavailable.default_message)
def ready() -> dict[str, str]:
    """200 when the database answers; 503 with Retry-After while it cannot be used."""
    with current_database().engine.connect() as connection:  # unusable: the app's 503
        connection.execute(text("SELECT 1"))
    return {"status": "ready", "service": current_app.name}
