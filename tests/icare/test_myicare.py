"""MyIcare: the dealer, signed in, finds a contract by its number."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from flask.testing import FlaskClient

from tests.icare.conftest import AUTH, contract_request


class Page(HTMLParser):
    """The visible text of a page, its title, its alerts and which inputs have a label."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.chunks: list[str] = []
        self.title = ""
        self.alerts: list[str] = []
        self.inputs: list[str] = []
        self.labels: list[str] = []
        self._in: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "input":
            if attributes.get("type") != "hidden":  # a CSRF token needs no label
                self.inputs.append(attributes.get("id") or "")
            return
        if tag == "label":
            self.labels.append(attributes.get("for") or "")
        self._in.append("alert" if attributes.get("role") == "alert" else tag)

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if "style" in self._in:
            return
        if "title" in self._in:
            self.title += data
        elif "alert" in self._in:
            self.alerts.append(data.strip())
        self.chunks.append(data)

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.chunks)).strip()


def test_search_form_is_labelled(myicare: FlaskClient) -> None:
    response = myicare.get("/myicare/")
    assert response.status_code == 200
    page = Page(response.text)
    assert page.title == "MyIcare"
    assert "Numéro de contrat" in page.text
    assert "Rechercher" in page.text
    assert page.inputs == ["numero"]
    assert page.inputs == page.labels  # every input has its <label for>
    assert myicare.get("/").headers["Location"].endswith("/myicare/")


def test_search_found_shows_the_contract(myicare: FlaskClient) -> None:
    number = myicare.post("/api/v1/contracts", json=contract_request(), auth=AUTH).json[
        "contract_number"
    ]
    response = myicare.get("/myicare/", query_string={"numero": f" {number.lower()} "})
    assert response.status_code == 302
    page = myicare.get(response.headers["Location"])
    assert page.status_code == 200
    text = Page(page.text).text
    for expected in (
        f"Contrat n° {number}",
        "En vigueur",
        "Titulaire",
        "Nom Dupond",
        "Prénom Jean",
        "Véhicule",
        "Marque PEUGEOT",
        "Modèle 208",
        "VIN VF1BR1G0H41002400",
        "Immatriculation AB-123-CD",
        "Garantie",
        "Niveau de garantie SPOTICAR PREMIUM",
        "Durée (mois) 12 mois",
        "Date de début 30/11/2025",
        "Date de fin 30/11/2026",
        "Distributeur vendeur",
        "Raison sociale AXILOG DEMO",
        "Code RRDI 953617Z",
    ):
        assert expected in text


def test_search_not_found_says_so(myicare: FlaskClient) -> None:
    response = myicare.get("/myicare/", query_string={"numero": "IC2025-0000042"})
    page = myicare.get(response.headers["Location"])
    assert page.status_code == 404
    parsed = Page(page.text)
    assert parsed.alerts == ["Aucun contrat ne porte le numéro « IC2025-0000042 »."]
    assert 'aria-invalid="true"' in page.text
    assert parsed.inputs == parsed.labels


def test_empty_search_asks_for_a_number(myicare: FlaskClient) -> None:
    response = myicare.get("/myicare/", query_string={"numero": "  "})
    assert response.status_code == 400
    assert Page(response.text).alerts == [
        "Saisissez un numéro de contrat, par exemple IC2026-0000001."
    ]
