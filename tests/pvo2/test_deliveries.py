"""Livraisons, the order page and "Déclarer", with the messages of `pvo_client.rules`."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from pvo_client.centralisateur import UNREACHABLE
from tests.conftest import ICARE_DOWN
from tests.pvo2.conftest import bdc_document, load, sign_in

SPOTICAR = "Déclaration de garantie Spoticar"
PSA = "Déclaration PSA Insurance"


WHOLE = re.compile(r'<span class="whole">|</span>')


def text(response: TestResponse) -> str:
    """The page as a person reads its text: entities such as &#39; decoded, and the spans that
    keep a date or an amount on one line (`<span class="whole">`) left out."""
    return html.unescape(WHOLE.sub("", response.get_data(as_text=True)))


def test_sign_in_refused_keeps_the_login(client: FlaskClient) -> None:
    response = sign_in(client, password="faux")
    assert response.status_code == 401
    page = text(response)
    assert "Identifiant ou mot de passe incorrect." in page
    assert 'value="hakim.ab"' in page
    assert 'aria-invalid="true"' in page


def test_pages_need_a_signed_in_user(client: FlaskClient) -> None:
    response = client.get("/livraisons")
    assert response.status_code == 302
    assert response.location.startswith("/connexion?next=/livraisons")


def test_deliveries_list_the_closed_bdcs_as_cards(desk: FlaskClient) -> None:
    page = text(desk.get("/livraisons"))
    closed = ("7414134", "7413980", "7414502", "8120417", "7415201")
    for numero in closed:
        assert f"Commande n°{numero}" in page
    assert "7400056" not in page  # open: not in the Livraisons
    assert "BDC édité le 01/12/2021 | Vendeur : Hakim AB | Site : DEMO CDDS SPOTICAR" in page
    assert "Contact : 06 00 00 00 00" in page  # the tutorial's card of n°7414134
    assert "Contact : 03 00 00 00 00" in page  # and of the DS 9, a landline
    assert "Livraison prévue le 01/12/2021 à 00:00" in page
    assert page.count("En attente de livraison") == len(closed)
    assert page.count(">Modifier</a>") == len(closed)


def test_the_order_page_offers_the_site_plugins(desk: FlaskClient) -> None:
    page = text(desk.get("/commandes/7414134"))
    assert "Commande N° 7414134" in page
    assert "BDC clôturé le 01/12/2021 - Site DEMO CDDS SPOTICAR - Vendeur Hakim AB" in page
    assert '<label for="garantisseur">Garantisseur *</label>' in page
    assert f'<option value="{SPOTICAR}"' in page and f'<option value="{PSA}"' in page
    assert "Total HT : 12 500,00 €" in page


def test_without_the_spoticar_plugin_the_desk_says_whom_to_call(desk: FlaskClient) -> None:
    document = bdc_document("7414134")
    document["site"]["garantisseurs"] = [PSA]
    assert load(desk, document, site="fichier").status_code == 201
    page = text(desk.get("/commandes/7414134"))
    assert f'<option value="{SPOTICAR}"' not in page
    assert (
        f"Le garantisseur « {SPOTICAR} » n'existe pas dans la liste Garantisseur du site "
        "DEMO CDDS SPOTICAR : merci de contacter le support PVO² au 09.77.55.04.17."
    ) in page
    response = desk.post("/commandes/7414134/declarer", data={"garantisseur": SPOTICAR})
    assert response.status_code == 422
    assert 'aria-invalid="true"' in text(response)


def test_declaring_without_a_label_is_refused_in_french(desk: FlaskClient) -> None:
    document = bdc_document("7414134")
    del document["vehicule"]["label"]
    load(desk, document)
    response = desk.post("/commandes/7414134/declarer", data={"garantisseur": SPOTICAR})
    assert response.status_code == 422
    page = text(response)
    assert 'role="alert" id="garantisseur-error"' in page
    assert "n'a pas de label constructeur Spoticar ou DS Certified." in page
    assert f'<option value="{SPOTICAR}" selected data-fenetre>' in page


def test_an_open_bdc_cannot_be_declared(desk: FlaskClient) -> None:
    response = desk.post("/commandes/7400056/declarer", data={"garantisseur": SPOTICAR})
    assert response.status_code == 422
    assert "Le bon de commande n°7400056 n'est pas clôturé" in text(response)


def test_no_garantisseur_chosen(desk: FlaskClient) -> None:
    response = desk.post("/commandes/7414134/declarer", data={})
    assert response.status_code == 422
    assert "Choisissez un garantisseur dans la liste." in text(response)


def test_centralisateur_down_is_said_on_the_order(desk: FlaskClient) -> None:
    response = desk.post("/commandes/7414134/declarer", data={"garantisseur": SPOTICAR})
    assert response.status_code == 422
    assert UNREACHABLE.format(url=ICARE_DOWN).split(" (")[0] in text(response)


def test_another_sites_orders_and_offers_answer_404(client: FlaskClient) -> None:
    sign_in(client, "lea.martin")
    for path in ("/commandes/7414134", "/offres/7414134/vehicule", "/commandes/7414134/imprimer"):
        assert client.get(path).status_code == 404, path
    declared = client.post("/commandes/7414134/declarer", data={"garantisseur": SPOTICAR})
    assert declared.status_code == 404
    assert "Commande n°" not in text(client.get("/livraisons"))


def test_declarer_may_land_on_the_centralisateur_the_browser_knows(
    make_desk: Callable[..., Flask],
) -> None:
    """Browsers check a form's redirect against the page's form-action: "Déclarer" goes to the
    window at the Centralisateur's public address, so the desk's pages allow that origin."""
    app = make_desk(CENTRALISATEUR_PUBLIC_URL="http://localhost:8001/")
    policy = app.test_client().get("/connexion").headers["Content-Security-Policy"]
    assert "form-action 'self' http://localhost:8001;" in policy
