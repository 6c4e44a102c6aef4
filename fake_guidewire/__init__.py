"""The fake PSA Assurance: its PolicyCenter on Guidewire's InsuranceSuite Cloud API.

PVO²'s "Déclaration PSA Insurance" insures the used vehicle sold through this API:
`POST /oauth2/token` -> `POST /account/v1/accounts` (the buyer) -> `POST /job/v1/submissions`
-> `POST /job/v1/jobs/{jobId}/quote` -> `POST /job/v1/jobs/{jobId}/bind-and-issue` -> the policy
number in `data.attributes.policyNumber`, and `GET /policy/v1/policies/{policyId}`.
Also `GET` of an account, a job, and the paged lists `/account/v1/accounts`, `/job/v1/jobs`
(`pageSize` 1-100, default 25, `pageOffset`, `includeTotal=true`, `links.next`).
OpenAPI at `/api/openapi.json`, Swagger UI at `/api/docs`, admin at `/__admin/`.

Formats: ids are opaque `pc:<n>` (e.g. `pc:1001`, never reused: do not parse them); account
numbers 10 digits (`2000000001`); job numbers 10 digits (`0000000001`); policy numbers
`PSAVO` + 8 digits (`PSAVO00000001`). Counters survive `/__admin/reset`.
Product `PSAUsedVehicle`; covers `PANNE_MECANIQUE_12`, `PANNE_MECANIQUE_24` (rating table in
`fake_guidewire.rules`). Scopes: `pc.account`, `pc.job`, `pc.policy`.

Magic value: an account holder whose last name is `REFUS` makes the quote decline with
`gw.job.uw.UWAuthorityBlocksProgressException` (422, userMessage in English).

Configuration (environment variables prefixed `GUIDEWIRE_`, or the `config` dict):

- `DATABASE_URL` (`sqlite:///var/guidewire.db`): the store; plain `DATABASE_URL` works too.
- `CLIENTS` (`{"pvo2": {"secret": "pvo2-secret", "scopes": [all three],
  "producerCodes": ["953617Z", "751020A"], "dealersOnDemand": true}}`): OAuth2 clients, JSON in
  the environment; `dealersOnDemand` lets a client use the producer codes of the dealers created
  on demand, each of which also has its own client (`dms-<code RRDI>`, secret its password).
- `TOKEN_TTL` (3600): lifetime of a bearer token, in seconds.
- `ADMIN_TOKEN` (unset): when set, `/__admin/` needs `Authorization: Bearer <token>`.
- `LOGIN_MAX_FAILURES` / `LOGIN_FAILURE_WINDOW` / `LOGIN_DELAY` / `LOGIN_MAX_DELAY` (5 / 900 s
  / 1 s / 60 s), `TRUSTED_PROXIES` (0): failed client authentications of `/oauth2/token` slow
  down the address that fails, for that client id (429 `slow_down` and `Retry-After`;
  `sandbox.logins`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from fake_guidewire import api, auth, errors, store
from sandbox.admin import register_admin
from sandbox.api import SandboxApi, init_api
from sandbox.config import configure
from sandbox.db import init_database
from sandbox.dealer_routes import register_dealers
from sandbox.dealers import DEMO_DEALERS
from sandbox.favicon import init_favicon
from sandbox.logins import LIMIT_DEFAULTS
from sandbox.openapi import ErrorShape, refusal_shapes
from sandbox.security_headers import init_security_headers

DEFAULTS: dict[str, Any] = {
    **LIMIT_DEFAULTS,
    "CLIENTS": {
        "pvo2": {
            "secret": "pvo2-secret",
            "scopes": list(auth.SCOPES),
            "producerCodes": [dealer.code_rrdi for dealer in DEMO_DEALERS],
            "dealersOnDemand": True,  # PVO² serves every site, those created on demand too
        }
    },
    "TOKEN_TTL": 3600,
    "MAX_CONTENT_LENGTH": 256 * 1024,
}
# Paths that keep the sandbox's own error handling; everything else answers as Guidewire does.
SANDBOX_PREFIXES = ("/api", "/__admin")
GUIDEWIRE_PREFIXES = ("/oauth2", "/account", "/job", "/policy")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    app = Flask(__name__)
    configure(app, "GUIDEWIRE", DEFAULTS, config)
    init_database(app, store.metadata, store.seed)
    register_dealers(
        app, store.add_dealer, store.reset_dealer, store.delete_dealer, auth.request_dealer
    )
    rest = init_api(
        app,
        "PSA Assurance – Guidewire Cloud API (sandbox)",
        "PSA Assurance's PolicyCenter as PVO² reaches it: OAuth2 client credentials, then "
        "account -> submission -> quote -> bind-and-issue -> policy. Errors have Guidewire's "
        "shape {status, errorCode, userMessage, developerMessage, details}.",
    )
    rest.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "POST /oauth2/token"}
    )
    _error_shapes(rest)
    rest.register_blueprint(auth.bp)
    for blueprint in api.BLUEPRINTS:
        rest.register_blueprint(blueprint, parameters=[])
    _document_paths(rest)
    _register_error_handlers(app, rest)
    register_admin(app)
    init_favicon(app)
    init_security_headers(app)
    return app


def _document_paths(rest: SandboxApi) -> None:
    """On Guidewire's operations: the bearer token, and the headers of a business action."""
    for path, operations in rest.spec._paths.items():
        if not path.startswith(GUIDEWIRE_PREFIXES) or path.startswith("/oauth2"):
            continue
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            operation["security"] = [{"bearerAuth": []}]  # over the open default
            if operation is operations.get("post"):
                operation.setdefault("parameters", []).extend(_headers(path))


