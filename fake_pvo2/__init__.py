"""The fake PVO² desk: the dealer software's screens of the tutorial's first half.

A salesperson signs in, finds the offers and BDCs of their site (Offres et bons de commande),
generates and closes a BDC, prints it, and from Livraisons declares the warranty: "Déclaration
de garantie Spoticar" hands the BDC to the Centralisateur over HTTP and opens its window,
"Déclaration PSA Insurance" insures the vehicle at PSA Assurance. Its rules and messages are
`pvo_client`'s, which it uses as PVO² does; it imports no other fake.

- Pages: `/connexion`, `/offres`, `/offres/<n°>`, `/offres/<n°>/vehicule`, `/livraisons`,
  `/commandes/<n°>`, `/parametres`.
- `POST /api/v1/bdcs`: load a `pvo2-bdc/1` file into the user's site (see `fake_pvo2.api`).
- OpenAPI at `/api/openapi.json`, Swagger UI at `/api/docs`, admin at `/__admin/`.

Seed: the sites of the demo dealers AXILOG DEMO (PE01, code RRDI 953617Z, user `hakim.ab`,
the BDCs of fixtures/bdc/ and offer n°7414201, created today, whose vehicle still lacks its
label and warranty level) and GARAGE DU PARC TEST (PA20, 751020A, user `lea.martin`, no
BDC); password `pvo2`.

Configuration (environment variables prefixed `PVO2_`, or the `config` dict):

- `DATABASE_URL` (`sqlite:///var/pvo2.db`): the store; plain `DATABASE_URL` works too.
- `SECRET_KEY` (random per process): signs session cookies.
- `CENTRALISATEUR_URL` (`http://127.0.0.1:8001`): the Centralisateur PVO² hands BDCs to.
- `CENTRALISATEUR_PUBLIC_URL` (unset: the address the Centralisateur answers with): the base
  of the window opened in the dealer's browser, when the desk reaches the Centralisateur by
  another name (docker compose).
- `GUIDEWIRE_URL` (`http://127.0.0.1:8003`), `GUIDEWIRE_CLIENT_ID` / `GUIDEWIRE_CLIENT_SECRET`
  (`pvo2` / `pvo2-secret`): PSA Assurance, for "Déclaration PSA Insurance".
- `BDC_DIR` (the repository's `fixtures/bdc`): the BDCs seeded for AXILOG DEMO.
- `TODAY` (unset: the real date): the day BDCs are generated and closed on.
- `ADMIN_TOKEN` (unset): when set, `/__admin/` needs `Authorization: Bearer <token>`.
- `LOGIN_MAX_FAILURES` / `LOGIN_FAILURE_WINDOW` / `LOGIN_DELAY` / `LOGIN_MAX_DELAY` (5 / 900 s
  / 1 s / 60 s), `TRUSTED_PROXIES` (0): failed sign-ins (pages and API) slow down the address
  that fails, for that login (429 and `Retry-After`; `sandbox.logins`).

Its pages carry the security headers of every fake (`sandbox.security_headers`); their forms may
also land on the Centralisateur's origin (public URL, else `CENTRALISATEUR_URL`), where
"Déclarer" opens the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

from flask import Flask, render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFProtect

from fake_pvo2 import api, auth, declaring, store, views
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

DEFAULTS: dict[str, Any] = {
    **LIMIT_DEFAULTS,
    "CENTRALISATEUR_URL": "http://127.0.0.1:8001",
    "CENTRALISATEUR_PUBLIC_URL": None,
    "GUIDEWIRE_URL": "http://127.0.0.1:8003",
    "GUIDEWIRE_CLIENT_ID": "pvo2",
    "GUIDEWIRE_CLIENT_SECRET": "pvo2-secret",
    "BDC_DIR": str(store.BDC_DIR),
    "TODAY": None,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_HTTPONLY": True,
    "WTF_CSRF_TIME_LIMIT": None,
    "MAX_CONTENT_LENGTH": 256 * 1024,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    configure(app, "PVO2", DEFAULTS, config)
    bdc_dir = Path(app.config["BDC_DIR"])
    with app.app_context():  # the seeded offer is dated with the sandbox's clock
        init_database(app, store.metadata, partial(store.seed, bdc_dir=bdc_dir))
    init_idempotency(app)
    register_dealers(
        app,
        partial(store.add_dealer, bdc_dir=bdc_dir),
        partial(store.reset_dealer, bdc_dir=bdc_dir),
        store.delete_dealer,
        auth.request_dealer,
    )
    csrf = CSRFProtect(app)
    register_filters(app.jinja_env)
    rest = init_api(
        app,
        "PVO² (sandbox)",
        "The PVO² desk's API: load a BDC file (pvo2-bdc/1) into a site, read its dossiers. "
        "HTTP Basic with a PVO² user's login and password.",
        error_page=_error_page,
    )
    rest.spec.components.security_scheme("basicAuth", {"type": "http", "scheme": "basic"})
    rest.register_blueprint(api.bp)
    csrf.exempt(api.bp)
    app.register_blueprint(views.bp)
    register_admin(app)
    init_favicon(app)
    init_security_headers(app, form_targets=[declaring.window_origin(app.config)])
    return app


def _error_page(error: SandboxError) -> ResponseReturnValue:
    """The desk's errors in its own layout, in French."""
    return render_template("pvo2/error.html", error=error), error.status, error.headers
