"""The steps of ecran.feature: copied as a test module into a temporary folder by
tests/reports/conftest.py, where the example "Échec" fails on the browser's page."""

from __future__ import annotations

from playwright.sync_api import Page
from pytest_bdd import given, parsers, scenarios, then

scenarios("ecran.feature")


@given(parsers.parse('une page intitulée "{titre}"'))
def page_intitulee(page: Page, titre: str) -> None:
    page.set_content(f"<title>{titre}</title><h1>{titre}</h1>")


@then(parsers.parse('la page a pour titre "{titre}"'))
def titre_de_la_page(page: Page, titre: str) -> None:
    assert page.title() == titre


@then("la page n'affiche aucune alerte")
def aucune_alerte(page: Page) -> None:
    assert page.get_by_role("alert").count() == 0