def _error_shapes(rest: SandboxApi) -> None:
    """Guidewire's error shape on its routes, RFC 6749's on the token endpoint (whose injected
    faults are Guidewire's), the sandbox's on /api and /__admin. Input errors are 400 here."""
    rest.spec.components.schema("GuidewireError", schema=errors.GuidewireErrorSchema)
    rest.spec.components.schema("OAuthError", schema=errors.OAuthErrorSchema)
    shapes = refusal_shapes(rest)
    for prefix in GUIDEWIRE_PREFIXES:
        shapes[prefix] = ErrorShape("GuidewireError", input_statuses=(400,))
    shapes["/oauth2"] = ErrorShape("OAuthError", (400,), fault_schema="GuidewireError")


def _headers(path: str) -> list[dict[str, Any]]:
    transaction = {
        "in": "header",
        "name": api.TRANSACTION_HEADER,
        "schema": {"type": "string", "maxLength": 128},
        "description": "Makes a retry safe: a replay answers 400 AlreadyExecutedException",
    }
    if not path.startswith("/job/v1/jobs/"):
        return [transaction]
    checksum = {
        "in": "header",
        "name": api.CHECKSUM_HEADER,
        "schema": {"type": "string"},
        "description": "The job's checksum as last read (or data.checksum); 409 when stale",
    }
    return [transaction, checksum]


def _register_error_handlers(app: Flask, rest: SandboxApi) -> None:
    """Guidewire's error shape on Guidewire's routes, for werkzeug's errors and injected faults.
    Guidewire's and OAuth2's own refusals are `SandboxError`s that the sandbox's single handler
    answers in their shapes."""

    def as_guidewire(code: int, developer_message: str) -> errors.GuidewireException:
        converted = errors.BY_STATUS.get(code, errors.InternalServerErrorException)(
            developer_message
        )
        converted.status = code
        return converted

    def http_error(error: HTTPException) -> ResponseReturnValue:
        if request.path.startswith(SANDBOX_PREFIXES):
            return rest.handle_http_exception(error)
        code = error.code or 500
        converted = as_guidewire(code, f"{code} {error.name}: {error.description}")
        headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
        converted.headers = {**headers, **converted.headers}
        return converted.response()

    def injected_fault(code: int, message: str) -> Response:
        return as_guidewire(code, message).response()

    app.extensions["sandbox.error_response"] = injected_fault
    app.register_error_handler(HTTPException, http_error)
