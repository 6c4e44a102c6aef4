"""The desk's pages, as the tutorial shows PVO²: sign-in, Offres et bons de commande, the offer
and its vehicle sheet, Livraisons, the order with its "Déclaration de garantie", Paramètres.

Views stay thin: they read the form with `schemas`, apply `pvo_client.rules`, store with
`store` and render. A refusal is shown beside its field, in a banner (`role="alert"`), with the
values typed kept and nothing stored. Another site's dossier answers 404.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from marshmallow import ValidationError

from fake_pvo2 import auth, declaring, schemas, store
from pvo_client.bdc_file import BdcFileError, load_bdc
from pvo_client.bdc_file.schema import SiteSchema
from pvo_client.domain import BonDeCommande, Garantisseur, livraisons
from pvo_client.printing import choose_document, render_bdc_pdf
from pvo_client.rules import (
    FICHE_VEHICULE,
    FicheVehiculeIncomplete,
    GarantisseurAbsent,
    PvoError,
    close_bdc,
    generate_bdc,
)
from sandbox.clock import today
from sandbox.db import request_session
from sandbox.downloads import content_disposition
from sandbox.logins import sign_in_form
from sandbox.sessions import safe_next

bp = Blueprint("desk", __name__, template_folder="templates")


@bp.before_request
def load_user() -> None:
    g.user = auth.signed_in_user(request_session())
    g.site = store.find_site(request_session(), g.user.site_code) if g.user else None


@bp.get("/")
def index() -> ResponseReturnValue:
    return redirect(url_for("desk.deliveries"))


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    refusal = None
    if request.method == "POST":
        outcome = sign_in_form(
            lambda: auth.authenticate(
                request_session(), request.form.get("login", ""), request.form.get("password", "")
            ),
            schemas.BAD_LOGIN,
        )
        if isinstance(outcome, store.User):
            auth.sign_in(request_session(), outcome)
            return redirect(safe_next(request.args.get("next")) or url_for("desk.index"))
        refusal = outcome
    page = render_template(
        "pvo2/login.html",
        error=refusal.message if refusal else None,
        login=request.form.get("login", ""),
    )
    return (page, refusal.status, refusal.headers) if refusal else page


@bp.post("/deconnexion")
def logout() -> ResponseReturnValue:
    auth.sign_out(request_session())
    return redirect(url_for("desk.login"))


def _own(
    numero: str, generated: bool | None = None, for_update: bool = False
) -> tuple[store.Dossier, BonDeCommande]:
    """A dossier of the signed-in user's site and its BDC; anything else is a 404, and so is
    an offer where an order is asked for (`generated`), or the other way round."""
    dossier = store.find_dossier(request_session(), g.site, numero, for_update)
    if dossier is None or generated not in (None, dossier.bdc_generated):
        abort(404)
    return dossier, store.bdc_of(dossier, g.site)


def _site_dossiers() -> list[tuple[bool, BonDeCommande]]:
    """The site's dossiers, newest first: (BDC generated?, the BDC)."""
    return [
        (dossier.bdc_generated, store.bdc_of(dossier, g.site))
        for dossier in store.dossiers(request_session(), g.site)
    ]


@bp.get("/livraisons")
@auth.signin_required
def deliveries() -> ResponseReturnValue:
    generated = [bdc for is_bdc, bdc in _site_dossiers() if is_bdc]
    return render_template("pvo2/livraisons.html", orders=livraisons(generated))


def _render_order(
    bdc: BonDeCommande,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    dialog: str | None = None,
    status: int | None = None,
) -> ResponseReturnValue:
    site = g.site.settings
    missing_plugin = None
    if Garantisseur.SPOTICAR not in site.garantisseurs:
        missing_plugin = GarantisseurAbsent(Garantisseur.SPOTICAR.value, site).message
    errors = errors or {}
    return render_template(
        "pvo2/commande.html",
        bdc=bdc,
        garantisseurs=[plugin.value for plugin in site.garantisseurs],
        missing_plugin=missing_plugin,
        errors=errors,
        values=values or {},
        dialog=dialog,
        schemas=schemas,
    ), status or (422 if errors else 200)


@bp.get("/commandes/<numero>")
@auth.signin_required
def order(numero: str) -> ResponseReturnValue:
    _dossier, bdc = _own(numero, generated=True)
    dialog = request.args.get("dialogue")
    return _render_order(bdc, dialog=dialog if dialog in ("livraison",) else None)


