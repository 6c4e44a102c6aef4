"""The JSON API that PVO² calls: hand over a closed BDC, complete it, submit it, read it back.

Authentication is per dealer, HTTP Basic with the code RRDI Spoticar and the portal password.
Validation errors carry the form's own French messages, one line per problem in form order
(`field_errors`), so an integrator shows exactly what the dealer would see.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g, request
from flask.views import MethodView
from marshmallow import ValidationError, fields, validate

from fake_centralisateur import (
    auth,
    declaring,
    drafts,
    errors,
    icare_client,
    launch,
    schemas,
    store,
    warranty_period,
)
from sandbox.api import Blueprint
from sandbox.config import public_url_for
from sandbox.db import begin_write, request_session
from sandbox.logins import TooManyAttempts
from sandbox.validation import ONE_OF, FrenchSchema

bp = Blueprint(
    "declarations_api",
    __name__,
    url_prefix="/api/v1",
    description="Declarations and the dealer's profile (HTTP Basic: code RRDI and password)",
)


class DeclarationInSchema(FrenchSchema):
    values = fields.Nested(
        schemas.DraftFieldsInSchema,
        data_key="fields",
        load_default=dict,
        metadata={"description": "Les valeurs du formulaire, dans ses formats (voir le schéma)"},
    )
    commercial_warranty = fields.String(
        validate=validate.OneOf(list(store.GARANTISSEURS), error=ONE_OF),
        allow_none=True,
        metadata={
            "description": "Le choix de la page 1 (garantie commerciale) : spoticar, "
            "autogarantie ou cirano ; obligatoire pour « Déclarer et Garantir »",
            "example": "spoticar",
            "enum": list(store.GARANTISSEURS),  # null is said by `nullable`
        },
    )

    def handle_error(self, error: ValidationError, data: Any, **kwargs: Any) -> None:
        """A refused draft lists its problems with the form's labels, as a refused form does."""
        messages = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        values = messages.get("fields", {})
        lines = schemas.ordered_errors(values if isinstance(values, dict) else {"fields": values})
        lines += schemas.ordered_errors({k: v for k, v in messages.items() if k != "fields"})
        raise errors.DraftRefused(messages, lines)


class ContractOutSchema(FrenchSchema):
    number = fields.String(
        attribute="contract_number", allow_none=True, metadata=schemas.CONTRACT_DOCS["number"]
    )
    status = fields.String(
        attribute="contract_status", allow_none=True, metadata=schemas.CONTRACT_DOCS["status"]
    )
    myicare_url = fields.String(
        attribute="contract_url", allow_none=True, metadata=schemas.CONTRACT_DOCS["myicare_url"]
    )
    period_status = fields.Function(
        lambda d: warranty_period.API_STATES.get(warranty_period.state(d, g.dealer) or ""),
        metadata=warranty_period.API_DOCS,
    )
    message = fields.Function(
        lambda d: icare_client.UNAVAILABLE if d.state == store.CONTRACT_PENDING else None,
        metadata=schemas.CONTRACT_DOCS["message"],
    )


CONTRACT_OUT = ContractOutSchema()  # built once: a schema keeps no state between dumps


def document_links(declaration: store.Declaration) -> dict[str, str]:
    """The relevé and the certificat of a declared declaration, as pages and as PDFs."""
    links = {}
    for kind in ("releve", "certificat"):
        for suffix, endpoint in (("", "documents.document"), ("_pdf", "documents.document_pdf")):
            links[f"{kind}{suffix}"] = public_url_for(
                endpoint, kind=kind, public_id=declaration.public_id
            )
    return links


class DeclarationOutSchema(FrenchSchema):
    id = fields.String(attribute="public_id")
    status = fields.String(metadata={"description": "brouillon or déclarée"})
    number = fields.String(allow_none=True)
    commercial_warranty = fields.String(attribute="garantisseur", allow_none=True)
    values = fields.Dict(attribute="fields", data_key="fields", metadata=schemas.ANSWERED_FIELDS)
    typed_fields = fields.Function(
        lambda d: (d.typed or {}) if d.status == store.DRAFT else {},
        metadata={"type": "object", "additionalProperties": {"type": "string"}} | drafts.TYPED_DOCS,
    )
    contract = schemas.WholeObject(ContractOutSchema, when=lambda d: bool(d.number))
    form_url = fields.Function(
        launch.launch_url,
        metadata={
            "type": "string",
            "format": "uri",
            "maxLength": 2000,
            "example": "http://127.0.0.1:8001/declarations/Xk3f2a9Q/ouverture?jeton=eyJkZWFsZXIiOjF9",
            "description": "The window PVO² opens in the dealer's browser. It carries a launch "
            "token (`jeton`): signed, valid once and for LAUNCH_TOKEN_MAX_AGE seconds (300 by "
            "default), for this dealer and this declaration. Opened with no session it signs "
            "the dealer in and shows Profil on a first connection, then page 1 (DECLARATION "
            "VENTE SPOTICAR), then page 2 pre-filled. A used, expired or altered token, or one "
            "opened where another dealer is signed in, leads to the login page with a French "
            "message saying why. Every answer carries a new token.",
        },
    )
    documents = fields.Function(
        lambda d: document_links(d) if d.number else None, metadata=schemas.DOCUMENT_LINKS
    )
    created_at = fields.DateTime()
    declared_at = fields.DateTime(allow_none=True)


