"""The fake Icare: the warranty contract behind every declaration, and MyIcare.

Configuration (environment variables prefixed `ICARE_`, or the `config` dict):
- `DATABASE_URL` (`sqlite:///var/icare.db`): the store; plain `DATABASE_URL` works too.
- `CLIENT_ID` / `CLIENT_SECRET` (`centralisateur` / `centralisateur-secret`): the only caller.
- `ELIGIBILITY`: the levels' limits (see `fake_icare.eligibility`; env as JSON).
- `TODAY` (unset: the real date), `ADMIN_TOKEN` (unset): as on every fake.

Contract numbers: `IC` + the warranty's start year + `-` + 7 digits (`IC2025-0000001`), never
reused, even after `/__admin/reset`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from fake_icare import api, store, views
from fake_icare.eligibility import DEFAULT_TABLE
from sandbox.admin import register_admin
from sandbox.api import init_api
from sandbox.config import configure
from sandbox.db import init_database
from sandbox.french import format_date

DEFAULTS = {
    "CLIENT_ID": "centralisateur",
    "CLIENT_SECRET": "centralisateur-secret",
    "ELIGIBILITY": DEFAULT_TABLE,
    "MAX_CONTENT_LENGTH": 64 * 1024,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    configure(app, "ICARE", DEFAULTS, config)
    init_database(app, store.metadata, store.seed)
    app.jinja_env.filters["date_fr"] = format_date
    rest = init_api(
        app,
        "Icare (sandbox)",
        "Warranty contracts created by the Centralisateur, read back by number or "
        "by dealer. MyIcare, the look-up page, is at /myicare/.",
    )
    rest.register_blueprint(api.bp)
    app.register_blueprint(views.bp)
    register_admin(app)
    return app
