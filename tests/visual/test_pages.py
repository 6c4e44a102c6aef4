"""Every page of the fakes in Chromium at 1,366 and 390 px: the same pixels as its committed
baseline (tests/visual/baselines/), no identifier, date, amount or word broken over lines, and
nothing wider than the window.

A page changed on purpose: `make baselines` writes the new baselines; look at them, commit them.
A failure leaves the page as drawn and its difference in red under reports/visual/.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from harness.pages import MyIcare, Portal
from harness.visual import broken_values, compare_with_baseline, overflow
from tests.visual.conftest import DEALER, VisualData

pytestmark = pytest.mark.browser

BASELINES = Path(__file__).resolve().parent / "baselines"
OUT = Path("reports/visual")
WIDTHS = (1366, 390)


@dataclass(frozen=True)
class Shown:
    """A page as a person reaches it: its fake, its address, whether the dealer is signed in."""

    name: str
    fake: str
    path: str  # {draft}, {declared}, {contract}: the visual data's
    signed_in: bool = True
    # Labels (<dt>) whose value follows the real clock, not the sandbox's: masked.
    real_time: tuple[str, ...] = ()


PAGES = (
    Shown("connexion", "centralisateur", "/connexion", signed_in=False),
    Shown("accueil", "centralisateur", "/accueil"),
    Shown("profil", "centralisateur", "/profil"),
    Shown("page-1", "centralisateur", "/declarer"),
    Shown("page-2", "centralisateur", "/declarations/{draft}/formulaire"),
    Shown("confirmations", "centralisateur", "/declarations/{declared}"),
    Shown("releve", "centralisateur", "/declarations/{declared}/releve"),
    Shown(
        "certificat",
        "centralisateur",
        "/declarations/{declared}/certificat",
        real_time=("Date de souscription :",),
    ),
    *(
        Shown(menu, "centralisateur", f"/{menu}")
        for menu in ("vente", "facturation", "rgpd", "statistiques", "reception-apv", "support")
    ),
    Shown("myicare-recherche", "icare", "/myicare/"),
    Shown("myicare-contrat", "icare", "/myicare/contrats/{contract}"),
)


def _sign_in_to_myicare(page: Page, visual_data: VisualData) -> None:
    """MyIcare asks the dealer's Icare identifier first (its own sign-in)."""
    page.goto(f"{visual_data.sandbox.urls['icare']}/myicare/")
    MyIcare(page).sign_in()


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return request.param


@pytest.fixture(scope="module")
def pages(browser: Browser, visual_data: VisualData, width: int) -> Iterator[dict[bool, Page]]:
    """A page of a browser where the dealer is signed in, and one where nobody is."""
    opened = {}
    for signed_in in (True, False):
        context = browser.new_context(
            viewport={"width": width, "height": 800}, locale="fr-FR", device_scale_factor=1
        )
        opened[signed_in] = context.new_page()
    Portal(opened[True], visual_data.sandbox.urls["centralisateur"]).sign_in_directly(*DEALER)
    _sign_in_to_myicare(opened[True], visual_data)
    yield opened
    for page in opened.values():
        page.context.close()


@pytest.mark.parametrize("shown", PAGES, ids=lambda shown: shown.name)
def test_page_looks_as_its_baseline(
    pages: dict[bool, Page], visual_data: VisualData, width: int, shown: Shown
) -> None:
    page = pages[shown.signed_in]
    path = shown.path.format(
        draft=visual_data.draft, declared=visual_data.declared, contract=visual_data.contract
    )
    page.goto(visual_data.sandbox.urls[shown.fake] + path)
    masks = [
        page.get_by_text(label, exact=True).locator("xpath=following-sibling::dd[1]")
        for label in shown.real_time
    ]
    png = page.screenshot(full_page=True, mask=masks, animations="disabled", caret="hide")
    difference = compare_with_baseline(png, BASELINES / f"{shown.name}-{width}.png", OUT)
    problems = [difference.message] if difference else []
    problems += broken_values(page)
    if (excess := overflow(page)) > 0:
        problems.append(f"{excess} px wider than the window: a person scrolls sideways")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def myicare_page(browser: Browser, visual_data: VisualData) -> Iterator[Page]:
    """A page signed in to MyIcare, for the widths below (each test sets its own)."""
    context = browser.new_context(viewport={"width": 1400, "height": 800}, locale="fr-FR")
    page = context.new_page()
    _sign_in_to_myicare(page, visual_data)
    yield page
    context.close()


@pytest.mark.parametrize("width", [800, 1100, 1400])
def test_myicare_contract_keeps_values_whole_at_common_widths(
    myicare_page: Page, visual_data: VisualData, width: int
) -> None:
    """The Véhicule block's values and the Garantie dates, each on one line, as a person reads
    them (they were once drawn one character per line)."""
    page = myicare_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{visual_data.sandbox.urls['icare']}/myicare/contrats/{visual_data.contract}")
    assert broken_values(page) == []
    for value in ("VR3UPHNKSNT000001", "PEUGEOT", "30/11/2025", "30/11/2026"):
        box = page.get_by_text(value, exact=True).bounding_box()
        assert box is not None and box["height"] < 30, f"{value} is {box} at {width} px"
