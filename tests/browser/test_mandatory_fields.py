"""The tutorial's "Si un champ obligatoire n'est pas renseigné", seen in a real browser."""

from __future__ import annotations

import re

import pytest
import requests
from playwright.sync_api import Page, expect

from harness.admin_client import SandboxAdmin
from harness.pages import DeclarationPages, Portal
from sandbox.dealers import AXILOG

pytestmark = pytest.mark.browser

INVALID_RED = "rgb(192, 0, 24)"


def test_missing_type_and_plate_are_listed_and_highlighted(
    page: Page, sandbox: SandboxAdmin, valid_form: dict[str, object]
) -> None:
    base = sandbox.urls["centralisateur"]
    auth = AXILOG.login
    requests.put(
        f"{base}/api/v1/profile", json={"icare_id": "IC-953617"}, auth=auth, timeout=5
    ).raise_for_status()
    values = {k: v for k, v in valid_form.items() if k not in ("type_vehicule", "immatriculation")}
    draft = requests.post(
        f"{base}/api/v1/declarations", json={"fields": values}, auth=auth, timeout=5
    ).json()

    page.goto(draft["form_url"])  # the window PVO² opens
    portal = Portal(page, base)
    portal.log_in()
    declaration = DeclarationPages(page)
    declaration.choose_warranty()
    expect(declaration.field("Nom")).to_have_value("Dupond")
    declaration.submit()

    expect(portal.banner_lines).to_have_text(
        [
            "Le champ type véhicule est obligatoire",
            "Le champ immatriculation est obligatoire",
        ]
    )
    for label in ("Type véhicule", "Immatriculation"):
        field = declaration.field(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_css("border-top-color", INVALID_RED)
    expect(declaration.field("Marque")).not_to_have_attribute("aria-invalid", re.compile("."))
    expect(declaration.field("Nom")).to_have_value("Dupond")
    expect(declaration.field("VIN")).to_have_value(str(values["vin"]))
