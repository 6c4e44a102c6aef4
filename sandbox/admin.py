"""The admin API mounted on every fake at `/__admin/`, as WireMock and moto have theirs.

- `GET /health`; `POST /reset` (everything, or `?dealer=CODE` for one dealer) back to the seed.
- `GET|DELETE /journal`: what the fake received and answered (see `sandbox.journal`).
- `GET|POST|DELETE /faults`: failures to inject per route (see `sandbox.faults`).
- `GET|PUT|DELETE /clock`: "today" for the rules, like a test clock.

When `ADMIN_TOKEN` is configured (a shared sandbox), every call needs `Authorization: Bearer`.
"""

from __future__ import annotations

import hmac
from datetime import date
from typing import Any

from flask import Flask, current_app, request
from flask.views import MethodView
from flask_smorest import Api, Blueprint, abort
from marshmallow import Schema, fields, validate

from sandbox import faults, journal
from sandbox.clock import today
from sandbox.db import current_database

bp = Blueprint(
    "sandbox_admin",
    __name__,
    url_prefix="/__admin",
    description="Sandbox administration: reset, request journal, faults, clock",
)

ADMIN_TOKEN_REQUIRED = "Admin API: Authorization: Bearer <ADMIN_TOKEN> required."
NO_DEALER_RESET = "This fake keeps no per-dealer data; reset it whole."
UNKNOWN_DEALER = "No seeded dealer {} to reset."


class ResetArgs(Schema):
    dealer = fields.String(metadata={"description": "reset only this dealer's data"})


class JournalArgs(Schema):
    method = fields.String()
    path = fields.String(metadata={"description": "substring of the path"})
    status = fields.Integer()
    who = fields.String(metadata={"description": "dealer or client id"})
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 10_000))


class HealthSchema(Schema):
    status = fields.String(metadata={"example": "ok"})
    service = fields.String(metadata={"description": "the fake's name"})


class ClockSchema(Schema):
    today = fields.Date(required=True, metadata={"description": "ISO date, e.g. 2026-01-31"})


@bp.before_request
def require_token() -> None:
    token = current_app.config.get("ADMIN_TOKEN")
    if not token:
        return
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), str(token).encode()):
        abort(401, message=ADMIN_TOKEN_REQUIRED, error_code="ADMIN_TOKEN_REQUIRED")


@bp.get("/health")
@bp.response(200, HealthSchema)
def health() -> dict[str, str]:
    return {"status": "ok", "service": current_app.name}


@bp.post("/reset")
@bp.arguments(ResetArgs, location="query")
def reset(args: dict[str, Any]) -> dict[str, str]:
    """Back to the seeded state, as WireMock's reset: data, journal, faults and clock.

    Numbers already given out are never given out again. With `?dealer=`, only that dealer's
    data is reset.
    """
    database = current_database()
    if "dealer" in args:
        reset_dealer = current_app.extensions.get("sandbox.reset_dealer")
        if reset_dealer is None:
            abort(400, message=NO_DEALER_RESET, error_code="NO_DEALER_RESET")
        try:
            with database.session() as session:
                reset_dealer(session, args["dealer"])
        except LookupError:
            abort(404, message=UNKNOWN_DEALER.format(args["dealer"]), error_code="UNKNOWN_DEALER")
        return {"status": "reset", "service": current_app.name, "dealer": args["dealer"]}
    database.reset()
    journal.current_journal().clear()
    faults.current_faults().clear()
    current_app.config["TODAY"] = current_app.extensions["sandbox.configured_today"]
    return {"status": "reset", "service": current_app.name}


@bp.route("/journal")
class Journal(MethodView):
    @bp.arguments(JournalArgs, location="query")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The latest requests first, filtered."""
        entries = journal.current_journal().find(**args)
        return {"count": len(entries), "entries": entries}

    @bp.response(204)
    def delete(self) -> None:
        journal.current_journal().clear()


@bp.route("/faults")
class Faults(MethodView):
    def get(self) -> dict[str, Any]:
        return {"faults": faults.current_faults().describe()}

    @bp.arguments(faults.FaultSchema)
    @bp.response(201)
    def post(self, rule: dict[str, Any]) -> dict[str, Any]:
        """Add a fault: the next matching calls fail as described."""
        return faults.current_faults().add(rule)

    @bp.response(204)
    def delete(self) -> None:
        faults.current_faults().clear()


@bp.route("/clock")
class Clock(MethodView):
    def get(self) -> dict[str, Any]:
        return {"today": today().isoformat(), "fixed": current_app.config.get("TODAY") is not None}

    @bp.arguments(ClockSchema)
    def put(self, body: dict[str, date]) -> dict[str, Any]:
        current_app.config["TODAY"] = body["today"].isoformat()
        return {"today": body["today"].isoformat(), "fixed": True}

    def delete(self) -> dict[str, Any]:
        current_app.config["TODAY"] = None
        return {"today": today().isoformat(), "fixed": False}


def register_admin(app: Flask) -> None:
    """Mount the admin API, the request journal and the fault injector on a fake.

    The admin routes go into the fake's OpenAPI document when it has one, and are exempt from
    CSRF: programs call them, not forms.
    """
    app.extensions["sandbox.configured_today"] = app.config.get("TODAY")
    journal.init_journal(app)
    faults.init_faults(app)
    apis = app.extensions.get("flask-smorest", {}).get("apis", {})
    api: Api | None = next((entry["ext_obj"] for entry in apis.values()), None)
    if api is not None:
        api.register_blueprint(bp)
    else:
        app.register_blueprint(bp)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)
