"""The PVO² desk in a real browser, beyond its scenarios (features/bureau_*.feature): the
draft "Déclarer" hands over and the window it opens, and the tutorial's path with the values a
dialog keeps."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from harness.admin_client import SandboxAdmin
from harness.desk_pages import DeliveriesPage, Desk, OfferPage, OrderPage
from harness.pages import Portal
from pvo_client.centralisateur import CentralisateurClient

pytestmark = pytest.mark.browser


@pytest.fixture
def desk(page: Page, sandbox: SandboxAdmin) -> Desk:
    signed_in = Desk(page, sandbox.urls["pvo2"])
    signed_in.sign_in()
    return signed_in


def test_declarer_opens_the_centralisateur_window_for_that_bdc(
    desk: Desk, page: Page, sandbox: SandboxAdmin, centralisateur_client: CentralisateurClient
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
    window = order.declare("Déclaration de garantie Spoticar")

    # A window of its own opens on the declaration, the dealer signed in by its launch token;
    # PVO² stays on the order behind it.
    assert window is not None and window.opener() == page
    centralisateur = sandbox.urls["centralisateur"]
    expect(window).to_have_url(re.compile(f"^{re.escape(centralisateur)}/declarations/"))
    expect(window.get_by_role("heading", level=1)).to_have_text("DECLARATION VENTE SPOTICAR")
    expect(Portal(window, centralisateur).signed_in_dealer).to_contain_text("AXILOG DEMO")
    expect(page.get_by_role("heading", level=1)).to_have_text("Commande N° 7414134")
    drafts = centralisateur_client.declarations()
    assert [d.fields.get("immatriculation") for d in drafts] == ["CC-333-CC"]


def test_the_tutorial_from_the_offer_to_the_deliveries(desk: Desk, page: Page) -> None:
    desk.go_to("Offres et bons de commande")
    expect(page.get_by_text("1 Offres en cours")).to_be_visible()
    page.get_by_role("link", name="Vente Dupont").click()
    offer = OfferPage(page)
    offer.generate()
    expect(desk.alert).to_contain_text(
        "Attention : Il est indispensable de sélectionner sur la fiche du véhicule le Label "
        "Spoticar ou DS Certified et le niveau de garantie souhaitée."
    )
    desk.alert.get_by_role("link", name="Ouvrir la fiche du véhicule").click()
    expect(
        page.get_by_text("L'offre n° 7414201 rend certaines données du véhicule")
    ).to_be_visible()
    offer.fill_sheet("SPOTICAR", "Spoticar-Essential 6 mois")
    expect(desk.status).to_have_text("La fiche du véhicule est enregistrée.")
    page.get_by_role("link", name="< Retour à l'offre").click()
    offer.generate()
    expect(desk.status).to_have_text("Le bon de commande n°7414201 est généré.")
    expect(page.get_by_text("BDC édité le")).to_be_visible()

    OrderPage(page).close("32.12.2021", "10:30")
    order = OrderPage(page)
    date_field = order.dialog.get_by_label("Livraison prévue le")
    expect(date_field).to_have_attribute("aria-invalid", "true")
    expect(date_field).to_have_value("32.12.2021")
    expect(order.dialog.get_by_label("Heure (facultatif)")).to_have_value("10:30")
    expect(order.dialog.get_by_role("alert")).to_contain_text("JJ/MM/AAAA")
    delivery = date.today().strftime("%d/%m/%Y")  # not before the BDC, generated today
    date_field.fill(delivery)
    with page.expect_navigation():
        order.dialog.get_by_role("button", name="Clôturer").click()
    expect(page.get_by_text("BDC clôturé le")).to_be_visible()
    desk.go_to("Livraisons")
    expect(DeliveriesPage(page).card("7414201")).to_contain_text(f"Livraison prévue le {delivery}")
