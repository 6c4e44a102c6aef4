"""The JSON API that PVO² calls: hand over a closed BDC, complete it, submit it, read it back.

Authentication is per dealer, HTTP Basic with the code RRDI Spoticar and the portal password.
Validation errors carry the form's own French messages, one line per problem in form order
(`field_errors`), so an integrator shows exactly what the dealer would see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, request, url_for
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from fake_centralisateur import auth, declaring, icare_client, schemas, store
from sandbox.db import begin_write, request_session

bp = Blueprint(
    "declarations_api",
    __name__,
    url_prefix="/api/v1",
    description="Declarations and the dealer's profile (HTTP Basic: code RRDI and password)",
)

UNAUTHORIZED = "Identifiez-vous avec votre code RRDI Spoticar et votre mot de passe (HTTP Basic)."
NOT_FOUND = "Aucune déclaration de votre point de vente ne porte cet identifiant."
NOT_A_DRAFT = "Cette déclaration est déjà enregistrée : elle ne peut plus être modifiée."
FORM_REFUSED = "La déclaration n'a pas été enregistrée : corrigez les champs signalés."
CONTRACT_NOT_PENDING = "Le contrat de cette déclaration n'est pas en attente."


class DeclarationInSchema(Schema):
    values = fields.Nested(
        schemas.DraftFieldsInSchema,
        data_key="fields",
        load_default=dict,
        metadata={"description": "Form values, as the form takes them"},
    )
    commercial_warranty = fields.String(
        validate=validate.OneOf(list(store.GARANTISSEURS)),
        allow_none=True,
        metadata={"description": "Page 1 choice: spoticar, autogarantie or cirano"},
    )


class ContractOutSchema(Schema):
    number = fields.String(attribute="contract_number", allow_none=True)
    status = fields.String(
        attribute="contract_status",
        allow_none=True,
        metadata={"description": "créé, or en attente when Icare was down"},
    )
    myicare_url = fields.String(attribute="contract_url", allow_none=True)
    message = fields.Function(
        lambda d: icare_client.UNAVAILABLE if d.contract_status == store.CONTRACT_PENDING else None,
        metadata={"description": "What the dealer is told while the contract is pending"},
    )


def document_links(declaration: store.Declaration) -> dict[str, str]:
    """The relevé and the certificat of a declared declaration, as pages and as PDFs."""
    links = {}
    for kind in ("releve", "certificat"):
        for suffix, endpoint in (("", "documents.document"), ("_pdf", "documents.document_pdf")):
            links[f"{kind}{suffix}"] = url_for(
                endpoint, kind=kind, public_id=declaration.public_id, _external=True
            )
    return links


class DeclarationOutSchema(Schema):
    id = fields.String(attribute="public_id")
    status = fields.String(metadata={"description": "brouillon or déclarée"})
    number = fields.String(allow_none=True)
    commercial_warranty = fields.String(attribute="garantisseur", allow_none=True)
    values = fields.Dict(attribute="fields", data_key="fields")
    contract = fields.Function(lambda d: ContractOutSchema().dump(d) if d.number else None)
    form_url = fields.Function(
        lambda d: url_for("portal.declaration", public_id=d.public_id, _external=True)
    )
    documents = fields.Function(lambda d: document_links(d) if d.number else None)
    created_at = fields.DateTime()
    declared_at = fields.DateTime(allow_none=True)


class CreateQueryInSchema(Schema):
    submit = fields.Boolean(
        load_default=False, metadata={"description": "submit at once (Déclarer et Garantir)"}
    )


class SearchQueryInSchema(Schema):
    q = fields.String(load_default="", metadata={"description": "number, name, plate or VIN"})


class ProfileOutSchema(Schema):
    code_rrdi = fields.String()
    code_t = fields.String()
    name = fields.String()
    profile_configured = fields.Boolean()
    icare_id = fields.String(allow_none=True)
    autogarantie = fields.Boolean()
    cirano = fields.Boolean()
    cirano_id = fields.String(allow_none=True)
    garantisseurs = fields.Dict()


@bp.before_request
def require_dealer() -> None:
    credentials = request.authorization
    dealer = None
    if credentials is not None and credentials.type == "basic":
        dealer = auth.authenticate(
            request_session(), credentials.username or "", credentials.password or ""
        )
    if dealer is None:
        abort(
            401,
            message=UNAUTHORIZED,
            error_code="UNAUTHORIZED",
            headers={"WWW-Authenticate": 'Basic realm="Centralisateur"'},
        )
    g.dealer = dealer


BASIC_AUTH = [{"basicAuth": []}]


def dealer_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Document that the operation needs the dealer's HTTP Basic credentials (401 otherwise)."""
    return bp.alt_response(401, description=UNAUTHORIZED)(bp.doc(security=BASIC_AUTH)(view))


def _own(public_id: str) -> store.Declaration:
    declaration = store.dealer_declaration(request_session(), g.dealer, public_id)
    if declaration is None:
        abort(404, message=NOT_FOUND, error_code="DECLARATION_NOT_FOUND")
    return declaration


