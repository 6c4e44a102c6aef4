"""The portal shows what the tutorial shows, and nothing it does not.

Every page a dealer can reach is rendered (Flask's test client, Icare down so the pending
contract is seen too) and every label, legend, button, heading, column header, term and link
text it names must be one of the tutorial's texts or a documented necessary addition
(`tutorial_texts.py`). Compared without the trailing " :" and "*" and without case: the
asterisks have their own test (test_schemas.py).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from harness.demo import DEMO_DECLARATION
from tests.centralisateur.tutorial_texts import NECESSARY_ADDITIONS, TUTORIAL_TEXTS
from tests.page_text import names_on_page, page_lines

TUTORIAL_NAME = "tutoriel-pvo2-spoticar.txt"
# Extraction noise of the tutorial's text (DESIGN.md): what its screenshots actually show.
EXTRACTION_NOISE = {"Km glie": "Km gtie", "^{re}": "re"}


def _key(text: str) -> str:
    return " ".join(text.split()).rstrip(" :*").casefold()


ALLOWED = {_key(t) for t in (*TUTORIAL_TEXTS, *NECESSARY_ADDITIONS)}


def _tutorial() -> Path | None:
    """The tutorial beside the repository (shared/spec/), or TUTORIAL_PATH."""
    if os.environ.get("TUTORIAL_PATH"):
        return Path(os.environ["TUTORIAL_PATH"])
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "spec" / TUTORIAL_NAME
        if candidate.is_file():
            return candidate
    return None


def _render_every_page(client: FlaskClient) -> dict[str, str]:
    """Each page as a dealer meets it, from the login to the documents."""
    pages = {"connexion": client.get("/connexion").text}
    pages["connexion refusée"] = client.post(
        "/connexion", data={"code_rrdi": "953617Z", "password": "x"}
    ).text
    client.post("/connexion", data={"code_rrdi": "953617Z", "password": "spoticar"})
    pages["profil, première visite"] = client.get("/profil").text
    pages["profil refusé"] = client.post("/profil", data={"icare_id": ""}).text
    client.post("/profil", data={"icare_id": "IC-953617"})
    pages["page 1"] = client.get("/declarer").text
    pages["page 1 refusée"] = client.post("/declarer", data={}).text
    form = client.post("/declarer", data={"garantisseur": "spoticar"}).location
    pages["page 2"] = client.get(form).text
    pages["page 2 refusée"] = client.post(form, data={}).text
    confirmation = client.post(form, data=DEMO_DECLARATION).location
    pages["confirmations"] = client.get(confirmation).text
    pages["relevé"] = client.get(f"{confirmation}/releve").text
    pages["certificat"] = client.get(f"{confirmation}/certificat").text
    pages["vente"] = client.get("/vente").text
    pages["vente sans résultat"] = client.get("/vente?q=introuvable").text
    for path in ("accueil", "facturation", "rgpd", "statistiques", "reception-apv", "support"):
        pages[path] = client.get(f"/{path}").text
    return pages


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from fake_centralisateur import create_app

    folder = tmp_path_factory.mktemp("portal-text")
    app: Flask = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{folder / 'centralisateur.db'}",
            "WTF_CSRF_ENABLED": False,
            "ICARE_URL": "http://127.0.0.1:9",
            "TODAY": "2025-11-30",
        }
    )
    return _render_every_page(app.test_client())


def test_every_name_on_screen_is_the_tutorials_or_a_necessary_addition(
    pages: dict[str, str],
) -> None:
    unknown = {
        (page, name)
        for page, html in pages.items()
        for name in names_on_page(html)
        if _key(name) not in ALLOWED
    }
    assert unknown == set()


@pytest.mark.parametrize(
    ("page", "text"),
    [
        ("page 1", "DECLARATION VENTE SPOTICAR"),
        ("page 2", "DECLARATION VENTE SPOTICAR"),
        ("confirmations", "DECLARATION VENTE SPOTICAR"),
        ("profil, première visite", "PROFIL"),
        (
            "profil, première visite",
            "Afin de déclarer et garantir, veuillez configurer les garantisseurs qui "
            "correspondent à votre activité.",
        ),
    ],
)
def test_a_title_or_sentence_is_shown_once(pages: dict[str, str], page: str, text: str) -> None:
    assert page_lines(pages[page]).count(text) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Garantie commerciale*",
        "Garantisseurs",
        "Cette case est cochée et ne peut être modifiée.",
        "MyIcare",
    ],
)
def test_what_the_tutorial_does_not_show_is_not_shown(pages: dict[str, str], text: str) -> None:
    assert [page for page, html in pages.items() if text in " ".join(page_lines(html))] == []


def test_the_confirmation_names_myicare_as_the_tutorial_does(
    make_centralisateur: Callable[..., Flask],
) -> None:
    app = make_centralisateur()
    with app.test_request_context():
        from flask import render_template

        from fake_centralisateur import store

        declaration = store.Declaration(
            public_id="x", number="DEC1", contract_number="IC1", contract_url="http://m/IC1"
        )
        declaration.status = store.DECLARED
        html = render_template(
            "centralisateur/confirmation.html", title="T", declaration=declaration, unavailable=""
        )
    assert "Vous pouvez retrouver le contrat grâce au numéro sur le portail Myicare." in " ".join(
        page_lines(html)
    )


def test_the_tutorial_texts_are_the_tutorials() -> None:
    path = _tutorial()
    if path is None:
        pytest.skip(f"{TUTORIAL_NAME} is not beside the repository (set TUTORIAL_PATH)")
    text = path.read_text(encoding="utf-8")
    for noise, shown in EXTRACTION_NOISE.items():
        text = text.replace(noise, shown)
    tutorial = " ".join(text.split())
    assert [t for t in TUTORIAL_TEXTS if " ".join(t.split()) not in tutorial] == []
