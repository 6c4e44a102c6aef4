"""OAuth2 client credentials, as Guidewire Hub issues them, and the bearer check of every API call.

A client is configured (`CLIENTS`) with its secret, the scopes it may get and the producer codes
it may use. Tokens expire after `TOKEN_TTL` seconds. The API checks, in order: a bearer token
that is known and unexpired (401), the scope of the API called (403), then each resource's
owner (404, see `api.py`).

Failed client authentications slow down the address that fails, for that client id, as every
sign-in of the sandbox does (`sandbox.logins`): 429 `slow_down` with `Retry-After`.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app, g, jsonify, request
from flask.typing import ResponseReturnValue

from fake_guidewire import errors, schemas, store
from fake_guidewire.envelope import Blueprint
from sandbox import logins
from sandbox.db import request_session
from sandbox.dealers import guidewire_client_code

SCOPES = ("pc.account", "pc.job", "pc.policy")

bp = Blueprint(
    "oauth2",
    __name__,
    url_prefix="/oauth2",
    description="OAuth2 client credentials (RFC 6749 errors: error, error_description)",
)


@dataclass(frozen=True)
class Caller:
    """Who is calling the API: the OAuth2 client and what its token grants."""

    client_id: str
    scopes: frozenset[str]
    producer_codes: frozenset[str]
    dealers_on_demand: bool = False

    def may_use(self, code: str) -> bool:
        """Its own producer codes; a client that serves every site (`dealersOnDemand`, as the
        desk's) also those of the dealers created on demand."""
        if code in self.producer_codes:
            return True
        return self.dealers_on_demand and store.on_demand_code(request_session(), code)


def _client(client_id: str) -> dict[str, Any] | None:
    """A configured client, or the own client of a dealer created on demand."""
    configured = current_app.config["CLIENTS"].get(client_id)
    if configured is not None:
        return configured
    return store.dealer_client(request_session(), client_id)


def _authenticated(client_id: str, secret: str) -> dict[str, Any] | None:
    """The client (configured, or a dealer's own) when `secret` is its own, compared in
    constant time."""
    client = _client(client_id) if client_id else None
    if client is None or not hmac.compare_digest(secret.encode(), str(client["secret"]).encode()):
        return None
    return client


def _credentials(form: dict[str, Any]) -> tuple[str, str]:
    basic = request.authorization
    if basic is not None and basic.type == "basic":
        return basic.username or "", basic.password or ""
    return form.get("client_id", ""), form.get("client_secret", "")


@bp.post("/token")
@bp.arguments(schemas.TokenInSchema, location="form")
@bp.response(200, schemas.TokenOutSchema)
@bp.alt_response(400, description="invalid_request, unsupported_grant_type, invalid_scope")
@bp.alt_response(401, description="invalid_client")
def token(form: dict[str, Any]) -> ResponseReturnValue:
    """Issue a bearer token for `grant_type=client_credentials` (form or HTTP Basic client)."""
    grant_type = form.get("grant_type")
    if not grant_type:
        raise errors.InvalidRequest("grant_type is required")
    if grant_type != "client_credentials":
        raise errors.UnsupportedGrantType(f"grant_type '{grant_type}' is not supported")
    client_id, secret = _credentials(form)
    try:
        client = logins.attempt(
            request_session(),
            store.login_failures,
            client_id,
            logins.Limits.from_config(current_app.config),
            lambda: _authenticated(client_id, secret),
        )
    except logins.TooManyAttempts as refused:
        raise errors.SlowDown(
            "Too many failed client authentications from this address for this client: "
            f"retry in {refused.retry_after} s",
            retry_after=refused.retry_after,
        ) from None
    if client is None:
        raise errors.InvalidClient("Client authentication failed")
    g.client_id = client_id
    granted = list(client.get("scopes", SCOPES))
    wanted = form.get("scope", "").split() or granted
    refused = [scope for scope in wanted if scope not in granted]
    if refused:
        raise errors.InvalidScope(f"Scope not granted to this client: {' '.join(refused)}")
    access_token = secrets.token_urlsafe(32)
    ttl = int(current_app.config["TOKEN_TTL"])
    store.store_token(request_session(), access_token, client_id, wanted, ttl)
    response = jsonify(
        access_token=access_token, token_type="Bearer", expires_in=ttl, scope=" ".join(wanted)
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def require_scope(scope: str) -> None:
    """Before every call of an API: a valid bearer token carrying `scope`."""
    header = request.headers.get("Authorization", "")
    kind, _, value = header.partition(" ")
    if kind.lower() != "bearer" or not value.strip():
        raise errors.UnauthorizedException(
            "No bearer token: send 'Authorization: Bearer <access_token>' from POST /oauth2/token"
        )
    found = store.valid_token(request_session(), value.strip())
    if found is None:
        raise errors.UnauthorizedException(
            "The bearer token is unknown or has expired; request a new one"
        )
    if scope not in found.scopes:
        raise errors.ForbiddenException(
            f"The token does not carry the scope '{scope}' this API requires",
            details=[errors.detail("Missing scope", requiredScope=scope, scopes=found.scopes)],
        )
    client = _client(found.client_id) or {}
    g.client_id = found.client_id  # the request journal's "who"
    g.caller = Caller(
        client_id=found.client_id,
        scopes=frozenset(found.scopes),
        producer_codes=frozenset(client.get("producerCodes", ())),
        dealers_on_demand=bool(client.get("dealersOnDemand")),
    )


def caller() -> Caller:
    return g.caller


def request_dealer() -> str | None:
    """Whose call this is, for one dealer's faults and clock: the dealer of the caller's own
    client (`dms-<code>`), else the producer code the body or the job of the path names."""
    db_session = request_session()
    kind, _, value = request.headers.get("Authorization", "").partition(" ")
    found = store.valid_token(db_session, value.strip()) if kind.lower() == "bearer" else None
    client = found.client_id if found is not None else _credentials(request.form)[0]
    if (own := guidewire_client_code(client)) is not None:
        return own
    body = request.get_json(silent=True) if request.is_json else None
    attributes = (body.get("data") or {}).get("attributes") if isinstance(body, dict) else None
    if isinstance(attributes, dict):
        codes = [attributes.get("producerCode"), *(attributes.get("producerCodes") or [])]
        code = next((c.get("id") for c in codes if isinstance(c, dict)), None)
        if isinstance(code, str):
            return code
    job_id = (request.view_args or {}).get("job_id")
    return store.job_producer_code(db_session, str(job_id)) if job_id else None
