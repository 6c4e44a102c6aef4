"""Icare's JSON API for the Centralisateur: create a contract, read one, list a dealer's.

Views stay thin: parse with the schema, call the store, dump. The Centralisateur authenticates
with HTTP Basic (its client id and secret); anything else is a 401 in the shared error shape.
"""

from __future__ import annotations

import hmac
from datetime import UTC
from typing import Any

from flask import current_app, g, request

from fake_icare import errors, rules, schemas, store, views
from sandbox import magic
from sandbox.api import Blueprint, SandboxErrorSchema
from sandbox.clock import now
from sandbox.db import request_session

bp = Blueprint(
    "contracts",
    __name__,
    url_prefix="/api/v1",
    description="Warranty contracts (HTTP Basic: the Centralisateur's client id and secret)",
)
SECURITY = [{"basicAuth": []}]
REFUSALS = {
    401: "UNAUTHORIZED: no or wrong HTTP Basic credentials",
    404: "CONTRACT_NOT_FOUND, DEALER_NOT_FOUND",
    409: "CONTRACT_IN_FORCE, DECLARATION_REF_REUSED",
    422: "Invalid body (field_errors), DEALER_UNKNOWN, LEVEL_NOT_OFFERED, "
    "DURATION_NOT_OFFERED, DATES_INCONSISTENT, VEHICLE_NOT_ELIGIBLE",
}


def _refusals(*statuses: int) -> Any:
    """Document the refusals and the HTTP Basic requirement of an operation."""

    def decorate(view: Any) -> Any:
        for status in statuses:
            view = bp.alt_response(
                status, schema=SandboxErrorSchema, description=REFUSALS[status], success=False
            )(view)
        return bp.doc(security=SECURITY)(view)

    return decorate


@bp.before_request
def require_client() -> None:
    """Only the configured client gets in; both parts are compared in constant time."""
    auth = request.authorization
    basic = auth is not None and auth.type == "basic"
    given_id = (auth.username or "") if basic and auth else ""
    given_secret = (auth.password or "") if basic and auth else ""
    config = current_app.config
    id_ok = hmac.compare_digest(given_id.encode(), str(config["CLIENT_ID"]).encode())
    secret_ok = hmac.compare_digest(given_secret.encode(), str(config["CLIENT_SECRET"]).encode())
    if not (id_ok and secret_ok):
        raise errors.Unauthorized()
    g.client_id = given_id


def present(contract: store.Contract, content: dict[str, Any] | None = None) -> dict[str, Any]:
    """A contract as the API answers it: its content (loaded back from the store unless the
    request that created it is at hand), and its MyIcare address."""
    created_at = contract.created_at
    if created_at.tzinfo is None:  # SQLite keeps no offset; the value was stored in UTC
        created_at = created_at.replace(tzinfo=UTC)
    return {
        **(content if content is not None else schemas.CONTRACT_CONTENT.load(contract.content)),
        "contract_number": contract.contract_number,
        "status": schemas.STATUSES[contract.period_state],
        "declaration_ref": contract.declaration_ref,
        "created_at": created_at,
        "myicare_url": views.contract_url(contract.contract_number),
    }


@bp.post("/contracts")
@bp.arguments(schemas.ContractInSchema)
@bp.response(201, schemas.ContractOutSchema, description="Contract created")
@bp.alt_response(
    200,
    schema=schemas.ContractOutSchema,
    description="Same declaration_ref and same content (a retry): the same contract",
)
@_refusals(401, 409, 422)
def create_contract(body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Create the contract of a declaration (idempotent on `declaration_ref`)."""
    vin = body["vehicle"]["vin"]
    if vin == magic.ICARE_UNAVAILABLE_VIN:
        raise errors.Unavailable(vin=vin)
    if vin == magic.ICARE_BLOCKED_VIN:
        raise errors.VehicleBlocked(vin=vin, level=body["warranty"]["level"])
    today, table = now(), rules.current_table()  # read before the write lock is taken
    contract, created = store.create_contract(request_session(), body, today, table)
    if created:
        return present(contract, body), 201
    return present(contract), 200


@bp.get("/contracts/<string:contract_number>")
@bp.response(200, schemas.ContractOutSchema)
@_refusals(401, 404)
def get_contract(contract_number: str) -> dict[str, Any]:
    """Read a contract by its number."""
    contract = store.find_contract(request_session(), contract_number)
    if contract is None:
        raise errors.ContractNotFound(number=contract_number)
    return present(contract)


@bp.get("/dealers/<string:icare_id>/contracts")
@bp.response(200, schemas.ContractOutSchema(many=True))
@bp.paginate(page_size=20, max_page_size=100)
@_refusals(401, 404)
def dealer_contracts(icare_id: str, pagination_parameters: Any) -> list[dict[str, Any]]:
    """A dealer's contracts, newest first (`page`, `page_size`; the total is in the
    `X-Pagination` header)."""
    session = request_session()
    if store.find_dealer(session, icare_id) is None:
        raise errors.DealerNotFound(icare_id=icare_id)
    contracts, total = store.dealer_contracts(
        session, icare_id, pagination_parameters.first_item, pagination_parameters.page_size
    )
    pagination_parameters.item_count = total
    return [present(contract) for contract in contracts]
