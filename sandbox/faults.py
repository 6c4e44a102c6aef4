"""Fault injection, per fake and per route: what integrators use to see their retries work.

A rule matches a method (or any) and a path prefix, and makes the call:
- `status`: answer that HTTP status at once (503 by default), in the documented error shape;
- `delay`: wait `delay_ms` (or a random time up to `delay_max_ms`), then answer normally;
- `timeout`: hang `delay_ms` (30 s by default), then answer 504: longer than a client waits;
- `reset`: break the connection mid-answer (the client sees a connection error).
It applies to the next `times` matching calls, or until removed; with `probability`, each call
fails with that chance, drawn from a generator seeded by `seed`, so a run can be repeated.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

ACTIONS = ("status", "delay", "timeout", "reset")
MAX_DELAY_MS = 120_000
INJECTED = "Panne simulée par le sandbox (fault {id})"


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

    @validates_schema
    def delays_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        if "delay_max_ms" in data and data["delay_max_ms"] < data.get("delay_ms", 0):
            raise ValidationError("must not be below delay_ms", field_name="delay_max_ms")


class Fault:
    def __init__(self, rule_id: int, rule: dict[str, Any]) -> None:
        self.id = rule_id
        self.rule = rule
        self.remaining: int | None = rule.get("times")
        self.random = random.Random(rule.get("seed"))
        self.hits = 0

    def matches(self, method: str, path: str) -> bool:
        rule = self.rule
        return (
            rule.get("method") in (None, method)
            and path.startswith(rule["path"])
            and self.remaining != 0
        )

    def draw(self) -> bool:
        """Whether this call fails; counts it against `times` when it does."""
        if self.random.random() >= self.rule["probability"]:
            return False
        if self.remaining is not None:
            self.remaining -= 1
        self.hits += 1
        return True

    def delay_seconds(self, default_ms: int) -> float:
        low = self.rule.get("delay_ms", default_ms)
        high = self.rule.get("delay_max_ms", low)
        return min(self.random.uniform(low, high), MAX_DELAY_MS) / 1000

    def describe(self) -> dict[str, Any]:
        return {"id": self.id, **self.rule, "remaining": self.remaining, "hits": self.hits}


class FaultInjector:
    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, rule: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            fault = Fault(next(self._ids), rule)
            self._faults.append(fault)
        return fault.describe()

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [fault.describe() for fault in self._faults]

    def pick(self, method: str, path: str) -> Fault | None:
        """The first rule that matches and fires for this call, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.matches(method, path) and fault.draw():
                    return fault
        return None


def _error(fault: Fault, status: int) -> Response:
    """The fault in the fake's own error shape (a fake may register `sandbox.error_response`)."""
    message = INJECTED.format(id=fault.id)
    own_shape = current_app.extensions.get("sandbox.error_response")
    if own_shape is not None:
        return own_shape(status, message)
    response = jsonify(
        code=status, status="Injected fault", error_code="INJECTED_FAULT", message=message
    )
    response.status_code = status
    return response


def _inject() -> Response | None:
    if request.path.startswith("/__admin"):
        return None
    fault = current_faults().pick(request.method, request.path)
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
    app.extensions["sandbox.faults"] = FaultInjector()
    app.before_request(_inject)


def current_faults() -> FaultInjector:
    return current_app.extensions["sandbox.faults"]