@bp.post("/commandes/<numero>/declarer")
@auth.signin_required
def declare(numero: str) -> ResponseReturnValue:
    """ "Déclarer": the Centralisateur's window for this BDC, or the PSA Insurance outcome.
    It reads the dossier and writes nothing here (the draft is the Centralisateur's, the policy
    Guidewire's, each held there): READ COMMITTED is enough."""
    _dossier, bdc = _own(numero, generated=True)
    values = {"garantisseur": request.form.get("garantisseur", "")}
    try:
        chosen = schemas.DeclarerInSchema().load({k: v for k, v in values.items() if v})
    except ValidationError as error:
        return _render_order(bdc, schemas.form_errors(error.messages), values)
    outcome = declaring.declare(g.site, bdc, chosen["garantisseur"])
    if outcome.refused:
        return _render_order(bdc, {"garantisseur": " ".join(outcome.messages)}, values)
    if outcome.window:
        return redirect(outcome.window, code=303)
    for message in outcome.messages:
        flash(message, "success")
    return redirect(url_for("desk.order", numero=numero), code=303)


@bp.post("/commandes/<numero>/livraison")
@auth.signin_required
def close(numero: str) -> ResponseReturnValue:
    """ "Modification de la date de livraison", then "Clôturer": the date closes the BDC."""
    _dossier, bdc = _own(numero, generated=True, for_update=True)  # closed from what is held
    values = {name: request.form.get(name, "").strip() for name in ("date", "heure", "site")}
    try:
        typed = schemas.LivraisonInSchema().load({k: v for k, v in values.items() if v})
        closed = close_bdc(bdc, typed["date"], heure=typed["heure"], site=typed["site"], on=today())
    except ValidationError as error:
        return _render_order(bdc, schemas.form_errors(error.messages), values, "livraison")
    except PvoError as refusal:
        return _render_order(bdc, {"date": refusal.message}, values, "livraison")
    store.save_bdc(request_session(), g.site, closed)
    return redirect(url_for("desk.order", numero=numero), code=303)


# Offres et bons de commande


def _matches(bdc: BonDeCommande, query: str) -> bool:
    """The search "N°offre, N°BDC, Client, Immat"."""
    if not query:
        return True
    client, plate = bdc.client, bdc.vehicle.immatriculation
    haystack = " ".join((bdc.numero, bdc.offer.numero, client.nom, client.prenom, plate))
    return query.lower() in haystack.lower()


@bp.get("/offres")
@auth.signin_required
def offers() -> ResponseReturnValue:
    tab = "marchand" if request.args.get("onglet") == "marchand" else "particuliers"
    query = request.args.get("q", "").strip()
    day = today()
    items = _site_dossiers()
    open_offers = [bdc.offer for generated, bdc in items if not generated]
    counters = (
        (sum(not o.is_valid_on(day) for o in open_offers), "Offres à ajuster"),
        (
            sum(o.is_valid_on(day) and (o.date_fin_validite - day).days <= 2 for o in open_offers),
            "Offres arrivant à expiration",
        ),
        (sum(o.is_valid_on(day) for o in open_offers), "Offres en cours"),
        (
            sum(generated and not bdc.is_closed and not bdc.annule for generated, bdc in items),
            "BDC en cours (non clos)",
        ),
    )
    shown = [] if tab == "marchand" else [(gen, b) for gen, b in items if _matches(b, query)]
    return render_template("pvo2/offres.html", tab=tab, query=query, items=shown, counters=counters)


def _render_offer(bdc: BonDeCommande, refusal: PvoError | None = None) -> ResponseReturnValue:
    lines = []
    if isinstance(refusal, FicheVehiculeIncomplete):
        cause = refusal.message.replace(FICHE_VEHICULE, "").strip()
        lines = [f"Attention : {FICHE_VEHICULE}", cause]
    elif refusal is not None:
        lines = [refusal.message]
    return render_template("pvo2/offre.html", bdc=bdc, refusal=lines), 422 if lines else 200


@bp.get("/offres/<numero>")
@auth.signin_required
def offer(numero: str) -> ResponseReturnValue:
    return _render_offer(_own(numero, generated=False)[1])


@bp.post("/offres/<numero>/bon-de-commande")
@auth.signin_required
def generate(numero: str) -> ResponseReturnValue:
    """ "Générer le bon de commande": refused with `pvo_client`'s message, nothing stored."""
    _dossier, bdc = _own(numero, generated=False)
    try:
        generated = generate_bdc(bdc.offer, on=today(), numero=numero)
    except PvoError as refusal:
        return _render_offer(bdc, refusal)
    store.save_bdc(request_session(), g.site, generated)
    flash(schemas.BDC_GENERATED.format(numero=numero), "success")
    return redirect(url_for("desk.order", numero=numero), code=303)


def _sheet_values(bdc: BonDeCommande) -> dict[str, str]:
    vehicle = bdc.vehicle
    return {
        "label": vehicle.label.value if vehicle.label else "",
        "garantie": vehicle.garantie.name if vehicle.garantie else "",
    }


