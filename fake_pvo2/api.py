"""The desk's JSON API: load any BDC file (`pvo2-bdc/1`) into a site, as QA and support do.

HTTP Basic with a PVO² user's login and password; the BDC goes to that user's site. The file is
checked by `pvo_client.bdc_file`: a bad file answers 422 with one `field_errors` line per bad
field (its path, `vehicule.vin`, and the French message), and nothing is stored.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import g, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from fake_pvo2 import auth, schemas, store
from pvo_client.bdc_file import BdcFileError, dump_bdc, load_bdc
from sandbox.api import json_body
from sandbox.config import public_url_for
from sandbox.db import request_session
from sandbox.logins import TooManyAttempts

bp = Blueprint(
    "bdc_api",
    __name__,
    url_prefix="/api/v1",
    description="BDC files loaded into the desk (HTTP Basic: PVO² login and password)",
)

UNAUTHORIZED = "Identifiez-vous avec votre identifiant PVO² et votre mot de passe (HTTP Basic)."
NOT_FOUND = "Aucun bon de commande de votre site ne porte ce numéro."
BASIC_AUTH = [{"basicAuth": []}]


@bp.before_request
def require_user() -> None:
    credentials = request.authorization
    user = None
    if credentials is not None and credentials.type == "basic":
        try:
            user = auth.authenticate(
                request_session(), credentials.username or "", credentials.password or ""
            )
        except TooManyAttempts as refused:
            abort(
                429,
                message=refused.message,
                error_code="TOO_MANY_LOGIN_FAILURES",
                headers={"Retry-After": str(refused.retry_after)},
            )
    if user is None:
        abort(
            401,
            message=UNAUTHORIZED,
            error_code="UNAUTHORIZED",
            headers={"WWW-Authenticate": 'Basic realm="PVO2"'},
        )
    g.user = user
    g.site = store.find_site(request_session(), user.site_code)


def _imported(dossier: store.Dossier) -> dict[str, Any]:
    bdc = store.bdc_of(dossier, g.site)
    endpoint = "desk.order" if dossier.bdc_generated else "desk.offer"
    return {
        "numero": dossier.numero,
        "statut": bdc.status.value if dossier.bdc_generated else "Offre",
        "url": public_url_for(endpoint, numero=dossier.numero),
    }


def _refuse(error_code: str, errors: list[tuple[str, str]]) -> NoReturn:
    """The file is refused (422), one `field_errors` line per bad field; nothing is stored."""
    abort(
        422,
        message=schemas.IMPORT_REFUSED,
        error_code=error_code,
        field_errors=[{"field": path, "label": path, "message": text} for path, text in errors],
    )


@bp.route("/bdcs")
class Bdcs(MethodView):
    @bp.response(200, schemas.ImportedOutSchema(many=True))
    @bp.doc(security=BASIC_AUTH)
    def get(self) -> list[dict[str, Any]]:
        """The site's dossiers, newest first."""
        return [_imported(d) for d in store.dossiers(request_session(), g.site)]

    @bp.arguments(schemas.ImportArgsInSchema, location="query")
    @bp.response(201, schemas.ImportedOutSchema)
    @bp.alt_response(422, description="The file is refused: field_errors name each bad field")
    @bp.doc(
        security=BASIC_AUTH,
        requestBody={
            "required": True,
            "content": {"application/json": {"schema": schemas.BdcInSchema}},
        },
    )
    @store.idempotency_keys.idempotent(lambda: g.user.login)
    def post(self, args: dict[str, str]) -> dict[str, Any]:
        """Load a BDC file into the user's site; a dossier of the same number is replaced.

        `?site=fichier` also makes the file's block `site` the desk's Paramètres (to see a
        case as the dealer had it); `?etape=offre` loads it as an offer not yet generated.
        """
        try:
            bdc = load_bdc(json_body(), source="envoyé")
        except BdcFileError as refused:
            _refuse(refused.code, refused.errors)
        session = request_session()
        if args["site"] == "fichier":
            foreign = store.foreign_code_rrdi(g.site, bdc.site)
            if foreign is not None:
                message = schemas.FOREIGN_CODE_RRDI.format(
                    code=foreign, own=g.site.centralisateur_login
                )
                _refuse("FOREIGN_CODE_RRDI", [("site.code_rrdi", message)])
            store.set_identity(g.site, bdc.site)
        dossier = store.save_bdc(session, g.site, bdc, generated=args["etape"] != "offre")
        return _imported(dossier)


@bp.route("/bdcs/<numero>")
class BdcItem(MethodView):
    @bp.doc(
        security=BASIC_AUTH,
        responses={
            "200": {
                "description": "Le dossier, au format de l'import",
                "content": {"application/json": {"schema": schemas.BdcOutSchema}},
            }
        },
    )
    def get(self, numero: str) -> dict[str, Any]:
        """The dossier as a `pvo2-bdc/1` file, with the site's current settings."""
        dossier = store.find_dossier(request_session(), g.site, numero)
        if dossier is None:
            abort(404, message=NOT_FOUND, error_code="BDC_NOT_FOUND")
        return dump_bdc(store.bdc_of(dossier, g.site))
