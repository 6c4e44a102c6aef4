"""The desk's errors: a French page in its own layout; its API keeps the JSON error shape."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient


def test_an_unknown_page_is_a_french_page_of_the_desk(client: FlaskClient) -> None:
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<h1>Page introuvable</h1>" in page
    assert "Cette adresse n&#39;existe pas." in page
    assert 'class="brand">PVO²' in page


def test_an_unknown_api_route_answers_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/nulle-part")
    assert response.status_code == 404
    assert response.get_json()["error_code"] == "NOT_FOUND"


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "/\t/evil.example", "/\t\t/evil.example", "/\n/evil.example", "/\r/x"],
)
def test_sign_in_never_sends_to_another_site_nor_fails(client: FlaskClient, target: str) -> None:
    """A tab or a line break after the first slash made browsers read `//evil.example`."""
    response = client.post(
        "/connexion", query_string={"next": target}, data={"login": "hakim.ab", "password": "pvo2"}
    )
    assert response.status_code == 302
    assert response.location == "/"
