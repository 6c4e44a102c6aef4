"""The lines an order's declarations add to the order page and to Livraisons, read at the widths
people use: the layout test's pages have none (its sandbox declares nothing from the desk, and
the portal's Vente baseline would change if it did), so each state is recorded here directly in
the desk's store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from fake_pvo2 import create_app, store
from harness.desk_pages import Desk
from harness.servers import ServerThread
from harness.visual import broken_values, cut_values, lone_words, overflow
from sandbox.db import current_database
from tests.conftest import ICARE_DOWN

pytestmark = pytest.mark.browser

WIDTHS = (800, 1024, 1280, 1920)
# One order per state, with numbers as long as the fakes give them.
STATES = {
    "8120417": (
        store.DECLARED,
        {
            "declaration_id": "d-1",
            "number": "DEC2026-0000001",
            "contract_number": "IC2026-0000001",
            "myicare_url": "http://127.0.0.1:9/myicare/contrats/IC2026-0000001",
            "period_start": date(2021, 12, 1),
            "period_end": date(2022, 11, 30),
        },
    ),
    "7415201": (store.INSURED, {"policy_number": "PSAVO00000001", "premium": "1180.00"}),
    "7414134": (
        store.REFUSED,
        {"messages": ["Le Centralisateur refuse le code RRDI Spoticar ou le mot de passe."]},
    ),
    "7413980": (store.DRAFT, {"declaration_id": "d-2", "form_url": "http://127.0.0.1:9/x"}),
}
PLUGINS = {store.INSURED: "Déclaration PSA Insurance"}


@pytest.fixture(scope="module")
def desk_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A desk whose orders each show one state of a declaration (the Centralisateur down: the
    draft stays a draft)."""
    folder: Path = tmp_path_factory.mktemp("desk")
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{folder / 'pvo2.db'}",
            "CENTRALISATEUR_URL": ICARE_DOWN,
            "TODAY": "2021-12-01",
        }
    )
    with app.app_context(), current_database().session() as session:
        site = session.get(store.Site, "PE01")
        assert site is not None
        for numero, (state, facts) in STATES.items():
            dossier = store.find_dossier(session, site, numero)
            assert dossier is not None, numero
            plugin = PLUGINS.get(state, "Déclaration de garantie Spoticar")
            store.record_declaration(session, dossier, plugin, state, **facts)
    server = ServerThread(app, threads=2)
    server.start()
    yield server.url
    server.stop()


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda width: f"{width}px")
def window(browser: Browser, desk_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 900}, locale="fr-FR")
    page = context.new_page()
    Desk(page, desk_url).sign_in_directly()
    yield page
    context.close()


def test_the_declarations_lines_are_readable_at_each_width(window: Page, desk_url: str) -> None:
    problems = []
    for path in ["/livraisons", *(f"/commandes/{numero}" for numero in STATES)]:
        window.goto(desk_url + path)
        assert window.get_by_role("list").filter(has_text="Déclaration").count(), path
        found = broken_values(window) + cut_values(window) + lone_words(window)
        if (excess := overflow(window)) > 0:
            found.append(f"{excess} px plus large que la fenêtre")
        problems += [f"{path} : {problem}" for problem in found]
    assert not problems, "\n".join(problems)
