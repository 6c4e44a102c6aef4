"""The fake Centralisateur: the portal where a dealer declares a Spoticar / DS Certified /
Alfa Romeo Certified sale.

Configuration (environment variables prefixed `CENTRALISATEUR_`, or the `config` dict):

- `DATABASE_URL` (`sqlite:///var/centralisateur.db`): the store; plain `DATABASE_URL` works too.
- `SECRET_KEY` (random per process): signs session cookies; set it when replicas share users.
- `ICARE_URL` (`http://127.0.0.1:8002`): where Icare's API is.
- `ICARE_CLIENT_ID` / `ICARE_CLIENT_SECRET` (`centralisateur` / `centralisateur-secret`): our
  credentials at Icare.
- `ICARE_CONNECT_TIMEOUT` / `ICARE_READ_TIMEOUT` (2 / 5 seconds): never wait on Icare longer.
- `PUBLIC_URL` (unset: the address the request came to): base of the `form_url` it hands out,
  behind a proxy or on a shared sandbox (the caller's `Host` header is then never used).
- `LAUNCH_TOKEN_MAX_AGE` (300 seconds): how long the launch token of a `form_url` opens the
  declaration (it opens it once).
- `TODAY` (unset: the real date): ISO date used as "today" by the rules.
- `ADMIN_TOKEN` (unset): when set, `/__admin/` needs `Authorization: Bearer <token>`.
- `LOGIN_MAX_FAILURES` / `LOGIN_FAILURE_WINDOW` / `LOGIN_DELAY` / `LOGIN_MAX_DELAY` (5 / 900 s
  / 1 s / 60 s), `TRUSTED_PROXIES` (0): failed logins slow down the address that fails, for
  that code, with an exponential wait (429 and `Retry-After` on the portal and the API); the
  right password from another address works at once (`sandbox.logins`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError, CSRFProtect

from fake_centralisateur import api, auth, documents, errors, store, views
from sandbox.admin import register_admin
from sandbox.api import init_api
from sandbox.config import configure
from sandbox.db import init_database
from sandbox.dealer_routes import register_dealers
from sandbox.errors import SandboxError
from sandbox.favicon import init_favicon
from sandbox.french import register_filters
from sandbox.idempotency import init_idempotency
from sandbox.logins import LIMIT_DEFAULTS
from sandbox.security_headers import init_security_headers

DEFAULTS = {
    **LIMIT_DEFAULTS,
    "ICARE_URL": "http://127.0.0.1:8002",
    "ICARE_CLIENT_ID": "centralisateur",
    "ICARE_CLIENT_SECRET": "centralisateur-secret",
    "ICARE_CONNECT_TIMEOUT": 2.0,
    "ICARE_READ_TIMEOUT": 5.0,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 256 * 1024,
    "LAUNCH_TOKEN_MAX_AGE": 300,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    configure(app, "CENTRALISATEUR", DEFAULTS, config)
    init_database(app, store.metadata, store.seed)
    init_idempotency(app)
    register_dealers(
        app, store.add_dealer, store.reset_dealer, store.delete_dealer, auth.request_dealer
    )
    csrf = CSRFProtect(app)
    register_filters(app.jinja_env)
    rest = init_api(
        app,
        "Centralisateur Spoticar (sandbox)",
        "The declaration API that PVO² calls: pre-fill, complete and submit a "
        "Spoticar / DS Certified / Alfa Romeo Certified declaration, and configure the "
        "dealer's profile.",
        error_page=_error_page,
    )
    app.register_error_handler(CSRFError, lambda _: rest.handle_error(errors.FormExpired()))
    rest.spec.components.security_scheme("basicAuth", {"type": "http", "scheme": "basic"})
    rest.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    app.register_blueprint(views.bp)
    app.register_blueprint(documents.bp)
    register_admin(app)
    init_favicon(app)
    init_security_headers(app)
    return app


def _error_page(error: SandboxError) -> ResponseReturnValue:
    """The portal's errors in its own layout, in French."""
    page = render_template("centralisateur/error.html", title=error.title.upper(), error=error)
    return page, error.status, error.headers
