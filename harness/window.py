"""The window PVO² opens on "Déclarer": `form_url` in Chromium, where the dealer clicks.

As in the desk (and the tutorial: "une fenêtre s'affiche"), the form opens in a window of its
own, opened by a page standing for PVO², which stays behind it. With a display, Chromium opens
headed and waits until the dealer closes the window. Without one (a server, CI) it runs headless
and plays the tutorial's clicks: Profil from the BDC's site settings on a first connection, the
commercial warranty on page 1, "Déclarer et Garantir" on page 2. Either way every page the
window shows is saved as a PNG, numbered in order.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from harness.browser import VIEWPORT, launch_options
from harness.pages import DeclarationPages, ProfilePage
from pvo_client.centralisateur import CentralisateurClient, Declaration
from pvo_client.domain import BonDeCommande
from pvo_client.flow import DeclarationResult, hand_over, window_outcome

PROFILE_HEADING = "Configuration des garanties commerciales"
# The window's name and size, as the desk's "Déclarer" opens it (fake_pvo2/static/declarer.js).
WINDOW_NAME = "centralisateur"
WINDOW_FEATURES = "popup,width=1280,height=900"
# What stays behind the window: PVO², waiting for the dealer to come back.
BEHIND = (
    "<!doctype html><html lang=fr><meta charset=utf-8><title>PVO²</title>"
    "<h1>PVO²</h1><p>La déclaration se poursuit dans la fenêtre du Centralisateur.</p></html>"
)


def has_display() -> bool:
    """Whether a window can be shown: always on macOS and Windows, with X11 or Wayland on Linux."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:50] or "page"


def page_name(page: Page) -> str:
    """What the dealer has in front of them: Profil, page 1, page 2, the confirmations, or the
    page's own heading."""
    heading = page.get_by_role("heading", level=1)
    title = heading.first.inner_text() if heading.count() else page.title()
    if title == PROFILE_HEADING:
        return "profil"
    for button, name in (("Page Suivante", "page-1"), ("Déclarer et Garantir", "page-2")):
        if page.get_by_role("button", name=button).count():
            return name
    if page.get_by_role("status").filter(has_text="Confirmation de la déclaration").count():
        return "confirmation"
    return _slug(title)


class PageRecorder:
    """Saves a full-page screenshot of each page shown, numbered in order."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page: Page) -> None:
        target = self.folder / f"{len(self.saved) + 1:02d}-{page_name(page)}.png"
        page.screenshot(path=str(target), full_page=True)
        self.saved.append(target)


def follow_the_dealer(page: Page, record: Callable[[Page], None]) -> None:
    """Headed: a screenshot of each page the dealer reaches, until the window is closed."""

    def on_load(loaded: Page) -> None:
        with contextlib.suppress(PlaywrightError):  # closed while being saved
            record(loaded)

    page.on("load", on_load)
    on_load(page)
    with contextlib.suppress(PlaywrightError):  # the whole browser was closed
        page.wait_for_event("close", timeout=0)


def play_the_tutorial(page: Page, bdc: BonDeCommande, record: PageRecorder) -> None:
    """Headless: the dealer's clicks as the tutorial gives them, a screenshot after each.

    It stops where a person would have to decide: a Profil the BDC's site settings cannot fill,
    or a form refused (its banner is on the last screenshot).
    """
    record(page)
    heading = page.get_by_role("heading", level=1)
    if heading.inner_text() == PROFILE_HEADING:
        profil = bdc.site.profil
        if profil is None:
            return
        with page.expect_navigation():
            ProfilePage(page).configure(
                profil.icare_id,
                profil.cirano_id,
                autogarantie=profil.autogarantie,
                cirano=profil.cirano,
            )
        record(page)
    pages = DeclarationPages(page)
    if page.get_by_role("button", name="Page Suivante").count():
        pages.choose_warranty()
        record(page)
    if pages.submit_button.count():
        pages.submit()
        record(page)


def open_beside(pvo2: Page, form_url: str) -> Page:
    """The Centralisateur's window, opened by PVO²'s page as "Déclarer" opens it."""
    with pvo2.expect_popup() as opened:
        pvo2.evaluate(
            "([url, name, features]) => { window.open(url, name, features); }",
            [form_url, WINDOW_NAME, WINDOW_FEATURES],
        )
    window = opened.value
    window.wait_for_load_state()
    return window


def open_window(form_url: str, bdc: BonDeCommande, folder: Path, headed: bool) -> list[Path]:
    """Open `form_url` in Chromium as PVO² does; the screenshots saved, in order."""
    record = PageRecorder(folder)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(headless=not headed, **launch_options())
        try:
            size = {"no_viewport": True} if headed else {"viewport": VIEWPORT}  # a window resizes
            pvo2 = browser.new_page(locale="fr-FR", **size)
            pvo2.set_content(BEHIND)
            window = open_beside(pvo2, form_url)
            if headed:
                follow_the_dealer(window, record)
            else:
                play_the_tutorial(window, bdc, record)
        finally:
            browser.close()
    return record.saved


def declare_in_window(
    bdc: BonDeCommande,
    client: CentralisateurClient,
    *,
    configure_profile: bool = False,
    folder: Path | None = None,
    headed: bool | None = None,
) -> tuple[DeclarationResult, Path | None]:
    """ "Déclarer" in PVO², then the window; the outcome and the folder of screenshots."""
    draft = hand_over(bdc, client, configure_profile=configure_profile)
    if not isinstance(draft, Declaration):
        return draft, None
    folder = folder or Path(tempfile.mkdtemp(prefix="pvo-sandbox-fenetre-"))
    open_window(draft.form_url, bdc, folder, has_display() if headed is None else headed)
    return window_outcome(client, draft), folder
