"""The admin API mounted on every fake at `/__admin/`, as WireMock and moto have theirs.

- `GET /health`; `POST /reset` (everything, or `?dealer=CODE` for one dealer) back to the seed.
- `GET|DELETE /journal`: what the fake received and answered (see `sandbox.journal`); `?id=N`
  or `?from_id=&to_id=` for the entries a conformance report quotes.
- `GET|POST|DELETE /faults`: failures to inject per route (see `sandbox.faults`).
- `GET|PUT|DELETE /clock`: "today" for the rules, like a test clock (`?dealer=`: one dealer's).
- `GET|POST /dealers`, `DELETE /dealers/<code>`: dealers on demand (`sandbox.dealer_routes`).
- `GET|POST|DELETE /lease`: who is changing the sandbox now (`sandbox.lease`).
- `PUT|DELETE /token`: set or remove the admin token of every worker and replica at once.

When an admin token is set (`ADMIN_TOKEN` at start, or `PUT /token`), every call but `/health`
needs exactly `Authorization: Bearer <token>`. Health stays open, as a load balancer's or a
container's health check needs. The first token comes from the environment: `/token` needs the
current one, and answers 401 while there is none. Cross-site calls are refused before all this
(`sandbox.admin_guard`). All this state lives in the fake's database.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from typing import Any

from flask import Flask, current_app, request
from flask.views import MethodView
from flask_smorest import Api, Blueprint, abort
from marshmallow import Schema, fields, validate

from sandbox import faults, journal, readiness
from sandbox.admin_guard import init_admin_guard
from sandbox.clock import day_of, reset_clock, set_today
from sandbox.db import current_database
from sandbox.dealer_routes import (
    DealerNotFound,
    NoDealersHere,
    add_dealer_routes,
    forget_scoped,
)
from sandbox.dealers import CODE_RRDI, CODE_RRDI_MESSAGE
from sandbox.lease import add_lease_routes
from sandbox.settings import get_setting, put_setting

bp = Blueprint(
    "sandbox_admin",
    __name__,
    url_prefix="/__admin",
    description="Sandbox administration: reset, request journal, faults, clock",
)

ADMIN_TOKEN_REQUIRED = (
    "API d'administration : l'en-tête « Authorization: Bearer <jeton d'administration> » "
    "est requis."
)
NO_ADMIN_TOKEN = (
    "Aucun jeton d'administration n'est défini : le premier se définit au démarrage, dans la "
    "variable d'environnement {}_ADMIN_TOKEN ; il se change ensuite avec le jeton en vigueur."
)
TOKEN = "admin_token"


class ResetArgs(Schema):
    dealer = fields.String(metadata={"description": "reset only this dealer's data"})


class JournalArgs(Schema):
    method = fields.String()
    path = fields.String(metadata={"description": "substring of the path"})
    status = fields.Integer(validate=validate.Range(100, 599))
    who = fields.String(metadata={"description": "dealer or client id"})
    limit = fields.Integer(load_default=100, validate=validate.Range(1, 10_000))
    entry_id = fields.Integer(
        data_key="id",
        validate=validate.Range(min=1),
        metadata={"description": "one entry, by the number a conformance report quotes"},
    )
    from_id = fields.Integer(
        validate=validate.Range(min=1), metadata={"description": "entries from this id on"}
    )
    to_id = fields.Integer(
        validate=validate.Range(min=1), metadata={"description": "entries up to this id"}
    )


class HealthSchema(Schema):
    status = fields.String(metadata={"example": "ok"})
    service = fields.String(metadata={"description": "the fake's name"})
    journal_failed_writes = fields.Integer(
        metadata={"description": "journal entries this process could not keep since it started"}
    )


class ClockSchema(Schema):
    today = fields.Date(required=True, metadata={"description": "ISO date, e.g. 2026-01-31"})


class ClockArgs(Schema):
    dealer = fields.String(
        validate=validate.Regexp(CODE_RRDI, error=CODE_RRDI_MESSAGE),
        metadata={"description": "this dealer's own clock (code RRDI); the others keep theirs"},
    )


class AdminTokenSchema(Schema):
    token = fields.String(
        required=True,
        validate=[
            validate.Length(16, 200),
            validate.Regexp(
                r"^[\x21-\x7e]+$", error="Le jeton d'administration : caractères ASCII visibles."
            ),
        ],
        metadata={"description": "16 to 200 visible ASCII characters (it travels in a header)"},
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@bp.before_request
def require_token() -> None:
    """Exactly `Bearer <token>`, compared in constant time; only a digest is stored."""
    if request.endpoint == f"{bp.name}.health":
        return
    expected = get_setting(TOKEN)
    if expected is None and request.endpoint == f"{bp.name}.AdminToken":
        prefix = current_app.extensions["sandbox.name"].upper()
        abort(401, message=NO_ADMIN_TOKEN.format(prefix), error_code="ADMIN_TOKEN_NOT_SET")
    if expected is None:
        return
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not hmac.compare_digest(_digest(given), expected):
        abort(401, message=ADMIN_TOKEN_REQUIRED, error_code="ADMIN_TOKEN_REQUIRED")


@bp.get("/health")
@bp.response(200, HealthSchema)
def health() -> dict[str, Any]:
    """The process answers (liveness); `/__admin/ready` says whether its database can be used."""
    return {
        "status": "ok",
        "service": current_app.name,
        "journal_failed_writes": journal.failed_writes(),
    }


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
            raise NoDealersHere()
        try:
            with database.resetting() as session:
                reset_dealer(session, args["dealer"])
        except LookupError:
            raise DealerNotFound.of(args["dealer"]) from None
        forget_scoped(args["dealer"].strip().upper())
        return {"status": "reset", "service": current_app.name, "dealer": args["dealer"]}
    database.reset()
    journal.clear()
    faults.clear()
    reset_clock()
    return {"status": "reset", "service": current_app.name}


@bp.route("/journal")
class Journal(MethodView):
    @bp.arguments(JournalArgs, location="query")
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The latest requests first, filtered."""
        entries = journal.find(**args)
        return {"count": len(entries), "entries": entries}

    @bp.response(204)
    def delete(self) -> None:
        journal.clear()