class CreateQueryInSchema(FrenchSchema):
    submit = fields.Boolean(
        load_default=False, metadata={"description": "submit at once (Déclarer et Garantir)"}
    )


class SearchQueryInSchema(FrenchSchema):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=store.SEARCH_MAX),
        metadata={"description": "number, name, plate or VIN"},
    )


class ProfileOutSchema(FrenchSchema):
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
        try:
            dealer = auth.authenticate(
                request_session(), credentials.username or "", credentials.password or ""
            )
        except TooManyAttempts as refused:
            raise errors.TooManyLoginFailures(refused.message, refused.retry_after) from None
    if dealer is None:
        raise errors.Unauthorized()
    g.dealer = dealer


BASIC_AUTH = [{"basicAuth": []}]
REFUSED_409 = (
    "PROFILE_NOT_CONFIGURED (profil à configurer), NOT_A_DRAFT (déjà déclarée), "
    "IDEMPOTENCY_KEY_IN_USE"
)
REFUSED_422 = (
    "FORM_INVALID : `field_errors` nomme chaque champ à corriger ; ou le refus d'Icare (son code "
    "et son message : VEHICLE_NOT_ELIGIBLE…) ; ou IDEMPOTENCY_KEY_REUSED"
)


def dealer_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Document that the operation needs the dealer's HTTP Basic credentials (401 otherwise,
    429 after repeated failures)."""
    view = bp.alt_response(429, description=errors.TooManyLoginFailures.default_message)(view)
    return bp.alt_response(401, description=errors.Unauthorized.default_message)(
        bp.doc(security=BASIC_AUTH)(view)
    )


def _dealer_code() -> str:
    return g.dealer.code_rrdi


# Below the `arguments` decorators: a request refused by its parameters claims no key.
idempotent = store.idempotency_keys.idempotent(_dealer_code)


def _own(public_id: str) -> store.Declaration:
    declaration = store.dealer_declaration(request_session(), g.dealer, public_id)
    if declaration is None:
        raise errors.DeclarationNotFound()
    return declaration


def _refusal(outcome: declaring.Outcome) -> errors.CentralisateurError:
    if outcome.refusal is not None:
        return errors.IcareRefused(outcome.refusal, outcome.refusal_code)
    return errors.FormRefused(outcome.errors)


@bp.route("/declarations")
class Declarations(MethodView):
    @bp.arguments(SearchQueryInSchema, location="query")
    @bp.response(200, DeclarationOutSchema(many=True))
    @bp.paginate(page_size=200, max_page_size=1000)
    @dealer_only
    def get(self, args: dict[str, Any], pagination_parameters: Any) -> list[store.Declaration]:
        """The dealer's declarations, newest first, optionally searched (`page`, `page_size`;
        the total is in the `X-Pagination` header)."""
        page, total = store.search_declarations(
            request_session(),
            g.dealer,
            args["q"],
            pagination_parameters.page_size,
            pagination_parameters.first_item,
        )
        pagination_parameters.item_count = total
        return page

    @bp.arguments(DeclarationInSchema)
    @bp.arguments(CreateQueryInSchema, location="query")
    @bp.response(201, DeclarationOutSchema)
    @bp.alt_response(409, description=REFUSED_409)
    @bp.alt_response(422, description=REFUSED_422)
    @dealer_only
    @idempotent
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
        store.complete_draft(
            declaration,
            body.get("values", {}),
            body.get("commercial_warranty", declaration.garantisseur),
        )
        return declaration


@bp.route("/declarations/<public_id>/submit", methods=["POST"])
@bp.response(200, DeclarationOutSchema)
@bp.alt_response(422, description=REFUSED_422)
@bp.alt_response(409, description=REFUSED_409)
@dealer_only
@idempotent
def submit(public_id: str) -> store.Declaration:
    """ "Déclarer et Garantir": check, obtain the Icare contract, record."""
    declaration = _own(public_id)
    if not store.allows(declaration, store.DECLARE):  # declared before: its number is said
        raise errors.AlreadyDeclared(declaration.number or "")
    _submit(declaration)
    return declaration


def _submit(declaration: store.Declaration, discard_when_refused: bool = False) -> None:
    """Run "Déclarer et Garantir" on a draft; raises the dealer's messages when refused."""
    if not g.dealer.profile_configured:
        raise errors.ProfileNotConfigured()
    session = request_session()
    outcome = declaring.submit(session, g.dealer, declaration, drafts.as_typed(declaration))
    if outcome.accepted:
        return
    if discard_when_refused:  # the draft may have been committed while Icare was asked
        begin_write(session)
        store.discard_draft(session, declaration)
        session.commit()
    raise _refusal(outcome)


@bp.route("/declarations/<public_id>/contract", methods=["POST"])
@bp.response(200, DeclarationOutSchema)
@bp.alt_response(409, description="CONTRACT_NOT_PENDING : le contrat n'est pas en attente")
@bp.alt_response(422, description="Le refus d'Icare, son message et son code")
@dealer_only
@idempotent
def retry_contract(public_id: str) -> store.Declaration:
    """Ask Icare again when the contract is pending ("contrat en attente")."""
    declaration = _own(public_id)
    store.require(declaration, store.RETRY_CONTRACT)
    outcome = declaring.retry_contract(request_session(), g.dealer, declaration)
    if outcome.refusal is not None:
        raise _refusal(outcome)
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
