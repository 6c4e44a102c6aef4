"""Under each fake's Content-Security-Policy the pages still look and work as before: styles
load, the documents' "Imprimer" opens printing, Swagger UI draws the API; nothing is refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from harness.admin_client import SandboxAdmin
from harness.pages import MyIcare, Portal
from tests.browser.test_sign_in import declare_by_api

pytestmark = pytest.mark.browser


@pytest.fixture
def refusals(page: Page) -> Iterator[list[str]]:
    """What the browser refused under the policy (it says so on the console); must stay empty."""
    refused: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", record)
    yield refused
    assert refused == []


@pytest.mark.parametrize("fake", ["centralisateur", "icare", "guidewire"])
def test_swagger_ui_draws_the_api(
    page: Page, sandbox: SandboxAdmin, refusals: list[str], fake: str
) -> None:
    page.goto(f"{sandbox.urls[fake]}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()


def test_documents_are_styled_and_print(
    page: Page, sandbox: SandboxAdmin, refusals: list[str], valid_form: dict[str, Any]
) -> None:
    base = sandbox.urls["centralisateur"]
    public_id = declare_by_api(base, valid_form, "953617Z", "IC-953617")
    page.add_init_script("window.print = () => { document.body.dataset.printed = 'oui'; };")
    portal = Portal(page, base)
    portal.open(f"/declarations/{public_id}/releve")
    portal.log_in()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_css("border-bottom-color", "rgb(228, 3, 46)")  # document.css
    page.get_by_role("link", name="Imprimer", exact=True).click()
    expect(page.locator("body")).to_have_attribute("data-printed", "oui")


def test_portal_and_myicare_pages_load_their_styles(
    page: Page, sandbox: SandboxAdmin, refusals: list[str]
) -> None:
    portal = Portal(page, sandbox.urls["centralisateur"])
    portal.open("/accueil")
    portal.log_in()
    expect(page.get_by_role("navigation")).to_have_css("display", "flex")
    page.goto(f"{sandbox.urls['icare']}/myicare/")
    MyIcare(page).sign_in()
    expect(page.locator("header")).to_have_css("background-color", "rgb(11, 59, 96)")
