"""Sessions as a person sees them: signing out of the portal closes it for a copied cookie too,
and the confirmation's link to MyIcare goes through MyIcare's sign-in to the contract."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from playwright.sync_api import Browser, Page, expect

from harness.admin_client import SandboxAdmin
from harness.pages import MyIcare, Portal

pytestmark = pytest.mark.browser


def declare_by_api(base: str, valid_form: dict[str, Any], code: str, icare_id: str) -> str:
    """A declaration accepted with its Icare contract: the public id of its confirmation."""
    auth = (code, "spoticar")
    requests.put(
        f"{base}/api/v1/profile", json={"icare_id": icare_id}, auth=auth, timeout=5
    ).raise_for_status()
    answer = requests.post(
        f"{base}/api/v1/declarations?submit=true",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        auth=auth,
        timeout=10,
    )
    answer.raise_for_status()
    return str(answer.json()["id"])


def test_after_logout_a_saved_cookie_opens_the_login_page(
    page: Page, browser: Browser, sandbox: SandboxAdmin
) -> None:
    base = sandbox.urls["centralisateur"]
    portal = Portal(page, base)
    portal.open("/vente")
    portal.log_in()
    expect(page.get_by_role("heading", level=1)).to_have_text("VENTE")  # the tutorial's page name
    saved = page.context.cookies()
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion au Centralisateur")

    other = browser.new_context(locale="fr-FR")
    try:
        other.add_cookies(saved)  # type: ignore[arg-type]
        copied = other.new_page()
        copied.goto(f"{base}/vente")
        expect(copied.get_by_role("heading", level=1)).to_have_text("Connexion au Centralisateur")
        expect(copied.get_by_label("Code RRDI Spoticar")).to_be_visible()
    finally:
        other.close()


def test_the_confirmations_link_signs_in_to_myicare_then_shows_the_contract(
    page: Page, sandbox: SandboxAdmin, valid_form: dict[str, Any]
) -> None:
    base = sandbox.urls["centralisateur"]
    public_id = declare_by_api(base, valid_form, "953617Z", "IC-953617")
    portal = Portal(page, base)
    portal.open(f"/declarations/{public_id}")
    portal.log_in()
    confirmation = page.get_by_role("status").filter(has_text="contrat Icare")
    number = confirmation.locator(".number").inner_text()
    confirmation.get_by_role("link", name="Myicare").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à MyIcare")
    myicare = MyIcare(page)
    myicare.sign_in("IC-953617")
    expect(myicare.heading).to_have_text(f"Contrat n° {number}")
    expect(page.locator("main")).to_contain_text(valid_form["vin"])

    contract_url = page.url
    page.get_by_role("button", name="Se déconnecter").click()
    page.goto(contract_url)
    myicare.sign_in("IC-751020")  # another dealer: as if there were no such contract
    expect(page.get_by_role("alert")).to_have_text(
        f"Aucun contrat ne porte le numéro « {number} »."
    )


def test_myicare_says_in_french_when_the_password_is_wrong(
    page: Page, sandbox: SandboxAdmin
) -> None:
    page.goto(f"{sandbox.urls['icare']}/myicare/")
    MyIcare(page).sign_in(password="pas le bon")
    expect(page.get_by_role("alert")).to_have_text("Identifiant Icare ou mot de passe incorrect.")
    expect(page.get_by_label("Identifiant Icare")).to_have_attribute("aria-invalid", "true")
