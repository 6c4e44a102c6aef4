"""A screenshot of what the dealer had in front of them, for a support ticket.

The replayed case is shown again in a real browser, through the same page objects as the tests:
the form with its banner and highlighted fields, the Profil page, or the confirmations; a case
stopped in PVO² is shown on the PVO² desk, its BDC loaded and "Déclarer" clicked.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import requests
from playwright.sync_api import Page, sync_playwright

from fake_pvo2.store import DEMO_PASSWORD, demo_login
from harness.browser import VIEWPORT, launch_options
from harness.desk_pages import Desk, OrderPage
from harness.pages import DeclarationPages, Portal, ProfilePage
from pvo_client.domain import Garantisseur
from pvo_client.result import PROFILE, PVO2, DeclarationResult

if TYPE_CHECKING:
    from harness.cases import Case

PVO2_SCREEN = """<!doctype html><html lang="fr"><meta charset="utf-8"><title>PVO²</title>
<body style="font-family: sans-serif; margin: 40px">
<h1>PVO² – Déclaration de garantie</h1>
<p>Message affiché par PVO² (le portail du Centralisateur n'est pas en jeu) :</p>
<div role="alert" style="border: 2px solid #c00018; background: #fde8ea; color: #c00018;
 padding: 12px; font-weight: bold">{message}</div></body></html>"""


def _show_portal(page: Page, case: Case, result: DeclarationResult, base_url: str) -> None:
    portal = Portal(page, base_url)
    portal.open("/connexion")
    portal.log_in(*case.dealer)
    if result.stage == PROFILE:
        portal.open("/declarer")
        if case.profile is not None:
            profile = case.profile
            ProfilePage(page).configure(
                profile.get("icare_id", ""),
                profile.get("cirano_id"),
                autogarantie=bool(profile.get("autogarantie")),
                cirano=bool(profile.get("cirano")),
            )
        return
    if result.form_url is None:
        return
    page.goto(result.form_url)
    pages = DeclarationPages(page)
    if page.get_by_role("button", name="Page Suivante").count():
        pages.choose_warranty()
    if pages.submit_button.count():
        pages.submit()


def _show_desk(page: Page, case: Case, desk_url: str) -> bool:
    """The desk as the dealer had it: the case's BDC loaded into their site (the site's
    settings too), the order opened and "Déclarer" clicked with the case's plugin when the
    Garantisseur list holds it. False when the desk cannot show this case."""
    login = demo_login(case.dealer[0])
    if login is None:
        return False
    loaded = requests.post(
        f"{desk_url}/api/v1/bdcs",
        params={"site": "fichier"},
        json=case.bdc,
        auth=(login, DEMO_PASSWORD),
        timeout=10,
    )
    if loaded.status_code != 201:
        return False
    Desk(page, desk_url).sign_in(login)
    page.goto(loaded.json()["url"])
    order = OrderPage(page)
    if order.garantisseur.get_by_role("option", name=case.plugin.value, exact=True).count():
        order.declare(case.plugin.value)
    return True


MAX_NAME = 100  # characters of a ticket kept in its screenshot's name
_NOT_IN_A_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def screenshot_path(directory: Path, ticket: str) -> Path:
    """`<ticket>.png` inside `directory`, whatever the ticket holds: a case file comes from
    outside, and a ticket `/abs/x` or `../../x` must not write elsewhere. What a file name
    should not hold (separators, dots, spaces, accents, control characters) becomes `_`."""
    name = _NOT_IN_A_NAME.sub("_", ticket)[:MAX_NAME].strip("_") or "capture"
    return directory / f"{name}.png"


def screenshot_of(
    case: Case,
    result: DeclarationResult,
    base_url: str,
    directory: Path,
    page: Page | None = None,
    desk_url: str | None = None,
) -> tuple[Path, list[str]]:
    """Save `<ticket>.png` in `directory`; returns its path and the alert lines on screen.

    Uses `page` when given (a test's browser), else starts Chromium for the occasion. A case
    stopped in PVO² is shown on the desk at `desk_url`, or on a plain page without one.
    """
    directory.mkdir(parents=True, exist_ok=True)
    target = screenshot_path(directory, case.ticket)
    if page is not None:
        return target, _capture(page, case, result, base_url, target, desk_url)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options())
        try:
            own_page = browser.new_page(viewport=VIEWPORT, locale="fr-FR")
            return target, _capture(own_page, case, result, base_url, target, desk_url)
        finally:
            browser.close()


def _capture(
    page: Page,
    case: Case,
    result: DeclarationResult,
    base_url: str,
    target: Path,
    desk_url: str | None,
) -> list[str]:
    if result.stage == PVO2 or result.garantisseur is Garantisseur.PSA_INSURANCE:
        if not (desk_url and _show_desk(page, case, desk_url)):
            page.set_content(PVO2_SCREEN.format(message=escape(" ".join(result.messages))))
    else:
        _show_portal(page, case, result, base_url)
    alerts = page.get_by_role("alert")
    lines = [
        line.strip()
        for text in alerts.all_inner_texts()
        for line in text.splitlines()
        if line.strip()
    ]
    page.screenshot(path=str(target), full_page=True)
    return lines
