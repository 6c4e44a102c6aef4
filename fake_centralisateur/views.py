"""The portal's HTML pages, in the tutorial's order: login, Profil, Déclarer (pages 1 and 2),
the confirmations, Vente, and the other menu pages.

Views stay thin: they read the form, call `schemas`, `store` or `declaring`, and render.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

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
from fake_centralisateur.errors import ProfileRefused
from fake_centralisateur.schemas import FieldError
from sandbox.db import begin_write, request_session
from sandbox.logins import sign_in_form

bp = Blueprint("portal", __name__)

# Menu entries whose content the tutorial does not show: each page has its name, nothing more.
MENU_PAGES = {
    "facturation": "Facturation",
    "rgpd": "RGPD",
    "statistiques": "Statistiques",
    "reception-apv": "Réception APV",
}
PROFILE_SAVED = "Votre profil est enregistré."
BAD_LOGIN = "Code RRDI Spoticar ou mot de passe incorrect."
DECLARED_ALREADY = "Cette déclaration est déjà enregistrée."


@bp.before_request
def load_dealer() -> None:
    g.dealer = auth.logged_in_dealer(request_session())


@bp.get("/")
def index() -> ResponseReturnValue:
    return redirect(url_for("portal.home"))


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form, refusal = request.form, None
    if request.method == "POST":
        outcome = sign_in_form(
            lambda: auth.authenticate(
                request_session(), form.get("code_rrdi", ""), form.get("password", "")
            ),
            BAD_LOGIN,
        )
        if isinstance(outcome, store.Dealer):
            store.sessions.open(request_session(), outcome.code_rrdi)
            return redirect(auth.safe_next(request.args.get("next")) or url_for("portal.home"))
        refusal = outcome
    page = render_template(
        "centralisateur/login.html",
        error=refusal.message if refusal else None,
        code_rrdi=form.get("code_rrdi", ""),
    )
    return (page, refusal.status, refusal.headers) if refusal else page


@bp.post("/deconnexion")
def logout() -> ResponseReturnValue:
    store.sessions.close(request_session())
    return redirect(url_for("portal.login"))


@bp.get("/accueil")
@auth.login_required
def home() -> ResponseReturnValue:
    return render_template("centralisateur/page.html", title="ACCUEIL")


@bp.get("/<any(facturation, rgpd, statistiques, 'reception-apv'):page>")
@auth.login_required
def menu_page(page: str) -> ResponseReturnValue:
    return render_template("centralisateur/page.html", title=MENU_PAGES[page].upper())


@bp.get("/support")
@auth.login_required
def support() -> ResponseReturnValue:
    return render_template("centralisateur/support.html", title="SUPPORT")


@bp.route("/profil", methods=["GET", "POST"])
@auth.login_required
def profile() -> ResponseReturnValue:
    dealer: store.Dealer = g.dealer
    errors: list[FieldError] = []
    values: dict[str, Any] = {
        "icare_id": dealer.icare_id or "",
        "autogarantie": dealer.autogarantie,
        "cirano": dealer.cirano,
        "cirano_id": dealer.cirano_id or "",
    }
    if request.method == "POST":
        values = {
            "icare_id": request.form.get("icare_id", ""),
            "autogarantie": "autogarantie" in request.form,
            "cirano": "cirano" in request.form,
            "cirano_id": request.form.get("cirano_id", ""),
        }
        try:
            store.configure_profile(
                request_session(), dealer, schemas.ProfileInSchema().load(values)
            )
        except ValidationError as error:
            errors = [
                FieldError(name, name, message)
                for name, messages in error.messages.items()
                for message in messages
            ]
        except ProfileRefused as refused:
            errors = refused.lines
        else:
            flash(PROFILE_SAVED, "success")
            return redirect(auth.safe_next(request.args.get("next")) or url_for("portal.profile"))
    return render_template(
        "centralisateur/profile.html", title="PROFIL", values=values, errors=errors
    ), 422 if errors else 200


def _profile_first() -> ResponseReturnValue | None:
    """On the first declaration the dealer is sent to Profil, then brought back here."""
    if g.dealer.profile_configured:
        return None
    return redirect(url_for("portal.profile", next=request.full_path.rstrip("?")))


def _own_declaration(public_id: str) -> store.Declaration:
    declaration = store.dealer_declaration(request_session(), g.dealer, public_id)
    if declaration is None:
        raise errors.DeclarationNotFound()
    return declaration


def _render_page_one(
    declaration: store.Declaration | None, error: str | None = None, chosen: str | None = None
) -> ResponseReturnValue:
    if chosen is None and declaration is not None:
        chosen = declaration.garantisseur
    garantisseurs = g.dealer.garantisseurs
    if chosen is None and len(garantisseurs) == 1:
        chosen = next(iter(garantisseurs))
    return render_template(
        "centralisateur/declare_page1.html",
        title="DECLARATION VENTE SPOTICAR",
        declaration=declaration,
        garantisseurs=garantisseurs,
        chosen=chosen,
        error=error,
    ), 422 if error else 200


def _choose_garantisseur(declaration: store.Declaration | None) -> ResponseReturnValue:
    chosen = request.form.get("garantisseur")
    if chosen not in g.dealer.garantisseurs:
        return _render_page_one(declaration, schemas.GARANTISSEUR_REQUIRED, chosen)
    if declaration is None:
        declaration = store.create_draft(request_session(), g.dealer, {}, chosen)
    else:
        store.complete_draft(declaration, {}, chosen)
    return redirect(url_for("portal.form", public_id=declaration.public_id))


@bp.route("/declarer", methods=["GET", "POST"])
@auth.login_required
def declare() -> ResponseReturnValue:
    """Déclarer from the menu: page 1 of a declaration typed on the portal."""
    if (redirection := _profile_first()) is not None:
        return redirection
    if request.method == "POST":
        return _choose_garantisseur(None)
    return _render_page_one(None)


@bp.route("/declarations/<public_id>", methods=["GET", "POST"])
@auth.login_required
def declaration(public_id: str) -> ResponseReturnValue:
    """The window PVO² opens: page 1 of its draft, or the confirmations once declared."""
    found = _own_declaration(public_id)
    if store.allows(found, store.READ_DOCUMENTS):
        return render_template(
            "centralisateur/confirmation.html",
            title="DECLARATION VENTE SPOTICAR",
            declaration=found,
            unavailable=icare_client.UNAVAILABLE,
            period=warranty_period.label(found, g.dealer),
        )
    if (redirection := _profile_first()) is not None:
        return redirection
    if request.method == "POST":
        return _choose_garantisseur(found)
    return _render_page_one(found)


def _typed_values(form: MultiDict[str, str]) -> dict[str, Any]:
    """The form as typed, shaped like the JSON API's values (lists for multiple choices)."""
    values: dict[str, Any] = {}
    for spec in schemas.FORM_FIELDS:
        if spec.kind == schemas.CHOICES:
            values[spec.name] = form.getlist(spec.name)
        elif spec.kind == schemas.CHECKBOX:
            values[spec.name] = spec.name in form
        elif spec.name in form:
            values[spec.name] = form[spec.name]
    return values


