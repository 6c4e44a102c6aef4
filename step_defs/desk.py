"""Steps of the PVO² desk in a browser: the salesperson's screens of the tutorial's first half.

They act through the page objects of `harness.desk_pages` and assert on what a person reads:
the banner next to a field, the field's highlight, the text of a card.
"""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader
from pytest_bdd import given, parsers, then, when

from harness.admin_client import SandboxAdmin
from harness.desk_pages import DeliveriesPage, Desk, OfferPage, OrderPage, PrintDialog, PrintedFile
from harness.pages import DeclarationPages
from step_defs.portal import Dealer


@pytest.fixture
def deliveries(page: Page) -> DeliveriesPage:
    return DeliveriesPage(page)


@pytest.fixture
def order_page(page: Page) -> OrderPage:
    return OrderPage(page)


@pytest.fixture
def offer_page(page: Page) -> OfferPage:
    return OfferPage(page)


@given(parsers.parse('le vendeur "{login}" connecté à PVO²'), target_fixture="desk")
def salesperson_signed_in(page: Page, sandbox: SandboxAdmin, login: str) -> Desk:
    """On the desk's home, signed in without drawing the sign-in page.

    tests/browser/test_desk.py signs in on the page itself.
    """
    desk = Desk(page, sandbox.urls["pvo2"])
    desk.sign_in_directly(login)
    return desk


def _identity(desk: Desk) -> None:
    desk.go_to("Paramètres")
    desk.page.get_by_role("link", name="Fiche d'identité du site").click()


@given(parsers.parse('le plugin "{plugin}" est décoché dans la fiche d\'identité du site'))
def plugin_unticked(desk: Desk, plugin: str) -> None:
    _identity(desk)
    desk.page.get_by_label(plugin, exact=True).uncheck()
    with desk.page.expect_navigation():
        desk.page.get_by_role("button", name="Enregistrer").click()


@given(parsers.parse('le champ "{libelle}" de la fiche d\'identité du site est vidé'))
def identity_field_emptied(desk: Desk, libelle: str) -> None:
    _identity(desk)
    desk.page.get_by_label(libelle, exact=True).fill("")
    with desk.page.expect_navigation():
        desk.page.get_by_role("button", name="Enregistrer").click()


@when(parsers.parse('il clique sur "{entree}" dans le menu de PVO²'))
def desk_menu(desk: Desk, entree: str) -> None:
    desk.go_to(entree)


@when("il ouvre la fiche d'identité du site depuis les Paramètres")
def open_identity(desk: Desk) -> None:
    _identity(desk)


@when(parsers.parse('il ouvre la commande "{numero}" depuis les Livraisons'))
def open_delivery(desk: Desk, deliveries: DeliveriesPage, numero: str) -> None:
    desk.go_to("Livraisons")
    deliveries.open_order(numero)


@when(parsers.parse('il ouvre "{element}" depuis les offres et bons de commande'))
def open_from_offers(desk: Desk, element: str) -> None:
    """An offer ("Vente Dupont") or a BDC ("BDC n°7400056"), by the link of its line."""
    desk.go_to("Offres et bons de commande")
    desk.page.get_by_role("link", name=element, exact=True).click()


@when(parsers.parse('il déclare avec le garantisseur "{garantisseur}"'), target_fixture="page")
def declare_with(order_page: OrderPage, garantisseur: str) -> Page:
    """The steps that follow act in the window "Déclarer" opened, if it opened one.

    PVO² stays behind it (`desk`); without a window they act in PVO²."""
    return order_page.declare(garantisseur) or order_page.page


@when(
    parsers.parse(
        'il choisit sur la fiche du véhicule le label "{label}" et la garantie "{garantie}"'
    )
)
def fill_vehicle_sheet(page: Page, offer_page: OfferPage, label: str, garantie: str) -> None:
    page.get_by_role("link", name="Fiche du véhicule").click()
    offer_page.fill_sheet(label, garantie)
    page.get_by_role("link", name="< Retour à l'offre").click()


