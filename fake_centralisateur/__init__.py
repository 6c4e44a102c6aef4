"""The fake Centralisateur: the portal where a dealer declares a Spoticar / DS Certified sale.

Configuration (environment variables prefixed `CENTRALISATEUR_`, or the `config` dict):

- `DATABASE_URL` (`sqlite:///var/centralisateur.db`): the store; plain `DATABASE_URL` works too.
- `SECRET_KEY` (random per process): signs session cookies; set it when replicas share users.
- `ICARE_URL` (`http://127.0.0.1:8002`): where Icare's API is.
- `ICARE_CLIENT_ID` / `ICARE_CLIENT_SECRET` (`centralisateur` / `centralisateur-secret`): our
  credentials at Icare.
- `ICARE_CONNECT_TIMEOUT` / `ICARE_READ_TIMEOUT` (2 / 5 seconds): never wait on Icare longer.
- `TODAY` (unset: the real date): ISO date used as "today" by the rules.
- `ADMIN_TOKEN` (unset): when set, `/__admin/` needs `Authorization: Bearer <token>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from fake_centralisateur import api, documents, store, views
from sandbox.admin import register_admin
from sandbox.api import init_api
from sandbox.config import configure
from sandbox.db import init_database
from sandbox.french import register_filters

DEFAULTS = {
    "ICARE_URL": "http://127.0.0.1:8002",
    "ICARE_CLIENT_ID": "centralisateur",
    "ICARE_CLIENT_SECRET": "centralisateur-secret",
    "ICARE_CONNECT_TIMEOUT": 2.0,
    "ICARE_READ_TIMEOUT": 5.0,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 256 * 1024,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    configure(app, "CENTRALISATEUR", DEFAULTS, config)
    init_database(app, store.metadata, store.seed)
    app.extensions["sandbox.reset_dealer"] = store.reset_dealer
    csrf = CSRFProtect(app)
    register_filters(app.jinja_env)
    rest = init_api(
        app,
        "Centralisateur Spoticar (sandbox)",
        "The declaration API that PVO² calls: pre-fill, complete and submit a "
        "Spoticar / DS Certified declaration, and configure the dealer's profile.",
        port=8001,
    )
    rest.spec.components.security_scheme("basicAuth", {"type": "http", "scheme": "basic"})
    rest.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(documents.bp)
    register_admin(app)
    return app