def _render_form(
    declaration: store.Declaration,
    values: dict[str, Any],
    errors: list[FieldError] | None = None,
    refusal: str | None = None,
) -> ResponseReturnValue:
    failed = bool(errors) or refusal is not None
    return render_template(
        "centralisateur/declare_page2.html",
        title="DECLARATION VENTE SPOTICAR",
        declaration=declaration,
        values=values,
        errors=errors or [],
        refusal=refusal,
        invalid={e.field for e in errors or []},
        schemas=schemas,
    ), 422 if failed else 200


@bp.get("/declarations/<public_id>/ouverture")
def launch_window(public_id: str) -> ResponseReturnValue:
    """The window PVO² opens (`form_url`): its launch token signs the dealer in, then the
    declaration opens as from the menu. A refused token leads to the login page, saying why,
    and from there, signed in, to the declaration."""
    session = request_session()
    session.commit()  # the dealer was read by a reader's transaction; this one records the use
    begin_write(session)
    try:
        opened = launch.open_launch(
            session, request.args.get(launch.TOKEN_ARG, ""), public_id, g.dealer
        )
    except launch.LaunchRefused as refusal:
        flash(refusal.message, "error")  # signed in, the dealer goes on to the declaration
        declaration_page = url_for("portal.declaration", public_id=public_id)
        return redirect(url_for("portal.login", next=declaration_page))
    if g.dealer is None:
        store.sessions.open(session, opened.dealer.code_rrdi)
    return redirect(url_for("portal.declaration", public_id=public_id))


@bp.route("/declarations/<public_id>/formulaire", methods=["GET", "POST"])
@auth.login_required
def form(public_id: str) -> ResponseReturnValue:
    """Page 2: the form pre-filled from the BDC, and "Déclarer et Garantir"."""
    found = _own_declaration(public_id)
    if not store.allows(found, store.EDIT):
        flash(DECLARED_ALREADY, "info")
        return redirect(url_for("portal.declaration", public_id=public_id))
    if (redirection := _profile_first()) is not None:
        return redirection
    if found.garantisseur is None:
        return redirect(url_for("portal.declaration", public_id=public_id))
    if request.method == "GET":
        return _render_form(found, drafts.form_values(found))
    values = _typed_values(request.form)
    outcome = declaring.submit(request_session(), g.dealer, found, values)
    if not outcome.accepted:
        drafts.keep(request_session(), found, values)
        return _render_form(found, values, outcome.errors, outcome.refusal)
    return redirect(url_for("portal.declaration", public_id=public_id))


@bp.post("/declarations/<public_id>/contrat")
@auth.login_required
def retry_contract(public_id: str) -> ResponseReturnValue:
    """ "Relancer la création du contrat" when Icare could not be reached the first time."""
    found = _own_declaration(public_id)
    outcome = declaring.retry_contract(request_session(), g.dealer, found)
    if outcome.refusal:
        flash(outcome.refusal, "error")
    return redirect(url_for("portal.declaration", public_id=public_id))


@bp.get("/vente")
@auth.login_required
def sales() -> ResponseReturnValue:
    query = request.args.get("q", "")
    declarations, _total = store.search_declarations(request_session(), g.dealer, query)
    return render_template(
        "centralisateur/sales.html", title="VENTE", query=query, declarations=declarations
    )