@bp.route("/faults")
class Faults(MethodView):
    def get(self) -> dict[str, Any]:
        return {"faults": faults.describe()}

    @bp.arguments(faults.FaultSchema)
    @bp.response(201)
    def post(self, rule: dict[str, Any]) -> dict[str, Any]:
        """Add a fault: the next matching calls fail as described."""
        return faults.add(rule)

    @bp.arguments(faults.FaultFilterArgs, location="query")
    @bp.response(204)
    def delete(self, args: dict[str, str]) -> None:
        """Remove every fault, or those of a `tag` or a `dealer`."""
        faults.clear(**args)


@bp.route("/clock")
class Clock(MethodView):
    @bp.arguments(ClockArgs, location="query")
    def get(self, args: dict[str, str]) -> dict[str, Any]:
        day, fixed = day_of(args.get("dealer"))
        return {"today": day.isoformat(), "fixed": fixed}

    @bp.arguments(ClockArgs, location="query")
    @bp.arguments(ClockSchema)
    def put(self, args: dict[str, str], body: dict[str, date]) -> dict[str, Any]:
        set_today(body["today"], args.get("dealer"))
        return {"today": body["today"].isoformat(), "fixed": True}

    @bp.arguments(ClockArgs, location="query")
    def delete(self, args: dict[str, str]) -> dict[str, Any]:
        """The real date; for one dealer, the fake's clock again."""
        if "dealer" in args:
            reset_clock(args["dealer"])
        else:
            set_today(None)
        day, fixed = day_of(args.get("dealer"))
        return {"today": day.isoformat(), "fixed": fixed}


@bp.route("/token")
class AdminToken(MethodView):
    @bp.arguments(AdminTokenSchema)
    @bp.response(204)
    def put(self, body: dict[str, str]) -> None:
        """Set (or change) the admin token of every worker and replica of this fake."""
        put_setting(TOKEN, _digest(body["token"]))

    @bp.response(204)
    def delete(self) -> None:
        """Open the admin API again."""
        put_setting(TOKEN, None)


add_dealer_routes(bp)
add_lease_routes(bp)


def register_admin(app: Flask) -> None:
    """Mount the admin API, the request journal and the fault injector on a fake.

    The admin routes go into the fake's OpenAPI document when it has one, and are exempt from
    CSRF: programs call them, not forms.
    """
    token = app.config.get("ADMIN_TOKEN")
    if token:  # the configured token is in force from the start; else a stored one stays
        with app.app_context():
            put_setting(TOKEN, _digest(str(token)))
    init_admin_guard(app)
    journal.init_journal(app)
    faults.init_faults(app)
    apis = app.extensions.get("flask-smorest", {}).get("apis", {})
    api: Api | None = next((entry["ext_obj"] for entry in apis.values()), None)
    for blueprint in (bp, readiness.bp):
        if api is not None:
            api.register_blueprint(blueprint)
        else:
            app.register_blueprint(blueprint)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)
