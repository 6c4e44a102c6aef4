"""MyIcare: where a dealer, signed in, finds one of its contracts by its number.

`GET|POST /myicare/connexion` signs in with the Icare identifier and password (then back to
`next`, a path of this site); `POST /myicare/deconnexion` signs out. `GET /myicare/` is the search
form; it redirects to `GET /myicare/contrats/<numéro>`, the contract's summary, or shows "Aucun
contrat ne porte le numéro …" (404) above the form, for another dealer's contract too.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from fake_icare import auth, errors, schemas, store
from sandbox import coverage
from sandbox.config import public_url_for
from sandbox.db import request_session
from sandbox.french import format_date
from sandbox.logins import sign_in_form
from sandbox.sessions import safe_next

bp = Blueprint("myicare", __name__, url_prefix="/myicare", template_folder="templates")

SEARCH_LABEL = "Numéro de contrat"
SEARCH_REQUIRED = "Saisissez un numéro de contrat, par exemple IC2026-0000001."
BAD_LOGIN = "Identifiant Icare ou mot de passe incorrect."
# The summary: each section's title, its schema (for the labels) and the fields shown, in order.
SECTIONS: tuple[tuple[str, str, type[schemas.Schema], tuple[str, ...]], ...] = (
    (
        "holder",
        "Titulaire",
        schemas.HolderSchema,
        ("civility", "last_name", "first_name", "address", "postal_code", "city"),
    ),
    (
        "vehicle",
        "Véhicule",
        schemas.VehicleSchema,
        ("make", "model", "version", "vin", "registration", "first_registration_date"),
    ),
    (
        "warranty",
        "Garantie",
        schemas.WarrantySchema,
        ("level", "duration_months", "start_date", "end_date"),
    ),
    (
        "selling_dealer",
        "Distributeur vendeur",
        schemas.SellingDealerSchema,
        ("name", "code_rrdi", "address", "postal_code", "city", "phone"),
    ),
)


# Identifiers, dates and codes: a person reads them whole, so they never break across lines.
KEPT_WHOLE = frozenset(
    {
        "vin",
        "registration",
        "first_registration_date",
        "start_date",
        "end_date",
        "duration_months",
        "code_rrdi",
        "postal_code",
        "phone",
    }
)


def contract_url(number: str) -> str:
    """The absolute address of a contract's page (see `public_url_for`)."""
    return public_url_for("myicare.contract", number=number)


def _display(name: str, value: Any) -> str:
    if value is None:
        return "—"
    if name == "duration_months":
        return f"{value} mois"
    if name.endswith("_date"):
        return format_date(value)
    return str(value)


def summary(contract: store.Contract) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    """(section title, [(label, value, kept whole)]) as the page shows them, dates JJ/MM/AAAA."""
    sections = []
    for key, title, schema, shown in SECTIONS:
        labels = schemas.labels(schema)
        values = contract.content[key]
        rows = [
            (labels[name], _display(name, values.get(name)), name in KEPT_WHOLE) for name in shown
        ]
        sections.append((title, rows))
    return sections


def _search_page(error: str | None = None, number: str = "") -> str:
    return render_template("icare/search.html", label=SEARCH_LABEL, error=error, number=number)


@bp.before_request
def load_dealer() -> None:
    g.dealer = auth.signed_in_dealer(request_session())


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    icare_id, refusal = request.form.get("identifiant", ""), None
    if request.method == "POST":
        password = request.form.get("password", "")
        outcome = sign_in_form(
            lambda: auth.authenticate(request_session(), icare_id, password), BAD_LOGIN
        )
        if isinstance(outcome, store.Dealer):
            store.sessions.open(request_session(), outcome.icare_id)
            return redirect(safe_next(request.args.get("next")) or url_for("myicare.search"))
        refusal = outcome
    page = render_template(
        "icare/login.html", error=refusal.message if refusal else None, icare_id=icare_id
    )
    return (page, refusal.status, refusal.headers) if refusal else page


@bp.post("/deconnexion")
def logout() -> ResponseReturnValue:
    store.sessions.close(request_session())
    return redirect(url_for("myicare.login"))


@bp.get("/")
@auth.login_required
def search() -> ResponseReturnValue:
    number = request.args.get("numero")
    if number is None:
        return _search_page()
    number = number.strip().upper()
    if not number:
        return _search_page(SEARCH_REQUIRED), 400
    return redirect(url_for("myicare.contract", number=number))


@bp.get("/contrats/<string:number>")
@auth.login_required
def contract(number: str) -> ResponseReturnValue:
    found = store.dealer_contract(request_session(), g.dealer.icare_id, number)
    if found is None:
        return _search_page(errors.ContractNotFound(number=number).message, number), 404
    return render_template(
        "icare/contract.html",
        contract=found,
        status=coverage.LABELS[found.period_state],
        state=found.period_state,
        sections=summary(found),
    )