@when('il clique sur "Générer le bon de commande" de l\'offre')
def generate(offer_page: OfferPage) -> None:
    offer_page.generate()


@when(parsers.parse('il clôture le bon de commande avec la date de livraison "{jour}"'))
def close_on(order_page: OrderPage, jour: str) -> None:
    order_page.close(jour)


@when("il clôture le bon de commande avec la date de livraison du jour")
def close_today(order_page: OrderPage) -> None:
    """Today: a BDC generated today cannot be delivered before it was generated."""
    order_page.close(date.today().strftime("%d/%m/%Y"))


@when(parsers.parse('il imprime le document "{document}"'), target_fixture="printed_pdf")
def print_document(page: Page, document: str) -> PrintedFile:
    page.get_by_role("link", name="Imprimer", exact=True).click()
    dialog = PrintDialog(page)
    dialog.choose(document)
    return dialog.print_pdf()


@then(parsers.parse('la carte de la commande "{numero}" affiche "{texte}"'))
def card_shows(deliveries: DeliveriesPage, numero: str, texte: str) -> None:
    expect(deliveries.card(numero)).to_contain_text(texte)


@then(parsers.parse('la commande "{numero}" apparaît dans les Livraisons'))
def in_deliveries(desk: Desk, deliveries: DeliveriesPage, numero: str) -> None:
    desk.go_to("Livraisons")
    expect(deliveries.card(numero)).to_be_visible()


@then(parsers.parse('la commande "{numero}" n\'apparaît pas dans les Livraisons'))
def not_in_deliveries(desk: Desk, deliveries: DeliveriesPage, numero: str) -> None:
    desk.go_to("Livraisons")
    expect(deliveries.card(numero)).to_have_count(0)


@then("la liste Garantisseur de PVO² propose :")
def plugins_offered(order_page: OrderPage, datatable: list[list[str]]) -> None:
    expect(order_page.garantisseur.get_by_role("option")).to_have_text(
        [row[0] for row in datatable[1:]]
    )


@then(parsers.parse('PVO² affiche "{message}"'))
def desk_alert(desk: Desk, message: str) -> None:
    expect(desk.alert).to_contain_text(message)


@then(parsers.parse('PVO² confirme "{message}"'))
def desk_status(desk: Desk, message: str) -> None:
    expect(desk.status).to_contain_text(message)


@then(parsers.parse('PVO² signale à côté du garantisseur "{message}"'))
def refused_beside_plugin(desk: Desk, order_page: OrderPage, message: str) -> None:
    expect(desk.alert).to_have_text(message)
    expect(order_page.garantisseur).to_have_attribute("aria-invalid", "true")


@then(parsers.parse('le champ "{libelle}" de PVO² affiche "{valeur}"'))
def desk_field_shows(page: Page, libelle: str, valeur: str) -> None:
    expect(page.get_by_label(libelle, exact=True)).to_have_value(valeur)


@then(parsers.parse('le champ "{libelle}" de PVO² est signalé avec "{message}"'))
def desk_field_flagged(page: Page, libelle: str, message: str) -> None:
    field = page.get_by_label(libelle, exact=True)
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(message)


@then(parsers.parse('PVO² donne le PDF du bon de commande "{numero}"'))
def pdf_given(printed_pdf: PrintedFile, numero: str) -> None:
    """The number is in the file's name and PDF title: the page, as the tutorial's, has none."""
    assert printed_pdf.name == f"bdc-{numero}.pdf"
    metadata = PdfReader(io.BytesIO(printed_pdf.content)).metadata
    assert metadata is not None and metadata.title
    assert metadata.title.endswith(f"N° {numero}")


@then(parsers.parse('le PDF montre "{texte}"'))
def pdf_shows(printed_pdf: PrintedFile, texte: str) -> None:
    """The PDF's text as a reader sees it, line breaks and repeated spaces aside."""
    pages = PdfReader(io.BytesIO(printed_pdf.content)).pages
    words = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert texte in words, words


