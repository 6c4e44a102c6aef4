"""Script or HTML typed into a field is shown as text everywhere, and never runs."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from playwright.sync_api import Dialog, Page, expect

from harness.admin_client import SandboxAdmin
from harness.pages import Portal
from sandbox.dealers import AXILOG

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert('nom')</script>"
IMAGE = "<img src=x onerror=alert('ville')>"
SQL = "1'; DROP TABLE cz_declarations; --"


def test_injected_markup_is_text_on_every_page(
    page: Page, sandbox: SandboxAdmin, valid_form: dict[str, Any]
) -> None:
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    base, auth = sandbox.urls["centralisateur"], AXILOG.login
    requests.put(
        f"{base}/api/v1/profile", json={"icare_id": "IC-953617"}, auth=auth, timeout=5
    ).raise_for_status()
    fields = {**valid_form, "nom": SCRIPT, "ville": IMAGE, "adresse": SQL}
    draft = requests.post(
        f"{base}/api/v1/declarations",
        auth=auth,
        timeout=10,
        json={"fields": fields, "commercial_warranty": "spoticar"},
    ).json()
    Portal(page, base).log_in()
    page.goto(f"{base}/declarations/{draft['id']}/formulaire")
    expect(page.get_by_label("Nom*", exact=True)).to_have_value(SCRIPT)
    expect(page.get_by_label("Adresse*", exact=True)).to_have_value(SQL)
    page.get_by_role("button", name="Déclarer et Garantir").click()
    expect(page.get_by_role("status").first).to_contain_text("Confirmation de la déclaration")

    for path, shown in (
        (f"/declarations/{draft['id']}/releve", (SCRIPT, IMAGE, SQL)),
        (f"/declarations/{draft['id']}/certificat", (SCRIPT, IMAGE)),
        ("/vente", (SCRIPT,)),
    ):
        page.goto(f"{base}{path}")
        for text in shown:
            expect(page.locator("body")).to_contain_text(text)
        expect(page.locator("img[src=x]")).to_have_count(0)

    contract = requests.get(
        f"{base}/api/v1/declarations/{draft['id']}", auth=auth, timeout=5
    ).json()["contract"]
    page.goto(contract["myicare_url"])
    expect(page.locator("main")).to_contain_text(SCRIPT)
    assert dialogs == []
