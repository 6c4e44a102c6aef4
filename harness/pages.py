"""Playwright page objects of the Centralisateur portal, as a dealer uses it.

Locators are built from what a person reads (labels, button names, roles), never from ids or
CSS. Used by the browser tests, the Gherkin steps and `pvo-sandbox replay --screenshot`.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page

from sandbox.dealers import AXILOG


def post_sign_in(page: Page, url: str, **form: str) -> None:
    """Post a sign-in form through the browser's own cookie jar, CSRF token included, without
    drawing the page: for steps and tests about something else than signing in."""
    login = page.request.get(url)
    token = re.search(r'name="csrf_token" value="([^"]+)"', login.text())
    answer = page.request.post(
        url, form={**form, "csrf_token": token[1] if token else ""}, max_redirects=0
    )
    if answer.status != 302:
        raise AssertionError(f"sign-in refused at {url} ({answer.status})")


class Portal:
    """The portal's frame: login, menu, banners."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.page = page
        self.base_url = base_url.rstrip("/")

    def open(self, path: str = "/") -> None:
        self.page.goto(f"{self.base_url}{path}")

    def log_in(self, code_rrdi: str = AXILOG.code_rrdi, password: str = AXILOG.password) -> None:
        """Log in on the login page, or go through it when a page sent us there."""
        if "/connexion" not in self.page.url:
            self.open("/connexion")
        self.page.get_by_label("Code RRDI Spoticar").fill(code_rrdi)
        self.page.get_by_label("Mot de passe").fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Se connecter").click()

    def sign_in_directly(
        self, code_rrdi: str = AXILOG.code_rrdi, password: str = AXILOG.password
    ) -> None:
        """Log this browser in without drawing the login page, for steps about something else.

        It posts the same form, CSRF token included, through the browser's own cookie jar.
        """
        post_sign_in(
            self.page, f"{self.base_url}/connexion", code_rrdi=code_rrdi, password=password
        )

    def menu(self, entry: str) -> None:
        self.page.get_by_role("navigation").get_by_role("link", name=entry, exact=True).click()

    @property
    def signed_in_dealer(self) -> Locator:
        """The dealer's name and code in the page's header, shown only once signed in."""
        return self.page.get_by_role("banner").locator("address")

    @property
    def error_banner(self) -> Locator:
        return self.page.locator(".banner-error[role=alert]")

    @property
    def banner_lines(self) -> Locator:
        return self.error_banner.get_by_role("listitem")


class ProfilePage:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.icare_id = page.get_by_label("Identifiant Icare*")
        self.npo = page.get_by_label("NPO : Nouvelle Prestation Obligatoire")

    def configure(
        self,
        icare_id: str,
        cirano_id: str | None = None,
        autogarantie: bool = False,
        cirano: bool | None = None,
    ) -> None:
        """Fill the Profil and click "Modifier"; a Cirano identifier implies Garantie Cirano."""
        self.icare_id.fill(icare_id)
        self.page.get_by_label("Auto Garantie").set_checked(autogarantie)
        self.page.get_by_label("Garantie Cirano").set_checked(
            cirano if cirano is not None else cirano_id is not None
        )
        self.page.get_by_label("Identifiant Cirano").fill(cirano_id or "")
        self.page.get_by_role("button", name="Modifier").click()


class DeclarationPages:
    """Page 1 (the commercial warranty) and page 2 (the form) of a declaration."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.submit_button = page.get_by_role("button", name="Déclarer et Garantir")

    def choose_warranty(self, label: str = "Garantie SPOTiCAR Stellantis") -> None:
        """Page 1: choose the commercial warranty, then "Page Suivante" (waits for page 2)."""
        self.page.get_by_label(label).check()
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Page Suivante").click()

    def field(self, label: str) -> Locator:
        """An input, or a group of boxes, by the label a dealer reads (asterisk optional).

        "Email" names both a client field and a consent box: a field typed into wins, as a
        person reading the form column by column would expect.
        """
        page = self.page
        typed = page.locator("input:not([type=checkbox]):not([type=radio]), select")
        labelled = page.get_by_label(label, exact=True).or_(
            page.get_by_label(f"{label}*", exact=True)
        )
        groups = page.get_by_role("group", name=label, exact=True).or_(
            page.get_by_role("group", name=f"{label}*", exact=True)
        )
        for candidate in (labelled.and_(typed), labelled, groups):
            if candidate.count():
                return candidate.first
        return labelled.first

    def fill(self, label: str, value: str) -> None:
        target = self.field(label)
        tag = target.evaluate("e => e.tagName")
        if tag == "SELECT":
            target.select_option(value)
        elif tag == "FIELDSET":
            for box in target.get_by_role("checkbox").all():
                box.set_checked(box.get_attribute("value") in value.split(","))
        elif target.get_attribute("type") == "checkbox":
            target.set_checked(value.lower() in ("oui", "on", "true", "1"))
        else:
            target.fill(value)

    def clear(self, label: str) -> None:
        """Empty a field as a dealer would: erase the text, pick the blank choice, untick."""
        self.fill(label, "")

    def submit(self) -> None:
        """ "Déclarer et Garantir", waiting for the answer page (banner or confirmations)."""
        with self.page.expect_navigation():
            self.submit_button.click()


class MyIcare:
    """MyIcare as a dealer uses it: sign in with the Icare identifier, find a contract."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", level=1)

    def sign_in(self, icare_id: str = "IC-953617", password: str = "spoticar") -> None:
        """Fill the sign-in page MyIcare sent us to; it then shows the page asked for."""
        self.page.get_by_label("Identifiant Icare").fill(icare_id)
        self.page.get_by_label("Mot de passe").fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Se connecter").click()

    def search(self, number: str) -> None:
        self.page.get_by_label("Numéro de contrat").fill(number)
        with self.page.expect_navigation():
            self.page.get_by_role("button", name="Rechercher").click()