# The order page asks the desk again every 3 s while a declaration is open (static/declarer.js).
LOOKS_AGAIN_WITHIN_MS = 10_000


@given(parsers.parse('la commande "{numero}" déclarée depuis PVO²'))
def declared_from_the_desk(desk: Desk, deliveries: DeliveriesPage, numero: str) -> None:
    """Declared in the window "Déclarer" opened, then closed: PVO² in front again."""
    desk.go_to("Livraisons")
    deliveries.open_order(numero)
    window = OrderPage(desk.page).declare("Déclaration de garantie Spoticar")
    assert window is not None, "no window opened"
    pages = DeclarationPages(window)
    pages.choose_warranty()
    pages.submit()
    expect(
        window.get_by_role("status").filter(has_text="Confirmation de la déclaration")
    ).to_be_visible()
    window.close()
    desk.page.bring_to_front()


@when("il revient sur PVO²", target_fixture="page")
def back_to_the_desk(desk: Desk) -> Page:
    """PVO² in front again, the window behind it: the steps that follow act in PVO²."""
    desk.page.bring_to_front()
    return desk.page


def _declaration_section(desk: Desk) -> Locator:
    return desk.page.get_by_role("region", name="Déclaration de garantie")


@then(parsers.parse('PVO² reste ouvert sur la commande "{numero}" derrière la fenêtre'))
def desk_stays_behind(desk: Desk, page: Page, numero: str) -> None:
    assert page is not desk.page and page.opener() == desk.page, "no window of its own"
    expect(desk.page.get_by_role("heading", name=f"Commande N° {numero}", level=1)).to_be_visible()


@then("la commande montre le brouillon ouvert dans la fenêtre du Centralisateur")
def order_shows_the_draft(desk: Desk) -> None:
    expect(_declaration_section(desk).get_by_role("listitem")).to_have_text(
        re.compile(
            r"Déclaration de garantie Spoticar : brouillon ouvert le \d\d/\d\d/\d{4} dans la "
            r"fenêtre du Centralisateur ; « Déclarer » le rouvre\."
        )
    )


@then("la commande montre la déclaration et le contrat Icare du Centralisateur")
def order_shows_the_declaration(desk: Desk, dealer: Dealer) -> None:
    """The numbers the Centralisateur gave, on the order, without reloading it by hand: the
    page reads them again when the dealer comes back."""
    newest = dealer.centralisateur.declarations()[0]
    assert newest.number and newest.contract_number
    line = _declaration_section(desk).get_by_role("listitem")
    expect(line).to_contain_text(f"déclaration n° {newest.number}", timeout=LOOKS_AGAIN_WITHIN_MS)
    expect(line).to_contain_text(f"contrat Icare n° {newest.contract_number}")
    expect(
        line.get_by_role("link", name=f"Voir le contrat n° {newest.contract_number} sur MyIcare")
    ).to_have_attribute("href", str(newest.myicare_url))


@then(parsers.parse('la carte de la commande "{numero}" montre la déclaration du Centralisateur'))
def card_shows_the_declaration(
    desk: Desk, deliveries: DeliveriesPage, dealer: Dealer, numero: str
) -> None:
    newest = dealer.centralisateur.declarations()[0]
    desk.go_to("Livraisons")
    expect(deliveries.card(numero)).to_contain_text(
        f"déclaration n° {newest.number}, contrat Icare n° {newest.contract_number}"
    )


@then("aucune fenêtre du Centralisateur ne s'ouvre")
def no_window(desk: Desk, page: Page) -> None:
    assert page is desk.page
    assert desk.page.context.pages == [desk.page]


@then("le Centralisateur a une seule déclaration du distributeur")
def one_declaration(dealer: Dealer) -> None:
    assert len(dealer.centralisateur.declarations()) == 1


@then("PSA Assurance n'a émis qu'une police")
def one_policy(sandbox: SandboxAdmin) -> None:
    assert len(sandbox.guidewire.journal(method="POST", path="/job/v1/submissions")) == 1
