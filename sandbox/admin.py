"""The admin API mounted on every fake at `/__admin/`: health and reset to the seeded state.

Like moto's `/moto-api/reset`, it lets out-of-process tests put a fake back to a known state.
When `ADMIN_TOKEN` is configured (a shared sandbox), every call needs `Authorization: Bearer`.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Flask, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from sandbox.db import current_database

bp = Blueprint("sandbox_admin", __name__, url_prefix="/__admin")


@bp.before_request
def require_token() -> None:
    token = current_app.config.get("ADMIN_TOKEN")
    if not token:
        return
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), str(token).encode()):
        abort(401)


@bp.get("/health")
def health() -> ResponseReturnValue:
    return jsonify(status="ok", service=current_app.name)


@bp.post("/reset")
def reset() -> ResponseReturnValue:
    """Back to the seeded state: demo dealers and data as a fresh `make sandbox` has them."""
    current_database().reset()
    return jsonify(status="reset", service=current_app.name)


def register_admin(app: Flask) -> None:
    """Mount the admin API; it is exempt from CSRF since it is called by programs, not forms."""
    app.register_blueprint(bp)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)
