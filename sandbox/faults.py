"""Fault injection, per fake and per route: what integrators use to see their retries work.

A rule matches a method (or any) and a path prefix, and makes the call:
- `status`: answer that HTTP status at once (503 by default), in the documented error shape;
- `delay`: wait `delay_ms` (or a random time up to `delay_max_ms`), then answer normally;
- `timeout`: hang `delay_ms` (30 s by default), then answer 504: longer than a client waits;
- `reset`: break the connection mid-answer (the client sees a connection error).
It applies to the next `times` matching calls, or until removed; with `probability`, each call
fails with that chance, drawn from a generator seeded by `seed`, so a run can be repeated.
With `dealer` (a code RRDI), it fires only on that dealer's calls, so one suite's outage does not
reach another's dealer; with `expires_in_s`, it stops firing after that many seconds, even if
whoever set it never comes back; `tag` names who set it, to remove only those (`DELETE
/__admin/faults?tag=`).
Rules, their counters and their draws are kept in the fake's database: every worker and every
replica of a fake applies the same rules, and `times: N` fails exactly N calls among them all.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from marshmallow import (
    Schema,
    ValidationError,
    fields,
    post_load,
    validate,
    validates,
    validates_schema,
)
from sqlalchemy import case, delete, insert, or_, select, update

from sandbox.admin_state import changed, current_state
from sandbox.admin_tables import current_admin_tables
from sandbox.clock import real_instant
from sandbox.db import (
    close_request_session,
    current_database,
    one_writer_at_a_time,
    request_session,
)
from sandbox.dealers import CODE_RRDI, CODE_RRDI_MESSAGE, request_dealer

ACTIONS = ("status", "delay", "timeout", "reset")
MAX_DELAY_MS = 120_000
MAX_LIFETIME_S = 7 * 24 * 3600
INJECTED = "Panne simulée par le sandbox (fault {id})"
RETRY_AFTER_S = 1


class FaultSchema(Schema):
    method = fields.String(validate=validate.OneOf(["GET", "POST", "PUT", "PATCH", "DELETE"]))
    path = fields.String(
        required=True,
        validate=validate.Length(1, 300),
        metadata={"description": "path prefix, e.g. /api/v1/contracts"},
    )
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    status = fields.Integer(load_default=503, validate=validate.Range(400, 599))
    delay_ms = fields.Integer(validate=validate.Range(0, MAX_DELAY_MS))
    delay_max_ms = fields.Integer(validate=validate.Range(0, MAX_DELAY_MS))
    times = fields.Integer(
        validate=validate.Range(1, 1_000_000),
        metadata={"description": "the next N matching calls; omitted: all"},
    )
    probability = fields.Float(load_default=1.0, validate=validate.Range(0.0, 1.0))
    seed = fields.Integer(metadata={"description": "makes probability and delays repeatable"})
    dealer = fields.String(
        validate=validate.Regexp(CODE_RRDI, error=CODE_RRDI_MESSAGE),
        metadata={"description": "only this dealer's calls (code RRDI), e.g. 953617Z"},
    )
    tag = fields.String(
        validate=validate.Length(1, 100),
        metadata={"description": "who set it: `DELETE /__admin/faults?tag=` removes only those"},
    )
    expires_in_s = fields.Integer(
        load_only=True,
        validate=validate.Range(1, MAX_LIFETIME_S),
        metadata={"description": "stops firing after so many seconds (real time)"},
    )

    @validates("path")
    def not_the_admin_api(self, path: str, **kwargs: Any) -> None:
        if path.startswith("/__admin"):  # never injected there: the admin API must stay usable
            raise ValidationError("the admin API (/__admin) gets no fault")

    @validates_schema
    def delays_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "delay_max_ms" in data and data["delay_max_ms"] < data.get("delay_ms", 0):
            raise ValidationError("must not be below delay_ms", field_name="delay_max_ms")

    @post_load
    def expiry(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """The lifetime becomes the instant it ends, as stored and shown (`expires_at`)."""
        lifetime = data.pop("expires_in_s", None)
        if lifetime is not None:
            data["expires_at"] = real_instant(lifetime)
        return data


class FaultFilterArgs(Schema):
    """Which faults `DELETE /__admin/faults` removes: all, or those of a tag or a dealer."""

    tag = fields.String(validate=validate.Length(1, 100))
    dealer = fields.String(validate=validate.Regexp(CODE_RRDI, error=CODE_RRDI_MESSAGE))


@dataclass(frozen=True)
class Fault:
    """A rule that fired for this call, with the draw that decided it."""

    id: int
    rule: dict[str, Any]
    draw: int

    def generator(self) -> random.Random:
        """The draw's own generator: with a seed, the Nth call through any worker of any
        replica draws the same numbers, so a run can be repeated."""
        seed = self.rule.get("seed")
        return random.Random(f"{seed}:{self.draw}") if seed is not None else random.Random()

    def delay_seconds(self, default_ms: int) -> float:
        low = self.rule.get("delay_ms", default_ms)
        high = self.rule.get("delay_max_ms", low)
        generator = self.generator()
        generator.random()  # the first number decided whether it fires
        return min(generator.uniform(low, high), MAX_DELAY_MS) / 1000


def _describe(row: Any) -> dict[str, Any]:
    return {"id": row.id, **row.rule, "remaining": row.remaining, "hits": row.hits}


def add(rule: dict[str, Any]) -> dict[str, Any]:
    """Add a rule; the rules that expired are removed meanwhile."""
    faults = current_admin_tables().faults
    with current_database().writer() as connection:
        changed(connection)
        now = real_instant()
        expired = [
            row.id
            for row in connection.execute(select(faults.c.id, faults.c.rule))
            if row.rule.get("expires_at", now) < now
        ]
        if expired:
            connection.execute(delete(faults).where(faults.c.id.in_(expired)))
        fault_id = connection.execute(
            insert(faults).values(rule=rule, remaining=rule.get("times"), draws=0, hits=0)
        ).inserted_primary_key[0]
        return _describe(connection.execute(select(faults).where(faults.c.id == fault_id)).one())


def clear(tag: str | None = None, dealer: str | None = None) -> None:
    """Remove every rule, or only those with this tag or for this dealer (read and removed in
    one write transaction: a rule added meanwhile waits for it, and is kept)."""
    faults = current_admin_tables().faults
    with current_database().writer() as connection:
        changed(connection)
        if tag is None and dealer is None:
            connection.execute(delete(faults))
            return
        chosen = [
            row.id
            for row in connection.execute(select(faults.c.id, faults.c.rule))
            if (tag is None or row.rule.get("tag") == tag)
            and (dealer is None or row.rule.get("dealer") == dealer)
        ]
        connection.execute(delete(faults).where(faults.c.id.in_(chosen)))


def describe() -> list[dict[str, Any]]:
    faults = current_admin_tables().faults
    with current_database().engine.connect() as connection:
        return [_describe(row) for row in connection.execute(select(faults).order_by(faults.c.id))]


def pick(method: str, path: str) -> Fault | None:
    """The first rule that matches and fires for this call, counted once across all workers.

    The rules come with the admin state (read once per change); a rule for one dealer matches
    only that dealer's calls, and one whose time is up none. Only when one matches is it
    drawn, in a write transaction, so that `times: N` fails exactly N calls whichever worker
    gets them. The call gives up its own transaction first: it must not hold the write lock
    while the draw takes it, nor while a delay sleeps.
    """
    rules = current_state().rules
    if not rules:  # the usual call: nothing more to compute
        return None
    now = real_instant()
    candidates = [
        rule
        for rule in rules
        if rule.rule.get("method") in (None, method)
        and path.startswith(rule.rule["path"])
        and rule.rule.get("expires_at", now) >= now
    ]
    if any("dealer" in rule.rule for rule in candidates):  # whose call it is, only then
        dealer = request_dealer()
        candidates = [rule for rule in candidates if rule.rule.get("dealer") in (None, dealer)]
    if candidates:
        close_request_session()
    for candidate in candidates:
        fired = _draw(candidate.id, candidate.rule)
        if fired is not None:
            return fired
    return None


def _draw(fault_id: int, rule: dict[str, Any]) -> Fault | None:
    faults = current_admin_tables().faults
    live = or_(faults.c.remaining.is_(None), faults.c.remaining > 0)
    with current_database().writer() as connection:
        one_writer_at_a_time(connection)  # before the row: `changed` may follow
        draw = connection.execute(
            update(faults)
            .where(faults.c.id == fault_id, live)
            .values(draws=faults.c.draws + 1)
            .returning(faults.c.draws)
        ).scalar()
        if draw is None:  # used up meanwhile by another call
            return None
        fault = Fault(fault_id, rule, draw)
        if fault.generator().random() >= rule["probability"]:
            return None
        remaining = connection.execute(
            update(faults)
            .where(faults.c.id == fault_id)
            .values(
                hits=faults.c.hits + 1,
                remaining=case((faults.c.remaining.is_(None), None), else_=faults.c.remaining - 1),
            )
            .returning(faults.c.remaining)
        ).scalar()
        if remaining == 0:  # used up: no longer among the rules every call looks at
            changed(connection)
    return fault


def _error(fault: Fault, status: int) -> Response:
    """The fault in the fake's own error shape (a fake may register `sandbox.error_response`)."""
    message = INJECTED.format(id=fault.id)
    own_shape = current_app.extensions.get("sandbox.error_response")
    if own_shape is not None:
        response = own_shape(status, message)
    else:
        response = jsonify(
            code=status, status="Injected fault", error_code="INJECTED_FAULT", message=message
        )
        response.status_code = status
    if status in (429, 503):  # as a real overloaded service says when to come back
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
    return response


def _inject() -> Response | None:
    if request.path.startswith("/__admin"):
        return None
    request_session().connection()  # the request's transaction reads the admin state
    fault = pick(request.method, request.path)
    if fault is None:
        return None
    action = fault.rule["action"]
    if action == "status":
        return _error(fault, fault.rule["status"])
    if action == "delay":
        time.sleep(fault.delay_seconds(1000))
        return None
    if action == "timeout":
        time.sleep(fault.delay_seconds(30_000))
        return _error(fault, 504)
    # reset: promise more bytes than are sent; the server then drops the connection.
    broken = Response(b"{", mimetype="application/json")
    broken.headers["Content-Length"] = "1048576"
    return broken


def init_faults(app: Flask) -> None:
    app.before_request(_inject)
