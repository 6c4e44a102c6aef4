"""Icare's JSON API, called by the Centralisateur with its own credentials (HTTP Basic)."""

from __future__ import annotations

import hmac
from typing import Any

from flask import current_app, g, request, url_for
from flask_smorest import Blueprint, abort

from fake_icare import errors, schemas, store
from fake_icare.eligibility import levels
from sandbox.db import request_session

bp = Blueprint(
    "contracts_api",
    __name__,
    url_prefix="/api/v1",
    description="Warranty contracts (HTTP Basic: the Centralisateur's credentials)",
)

UNAUTHORIZED = "Icare n'accepte que les appels du Centralisateur identifié (HTTP Basic)."
NOT_FOUND = "Aucun contrat Icare ne porte le numéro {number}."


@bp.before_request
def require_centralisateur() -> None:
    credentials = request.authorization
    config = current_app.config
    if (
        credentials is None
        or credentials.type != "basic"
        or not hmac.compare_digest(
            (credentials.username or "").encode(), str(config["CLIENT_ID"]).encode()
        )
        or not hmac.compare_digest(
            (credentials.password or "").encode(), str(config["CLIENT_SECRET"]).encode()
        )
    ):
        abort(
            401,
            message=UNAUTHORIZED,
            error_code="UNAUTHORIZED",
            headers={"WWW-Authenticate": 'Basic realm="Icare"'},
        )
    g.client_id = credentials.username


def present(contract: store.Contract) -> dict[str, Any]:
    """A contract as the API shows it: what was sent, plus its number, status and links."""
    return {
        **contract.data,
        "contract_number": contract.number,
        "status": contract.status,
        "created_at": contract.created_at,
        "myicare_url": url_for("myicare.contract", number=contract.number, _external=True),
    }


@bp.route("/contracts", methods=["POST"])
@bp.arguments(schemas.ContractInSchema)
@bp.response(201, schemas.ContractOutSchema)
@bp.alt_response(
    200,
    schema=schemas.ContractOutSchema,
    description="The same declaration sent again: the contract already made",
)
@bp.alt_response(
    422,
    description="DEALER_UNKNOWN, VEHICLE_NOT_ELIGIBLE, DURATION_NOT_OFFERED, "
    "DATES_INCONSISTENT, LEVEL_UNKNOWN",
)
@bp.alt_response(409, description="CONTRACT_IN_FORCE, DECLARATION_REF_REUSED")
def create_contract(request_body: dict[str, Any]) -> Any:
    """Create the contract of a declaration (NPO service plus the commercial warranty)."""
    table = levels(current_app.config["ELIGIBILITY"])
    try:
        contract, created = store.create_contract(request_session(), request_body, table)
    except errors.IcareRefusal as refusal:
        refusal.answer()
    return present(contract), 201 if created else 200


@bp.route("/contracts/<number>")
@bp.response(200, schemas.ContractOutSchema)
def get_contract(number: str) -> dict[str, Any]:
    contract = store.contract_by_number(request_session(), number)
    if contract is None:
        abort(404, message=NOT_FOUND.format(number=number), error_code="CONTRACT_NOT_FOUND")
    return present(contract)


@bp.route("/dealers/<icare_id>/contracts")
@bp.arguments(schemas.PageArgsSchema, location="query")
@bp.response(200, schemas.ContractPageSchema)
def dealer_contracts(args: dict[str, int], icare_id: str) -> dict[str, Any]:
    """A dealer's contracts, oldest first, page by page."""
    total, rows = store.dealer_contracts(
        request_session(), icare_id, args["page"], args["page_size"]
    )
    return {
        "count": total,
        "page": args["page"],
        "page_size": args["page_size"],
        "contracts": [present(c) for c in rows],
    }
