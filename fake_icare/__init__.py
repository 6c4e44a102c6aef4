"""The fake Icare: the system that creates the warranty contract behind every declaration.

The Centralisateur calls its JSON API (HTTP Basic) when a dealer clicks "Déclarer et Garantir";
the dealer then finds the contract by its number on MyIcare, as the tutorial says ("Vous pouvez
retrouver le contrat grâce au numéro sur le portail Myicare").

- `POST /api/v1/contracts`: 201 and the contract; the same `declaration_ref` with the same
  content answers 200 and the same contract (never a second one), with other content 409
  `DECLARATION_REF_REUSED`. Refusals: `DEALER_UNKNOWN`, `LEVEL_NOT_OFFERED`,
  `DURATION_NOT_OFFERED`, `DATES_INCONSISTENT`, `VEHICLE_NOT_ELIGIBLE` (422),
  `CONTRACT_IN_FORCE` (409); see `fake_icare.errors` and `fake_icare.rules`.
- `GET /api/v1/contracts/<number>`, `GET /api/v1/dealers/<icare_id>/contracts` (`page`,
  `page_size`; total in the `X-Pagination` header).
- MyIcare: `GET|POST /myicare/connexion` (sign-in with the Icare identifier and password; demo
  `IC-953617` / `spoticar` and `IC-751020` / `spoticar`), then `GET /myicare/` (search) and
  `GET /myicare/contrats/<number>` (summary): a dealer sees its own contracts only.
- OpenAPI at `/api/openapi.json`, Swagger UI at `/api/docs`, admin at `/__admin/`.

Contract numbers: `IC` + year + `-` + 7 digits (`IC2026-0000001`), never reused, even after
`/__admin/reset`. Dealers known after a reset: `IC-953617` (AXILOG DEMO, 953617Z) and
`IC-751020` (GARAGE DU PARC TEST, 751020A); no contract.

Configuration (environment variables prefixed `ICARE_`, or the `config` dict):

- `DATABASE_URL` (`sqlite:///var/icare.db`): the store; plain `DATABASE_URL` works too.
- `CLIENT_ID` / `CLIENT_SECRET` (`centralisateur` / `centralisateur-secret`): the only HTTP
  Basic credentials the API accepts.
- `ELIGIBILITY` (unset: the table in `fake_icare.rules`): per-level overrides, JSON in
  the environment.
- `TODAY` (unset: the real date): the sandbox clock (ISO date), also `PUT /__admin/clock`; it
  sets the year of new contract numbers and their `created_at` day.
- `PUBLIC_URL` (unset: the address the request came to): base of `myicare_url`, for Icare
  behind a proxy or in docker compose.
- `ADMIN_TOKEN` (unset): when set, `/__admin/` needs `Authorization: Bearer <token>`.
- `SECRET_KEY` (random per process): signs MyIcare's session cookie; set it when several
  processes serve MyIcare.
- `LOGIN_MAX_FAILURES` / `LOGIN_FAILURE_WINDOW` / `LOGIN_DELAY` / `LOGIN_MAX_DELAY` (5 / 900 s
  / 1 s / 60 s), `TRUSTED_PROXIES` (0): MyIcare's failed sign-ins slow down the address that
  fails, for that identifier (429 and `Retry-After`; `sandbox.logins`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from fake_icare import api, auth, rules, store, views
from sandbox.admin import register_admin
from sandbox.api import init_api
from sandbox.config import configure
from sandbox.db import init_database
from sandbox.dealer_routes import register_dealers
from sandbox.errors import SandboxError
from sandbox.favicon import init_favicon
from sandbox.french import register_filters
from sandbox.logins import LIMIT_DEFAULTS
from sandbox.security_headers import init_security_headers

DEFAULTS: dict[str, Any] = {
    **LIMIT_DEFAULTS,
    "CLIENT_ID": "centralisateur",
    "CLIENT_SECRET": "centralisateur-secret",
    "ELIGIBILITY": None,
    "TODAY": None,
    "MAX_CONTENT_LENGTH": 64 * 1024,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    configure(app, "ICARE", DEFAULTS, config)
    rules.build_table(app.config["ELIGIBILITY"])  # a bad override stops the start
    init_database(app, store.metadata, store.seed)
    register_dealers(
        app, store.add_dealer, store.reset_dealer, store.delete_dealer, auth.request_dealer
    )
    register_filters(app.jinja_env)
    csrf = CSRFProtect(app)
    rest = init_api(
        app,
        "Icare (sandbox)",
        "Icare as the Centralisateur reaches it: creates the warranty contract of a "
        "declaration (idempotent on declaration_ref), reads contracts. HTTP Basic with the "
        "Centralisateur's client id and secret. Refusals carry a stable error_code and a French "
        "message meant for the dealer.",
        error_page=_error_page,
    )
    rest.spec.components.security_scheme(
        "basicAuth", {"type": "http", "scheme": "basic", "description": "CLIENT_ID / SECRET"}
    )
    rest.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    app.register_blueprint(views.bp)
    app.add_url_rule("/", "home", _home)
    register_admin(app)
    init_favicon(app)
    init_security_headers(app)
    return app


def _home() -> Response:
    return redirect(url_for("myicare.search"))


def _error_page(error: SandboxError) -> ResponseReturnValue:
    """MyIcare's errors in its own layout, in French."""
    return render_template("icare/error.html", error=error), error.status, error.headers
