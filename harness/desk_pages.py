"""Playwright page objects of the PVO² desk, as a salesperson uses it.

Locators come from what a person reads (labels, button and link names, roles), as in
`harness.pages` for the Centralisateur's portal.
"""

from __future__ import annotations

from typing import NamedTuple

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

from harness.pages import post_sign_in


class Desk:
    """The desk's frame: sign-in, the menu on the left, the banners."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.alert = page.get_by_role("alert")
        self.status = page.get_by_role("status")

    def open(self, path: str = "/") -> None:
        self.page.goto(f"{self.base_url}{path}")

    def sign_in(self, login: str = "hakim.ab", password: str = "pvo2") -> None:
        if "/connexion" not in self.page.url:
            self.open("/connexion")
        self.page.get_by_label("Identifiant").fill(login)
        self.page.get_by_label("Mot de passe").fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Se connecter").click()

    def sign_in_directly(self, login: str = "hakim.ab", password: str = "pvo2") -> None:
        """Sign this browser in without drawing the sign-in page, then open the desk's home
        (the Livraisons), as the sign-in form would."""
        post_sign_in(self.page, f"{self.base_url}/connexion", login=login, password=password)
        self.open("/")

    @property
    def menu(self) -> Locator:
        return self.page.get_by_role("navigation", name="Menu PVO²")

    def go_to(self, entry: str) -> None:
        self.menu.get_by_role("link", name=entry, exact=True).click()


class DeliveriesPage:
    """Livraisons: one card per closed BDC."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def card(self, numero: str) -> Locator:
        return self.page.get_by_role("listitem", name=f"Commande n°{numero}")

    def open_order(self, numero: str) -> None:
        self.card(numero).get_by_role("link", name=f"Commande n°{numero}", exact=True).click()


class OrderPage:
    """ "Commande N° …": its "Déclaration de garantie" and its "Modification de la date de
    livraison" dialog."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.garantisseur = page.get_by_label("Garantisseur *")
        self.dialog = page.get_by_role("dialog", name="Modification de la date de livraison")

    def declare(self, garantisseur: str) -> Page | None:
        """Choose the plugin, click "Déclarer": the Centralisateur's window it opens, PVO²
        staying behind it; None when the answer comes in PVO² itself (a refusal, PSA
        Insurance, a declaration already made)."""
        self.garantisseur.select_option(garantisseur)
        button = self.page.get_by_role("button", name="Déclarer", exact=True)
        if self.garantisseur.locator("option:checked[data-fenetre]").count() == 0:
            with self.page.expect_navigation():
                button.click()
            return None
        with self.page.expect_popup() as opened:
            button.click()
        window = opened.value
        try:  # the window goes to the Centralisateur, or closes on PVO²'s refusal
            window.wait_for_url(lambda url: url != "about:blank")
        except PlaywrightError:
            return None
        return window

    def close(self, date: str, heure: str = "") -> None:
        """ "Clôturer", the delivery date typed in the dialog."""
        self.page.get_by_role("link", name="Clôturer").click()
        self.dialog.get_by_label("Livraison prévue le").fill(date)
        self.dialog.get_by_label("Heure (facultatif)").fill(heure)
        with self.page.expect_navigation():
            self.dialog.get_by_role("button", name="Clôturer").click()


class OfferPage:
    """ "Offre à particulier (vente)" and its vehicle sheet ("Informations véhicule")."""

    def __init__(self, page: Page) -> None:
        self.page = page

    def generate(self) -> None:
        """ "Générer le bon de commande", waiting for the order or the refusal."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Générer le bon de commande").click()

    def fill_sheet(self, label: str, garantie: str) -> None:
        """On the vehicle sheet: the label and the warranty level, then "Enregistrer"."""
        self.page.get_by_label("Label constructeur :").select_option(label)
        self.page.get_by_label("Garantie *").select_option(garantie)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Enregistrer").click()


class PrintedFile(NamedTuple):
    """A file the browser received: the name it offers to save it under, and its bytes."""

    name: str
    content: bytes


class PrintDialog:
    """ "Imprimer des documents": a document, "Suivant >", then "Imprimer" (the PDF)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialog = page.get_by_role("dialog", name="Imprimer des documents")

    def choose(self, document: str) -> None:
        self.dialog.get_by_label(document, exact=True).check()
        with self.page.expect_navigation():
            self.dialog.get_by_role("button", name="Suivant >").click()

    def print_pdf(self) -> PrintedFile:
        """ "Imprimer": the PDF the browser receives."""
        with self.page.expect_download() as download:
            self.dialog.get_by_role("button", name="Imprimer").click()
        return PrintedFile(download.value.suggested_filename, download.value.path().read_bytes())