@bp.route("/offres/<numero>/vehicule", methods=["GET", "POST"])
@auth.signin_required
def vehicle_sheet(numero: str) -> ResponseReturnValue:
    """ "Informations véhicule": the label and the warranty level stay editable."""
    dossier, bdc = _own(numero)
    values, errors = _sheet_values(bdc), {}
    if request.method == "POST":
        values = {name: request.form.get(name, "").strip() for name in ("label", "garantie")}
        document = {**dossier.document, "vehicule": dict(dossier.document["vehicule"])}
        for name, value in values.items():
            document["vehicule"][name] = value or None
        try:
            changed = load_bdc(document)
        except BdcFileError as refused:
            errors = {path.removeprefix("vehicule."): message for path, message in refused.errors}
        else:
            store.save_bdc(request_session(), g.site, changed, dossier.bdc_generated)
            flash(schemas.SHEET_SAVED, "success")
            return redirect(url_for("desk.vehicle_sheet", numero=numero), code=303)
    return render_template(
        "pvo2/vehicule.html",
        bdc=bdc,
        generated=dossier.bdc_generated,
        values=values,
        errors=errors,
        schemas=schemas,
    ), 422 if errors else 200


# Imprimer des documents


@bp.route("/commandes/<numero>/imprimer", methods=["GET", "POST"])
@auth.signin_required
def print_dialog(numero: str) -> ResponseReturnValue:
    """The two steps of "Imprimer des documents"; "Imprimer" answers the PDF."""
    _dossier, bdc = _own(numero, generated=True)
    values = {
        "nom_societe": bdc.site.libelle,
        "document": choose_document(bdc).value,
        **{k: v.strip() for k, v in request.form.items() if k != "csrf_token"},
    }
    step, errors = 1, {}
    if request.method == "POST":
        try:
            options, document = schemas.load_print(values)
        except ValidationError as error:
            errors = schemas.form_errors(error.messages)
            step = 2 if set(errors) & {"garantie_du", "garantie_au"} else 1
        else:
            if values.get("etape") != "imprimer":
                step = 2
            else:
                pdf = render_bdc_pdf(bdc, document, options)
                return (
                    pdf,
                    200,
                    {
                        "Content-Type": "application/pdf",
                        "Content-Disposition": content_disposition(
                            "attachment", f"bdc-{bdc.numero}.pdf"
                        ),
                    },
                )
    return render_template(
        "pvo2/imprimer.html", bdc=bdc, step=step, values=values, errors=errors, schemas=schemas
    ), 422 if errors else 200


# Paramètres


@bp.get("/parametres")
@auth.signin_required
def settings() -> ResponseReturnValue:
    return render_template("pvo2/parametres.html", tiles=schemas.TILES)


@bp.route("/parametres/site", methods=["GET", "POST"])
@auth.signin_required
def site_identity() -> ResponseReturnValue:
    """ "Fiche d'identité du site": the Identification block and the brands represented."""
    identity = dict(g.site.identity)
    values = {spec.name: identity.get(spec.name) or "" for spec in schemas.IDENTIFICATION}
    errors: dict[str, str] = {}
    marques = list(identity.get("marques") or [])
    if request.method == "POST":
        values = {s.name: request.form.get(s.name, "").strip() for s in schemas.IDENTIFICATION}
        added = request.form.get("marque", "").strip().upper()
        if request.form.get("action") == "ajouter" and added and added not in marques:
            marques.append(added)
        typed = {  # a blank field is a missing one: "Ce champ est obligatoire"
            **{k: v for k, v in identity.items() if k not in values},
            **{k: v for k, v in values.items() if v},
            "marques": marques,
            "garantisseurs": request.form.getlist("garantisseurs"),
        }
        try:
            site = SiteSchema().load(typed)
        except ValidationError as error:
            errors = schemas.form_errors(error.messages)
        else:
            foreign = store.foreign_code_rrdi(g.site, site)
            if foreign is not None:
                own = g.site.centralisateur_login
                errors = {"code_rrdi": schemas.FOREIGN_CODE_RRDI.format(code=foreign, own=own)}
        if not errors:
            store.set_identity(g.site, site)
            flash(
                schemas.MARQUE_ADDED.format(marque=added)
                if request.form.get("action") == "ajouter" and added
                else schemas.SITE_SAVED,
                "success",
            )
            return redirect(url_for("desk.site_identity"), code=303)
    return render_template(
        "pvo2/site.html",
        values=values,
        errors=errors,
        marques=marques,
        plugins=[plugin.value for plugin in Garantisseur],
        installed=identity.get("garantisseurs") or [plugin.value for plugin in Garantisseur],
        schemas=schemas,
    ), 422 if errors else 200
