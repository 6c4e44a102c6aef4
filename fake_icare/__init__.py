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
- MyIcare: `GET /myicare/` (search) and `GET /myicare/contrats/<number>` (summary).
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
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, redirect, url_for
from werkzeug.wrappers import Response

from fake_icare import api, errors, rules, store, views
from sandbox.admin import register_admin
from sandbox.api import init_api
from sandbox.config import configure
from sandbox.db import init_database
from sandbox.french import register_filters

DEFAULTS: dict[str, Any] = {
    "CLIENT_ID": "centralisateur",
    "CLIENT_SECRET": "centralisateur-secret",
    "ELIGIBILITY": None,
    "TODAY": None,
    "PUBLIC_URL": None,
    "MAX_CONTENT_LENGTH": 64 * 1024,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    configure(app, "ICARE", DEFAULTS, config)
    rules.build_table(app.config["ELIGIBILITY"])  # a bad override stops the start
    init_database(app, store.metadata, store.seed)
    app.extensions["sandbox.reset_dealer"] = store.reset_dealer
    register_filters(app.jinja_env)
    rest = init_api(
        app,
        "Icare (sandbox)",
        "Icare as the Centralisateur reaches it: creates the warranty contract of a "
        "declaration (idempotent on declaration_ref), reads contracts. HTTP Basic with the "
        "Centralisateur's client id and secret. Refusals carry a stable error_code and a French "
        "message meant for the dealer.",
        port=8002,
    )
    rest.spec.components.security_scheme(
        "basicAuth", {"type": "http", "scheme": "basic", "description": "CLIENT_ID / SECRET"}
    )
    rest.register_blueprint(api.bp)
    app.register_blueprint(views.bp)
    app.add_url_rule("/", "home", _home)
    errors.register_error_handler(app, rest)
    register_admin(app)
    return app


def _home() -> Response:
    return redirect(url_for("myicare.search"))
