"""Every page of the fakes, read at the widths people use (800, 1,024, 1,280 and 1,920 px) in
Chromium: nothing wider than the window, no value cut inside its field, no date, amount, phone or
identifier broken over two lines, no word left alone on a line of a label.

The pages are taken from the fakes' routes: a new page is measured as soon as it exists, or this
test says which of its address's parts has no sample value below.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter

from fake_pvo2.store import OFFER_SOURCE, SEEDED_OFFER
from harness.desk_pages import Desk
from harness.pages import MyIcare, Portal
from harness.visual import broken_values, cut_values, lone_words, overflow
from tests.visual.conftest import DEALER, VisualData

pytestmark = pytest.mark.browser

WIDTHS = (800, 1024, 1280, 1920)
FAKES_WITH_PAGES = ("centralisateur", "icare", "pvo2")
# Routes that are no page to read, and why.
NOT_PAGES = {
    "favicon": "the browser's icon",
    "documents.document_pdf": "a PDF download",
    "portal.launch_window": "the launch token's redirect to the form",
    "desk.order_state": "the order page's script reads it (JSON)",
}
# Endpoints whose pages nobody signed in sees (the others are read signed in).
SIGNED_OUT = {"portal.login", "myicare.login", "desk.login", "home"}


@dataclass(frozen=True)
class Shown:
    """A page of a fake at one address."""

    fake: str
    endpoint: str
    path: str

    @property
    def signed_in(self) -> bool:
        return self.endpoint not in SIGNED_OUT


def _samples(data: VisualData) -> dict[tuple[str, str], list[str]]:
    """The values an address's part takes: (endpoint, argument) first, then argument alone."""
    return {
        ("portal.declaration", "public_id"): [data.draft, data.declared],
        ("portal.form", "public_id"): [data.draft],
        ("documents.document", "public_id"): [data.declared],
        ("myicare.contract", "number"): [data.contract],
        ("desk.order", "numero"): [OFFER_SOURCE],
        ("desk.print_dialog", "numero"): [OFFER_SOURCE],
        ("desk.offer", "numero"): [SEEDED_OFFER],
        ("desk.vehicle_sheet", "numero"): [SEEDED_OFFER],
    }


def _values(rule: Rule, argument: str, samples: dict[tuple[str, str], list[str]]) -> list[str]:
    converter = rule._converters[argument]
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)
    try:
        return samples[(rule.endpoint, argument)]
    except KeyError:
        raise AssertionError(
            f"{rule.rule} ({rule.endpoint}): no sample value for <{argument}> in test_layout.py"
        ) from None


def _paths(rule: Rule, samples: dict[tuple[str, str], list[str]]) -> list[str]:
    """The rule's addresses, one per combination of sample values."""
    combinations: list[dict[str, str]] = [{}]
    # The address's parts, with their converters (werkzeug has no public name for them).
    for argument in sorted(rule._converters):
        combinations = [
            {**done, argument: value}
            for done in combinations
            for value in _values(rule, argument, samples)
        ]
    return [rule.build(values, append_unknown=False)[1] for values in combinations]


def pages_of(data: VisualData) -> list[Shown]:
    """Every HTML page of the fakes: the GET routes but the admin API, the JSON API, the static
    files and NOT_PAGES."""
    samples = _samples(data)
    found = []
    for fake in FAKES_WITH_PAGES:
        for rule in data.sandbox.servers[fake].app.url_map.iter_rules():
            if (
                "GET" not in (rule.methods or ())
                or rule.rule.startswith(("/__admin", "/api", "/static"))
                or rule.endpoint in NOT_PAGES
            ):
                continue
            found += [Shown(fake, rule.endpoint, path) for path in _paths(rule, samples)]
    return sorted(found, key=lambda shown: (shown.fake, shown.path))


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def width(request: pytest.FixtureRequest) -> int:
    return request.param


@pytest.fixture(scope="module")
def windows(browser: Browser, visual_data: VisualData, width: int) -> Iterator[dict[bool, Page]]:
    """A window where the dealer is signed in to the four fakes, and one where nobody is."""
    opened = {}
    for signed_in in (True, False):
        context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR")
        opened[signed_in] = context.new_page()
    urls = visual_data.sandbox.urls
    Portal(opened[True], urls["centralisateur"]).sign_in_directly(*DEALER)
    opened[True].goto(f"{urls['icare']}/myicare/")
    MyIcare(opened[True]).sign_in()
    Desk(opened[True], urls["pvo2"]).sign_in_directly()
    yield opened
    for page in opened.values():
        page.context.close()


def test_every_page_is_measured(visual_data: VisualData) -> None:
    """Each fake's pages, from its routes: the portal's menu pages and documents included."""
    endpoints = {shown.endpoint for shown in pages_of(visual_data)}
    assert {
        "portal.login",
        "portal.form",
        "portal.sales",
        "portal.menu_page",
        "documents.document",
        "myicare.contract",
        "desk.order",
        "desk.print_dialog",
        "desk.site_identity",
    } <= endpoints


def test_pages_are_readable_at_each_width(
    windows: dict[bool, Page], visual_data: VisualData, width: int
) -> None:
    problems = []
    for shown in pages_of(visual_data):
        page = windows[shown.signed_in]
        answer = page.goto(visual_data.sandbox.urls[shown.fake] + shown.path)
        assert answer is not None and answer.ok, f"{shown.path}: {answer and answer.status}"
        found = broken_values(page) + cut_values(page) + lone_words(page)
        if (excess := overflow(page)) > 0:
            found.append(f"{excess} px plus large que la fenêtre : on défile de côté")
        problems += [f"{shown.fake} {shown.path} à {width} px : {problem}" for problem in found]
    assert not problems, "\n".join(problems)
