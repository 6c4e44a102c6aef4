"""No site reaches another's dossiers: every route of the desk that takes a BDC or offer number
answers another site's user 404 and changes nothing (its own site's code RRDI is in
test_import_edges)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from tests.pvo2.conftest import basic_auth, sign_in

ORDER, OFFER = "7414134", "7414201"  # AXILOG DEMO's (site PE01)
# (endpoint, method, path): what Léa Martin of GARAGE DU PARC TEST tries.
ROUTES = [
    ("bdc_api.BdcItem", "GET", f"/api/v1/bdcs/{ORDER}"),
    ("desk.order", "GET", f"/commandes/{ORDER}"),
    ("desk.declare", "POST", f"/commandes/{ORDER}/declarer"),
    ("desk.close", "POST", f"/commandes/{ORDER}/livraison"),
    ("desk.print_dialog", "GET", f"/commandes/{ORDER}/imprimer"),
    ("desk.print_dialog", "POST", f"/commandes/{ORDER}/imprimer"),
    ("desk.offer", "GET", f"/offres/{OFFER}"),
    ("desk.generate", "POST", f"/offres/{OFFER}/bon-de-commande"),
    ("desk.vehicle_sheet", "GET", f"/offres/{OFFER}/vehicule"),
    ("desk.vehicle_sheet", "POST", f"/offres/{OFFER}/vehicule"),
    ("desk.vehicle_sheet", "POST", f"/offres/{ORDER}/vehicule"),
]
FORM = {
    "garantisseur": "Déclaration de garantie Spoticar",
    "date": "02/12/2021",
    "label": "Spoticar Premium",
    "garantie": "PREMIUM_12",
    "etape": "imprimer",
    "document": "Spoticar Peugeot",
}


def _dossiers(client: FlaskClient) -> list[dict[str, Any]]:
    """AXILOG DEMO's dossiers as files, as its user reads them."""
    listed = client.get("/api/v1/bdcs", headers=basic_auth()).json
    return [client.get(f"/api/v1/bdcs/{d['numero']}", headers=basic_auth()).json for d in listed]


def test_every_route_with_a_number_answers_another_site_404(app: Flask) -> None:
    owner = app.test_client()
    before = _dossiers(owner)
    other = app.test_client()
    sign_in(other, "lea.martin")
    for _endpoint, method, path in ROUTES:
        if path.startswith("/api/"):
            response = other.open(path, method=method, headers=basic_auth("lea.martin"))
        else:
            response = other.open(path, method=method, data=FORM)
        assert response.status_code == 404, (method, path)
    assert _dossiers(owner) == before
    sign_in(owner)
    assert owner.get(f"/commandes/{ORDER}").status_code == 200
    assert owner.get(f"/offres/{OFFER}").status_code == 200


def test_the_table_covers_every_route_that_takes_a_number(app: Flask) -> None:
    with_number = {rule.endpoint for rule in app.url_map.iter_rules() if "<numero>" in rule.rule}
    assert with_number == {endpoint for endpoint, *_ in ROUTES}
