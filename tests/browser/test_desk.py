"""The PVO² desk in a real browser: Livraisons, the order, "Déclarer" to the Centralisateur."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from harness.desk_pages import DeliveriesPage, Desk, OrderPage
from harness.pages import Portal
from harness.pytest_plugin import Sandbox
from pvo_client.centralisateur import CentralisateurClient

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(page: Page, sandbox: Sandbox) -> Desk:
    signed_in = Desk(page, sandbox.urls["pvo2"])
    signed_in.sign_in()
    return signed_in


def test_menu_and_delivery_cards(desk: Desk, page: Page) -> None:
    for entry in ("Offres et bons de commande", "Livraisons", "Paramètres"):
        expect(desk.menu.get_by_role("link", name=entry)).to_be_visible()
    desk.go_to("Livraisons")
    card = DeliveriesPage(page).card("7414134")
    expect(card).to_contain_text("BDC édité le 01/12/2021")
    expect(card).to_contain_text("Contact : 04 32 26 24 84")
    expect(card).to_contain_text("Livraison prévue le 01/12/2021 à 00:00")
    expect(card).to_contain_text("En attente de livraison")
    expect(card.get_by_role("link", name="Modifier la livraison")).to_be_visible()


def test_declarer_opens_the_centralisateur_window_for_that_bdc(
    desk: Desk, page: Page, sandbox: Sandbox, centralisateur_client: CentralisateurClient
) -> None:
    centralisateur_client.configure_profile("IC-953617")
    desk.go_to("Livraisons")
    DeliveriesPage(page).open_order("7414134")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commande N° 7414134")
    expect(page.get_by_text("BDC clôturé le 01/12/2021")).to_be_visible()
    order = OrderPage(page)
    expect(order.garantisseur.get_by_role("option")).to_have_text(
        ["Déclaration de garantie Spoticar", "Déclaration PSA Insurance"]
    )
    order.declare("Déclaration de garantie Spoticar")

    centralisateur = sandbox.urls["centralisateur"]
    expect(page).to_have_url(re.compile(f"^{re.escape(centralisateur)}/connexion"))
    Portal(page, centralisateur).log_in()
    expect(page.get_by_role("heading", level=1)).to_have_text("DECLARATION VENTE SPOTICAR")
    drafts = centralisateur_client.declarations()
    assert [d.fields.get("immatriculation") for d in drafts] == ["CC-333-CC"]


def test_psa_insurance_policy_is_shown_on_the_order(desk: Desk, page: Page) -> None:
    desk.open("/commandes/7414134")
    OrderPage(page).declare("Déclaration PSA Insurance")
    expect(desk.status).to_contain_text("Contrat PSA Assurance émis : police n° PSAVO")


def test_an_open_bdc_is_refused_beside_the_garantisseur(desk: Desk, page: Page) -> None:
    desk.open("/commandes/7400056")
    order = OrderPage(page)
    order.declare("Déclaration de garantie Spoticar")
    expect(desk.alert).to_have_text(
        "Le bon de commande n°7400056 n'est pas clôturé : complétez les informations de "
        "livraison (la date à minima) puis cliquez sur Clôturer avant de déclarer la garantie."
    )
    expect(order.garantisseur).to_have_attribute("aria-invalid", "true")
    expect(order.garantisseur).to_have_value("Déclaration de garantie Spoticar")