def _refuse(outcome: declaring.Outcome) -> None:
    if outcome.refusal is not None:
        abort(422, message=outcome.refusal, error_code=outcome.refusal_code)
    lines = [{"field": e.field, "label": e.label, "message": e.message} for e in outcome.errors]
    by_field: dict[str, list[str]] = {}
    for e in outcome.errors:
        by_field.setdefault(e.field, []).append(e.message)
    abort(
        422,
        message=FORM_REFUSED,
        error_code="FORM_INVALID",
        errors={"json": by_field},
        field_errors=lines,
    )


@bp.route("/declarations")
class Declarations(MethodView):
    @bp.arguments(SearchQueryInSchema, location="query")
    @bp.response(200, DeclarationOutSchema(many=True))
    @dealer_only
    def get(self, args: dict[str, Any]) -> list[store.Declaration]:
        """The dealer's declarations, newest first, optionally searched."""
        return store.search_declarations(request_session(), g.dealer, args["q"])

    @bp.arguments(DeclarationInSchema)
    @bp.arguments(CreateQueryInSchema, location="query")
    @bp.response(201, DeclarationOutSchema)
    @dealer_only
    def post(self, body: dict[str, Any], args: dict[str, bool]) -> store.Declaration:
        """Hand over a closed BDC: creates the pre-filled draft; `form_url` opens it.

        With `?submit=true` it is also submitted at once, as "Déclarer et Garantir" would; a
        refusal then stores nothing, not even the draft.
        """
        session = request_session()
        draft = store.create_draft(
            session, g.dealer, body["values"], body.get("commercial_warranty")
        )
        if args["submit"]:
            _submit(draft, discard_when_refused=True)
        return draft


@bp.route("/declarations/<public_id>")
class DeclarationItem(MethodView):
    @bp.response(200, DeclarationOutSchema)
    @dealer_only
    def get(self, public_id: str) -> store.Declaration:
        return _own(public_id)

    @bp.arguments(DeclarationInSchema)
    @bp.response(200, DeclarationOutSchema)
    @dealer_only
    def patch(self, body: dict[str, Any], public_id: str) -> store.Declaration:
        """Complete a draft: the values given replace those of the same fields."""
        declaration = _own(public_id)
        if declaration.status != store.DRAFT:
            abort(409, message=NOT_A_DRAFT, error_code="NOT_A_DRAFT")
        declaration.fields = {**declaration.fields, **body.get("values", {})}
        if "commercial_warranty" in body:
            declaration.garantisseur = body["commercial_warranty"]
        return declaration


@bp.route("/declarations/<public_id>/submit", methods=["POST"])
@bp.response(200, DeclarationOutSchema)
@bp.alt_response(422, description="Form refused (field_errors) or Icare refusal")
@bp.alt_response(409, description="Profile not configured, or already declared")
@dealer_only
def submit(public_id: str) -> store.Declaration:
    """ "Déclarer et Garantir": check, obtain the Icare contract, record."""
    declaration = _own(public_id)
    if declaration.status != store.DRAFT:
        abort(409, message=NOT_A_DRAFT, error_code="NOT_A_DRAFT")
    _submit(declaration)
    return declaration


def _submit(declaration: store.Declaration, discard_when_refused: bool = False) -> None:
    """Run "Déclarer et Garantir" on a draft; aborts with the dealer's messages when refused."""
    if not g.dealer.profile_configured:
        abort(409, message=declaring.PROFILE_NOT_CONFIGURED, error_code="PROFILE_NOT_CONFIGURED")
    session = request_session()
    outcome = declaring.submit(session, g.dealer, declaration, declaration.fields)
    if outcome.accepted:
        return
    if discard_when_refused:  # the draft may have been committed while Icare was asked
        begin_write(session)
        session.delete(declaration)
        session.commit()
    _refuse(outcome)


@bp.route("/declarations/<public_id>/contract", methods=["POST"])
@bp.response(200, DeclarationOutSchema)
@dealer_only
def retry_contract(public_id: str) -> store.Declaration:
    """Ask Icare again when the contract is pending ("contrat en attente")."""
    declaration = _own(public_id)
    if declaration.contract_status != store.CONTRACT_PENDING:
        abort(409, message=CONTRACT_NOT_PENDING, error_code="CONTRACT_NOT_PENDING")
    outcome = declaring.retry_contract(request_session(), g.dealer, declaration)
    if outcome.refusal is not None:
        _refuse(outcome)
    return declaration


@bp.route("/profile")
class Profile(MethodView):
    @bp.response(200, ProfileOutSchema)
    @dealer_only
    def get(self) -> store.Dealer:
        return g.dealer

    @bp.arguments(schemas.ProfileInSchema)
    @bp.response(200, ProfileOutSchema)
    @dealer_only
    def put(self, profile: dict[str, Any]) -> store.Dealer:
        """Configure the garantisseurs (what the Profil page's "Modifier" does)."""
        store.configure_profile(request_session(), g.dealer, profile)
        return g.dealer
