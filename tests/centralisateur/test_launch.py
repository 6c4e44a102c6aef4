"""The window PVO² opens: `form_url`'s launch token signs the dealer in, once, for a short time."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from html import unescape
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import itsdangerous.timed
import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur import launch
from tests.centralisateur.conftest import basic_auth

Headers = Callable[..., dict[str, str]]


def hand_over(client: FlaskClient, code: str = "953617Z", **fields: str) -> dict[str, Any]:
    """What PVO² does on "Déclarer": the draft, whose `form_url` is the window it opens."""
    response = client.post(
        "/api/v1/declarations",
        json={"fields": {"nom": "Dupond", **fields}},
        headers=basic_auth(code),
    )
    assert response.status_code == 201, response.json
    return response.json


def open_window(app: Flask, form_url: str) -> tuple[FlaskClient, Any]:
    """A browser with no session opens the URL; its client and the page it lands on."""
    browser = app.test_client()
    return browser, browser.get(form_url, follow_redirects=True)


def alert(html: str) -> str:
    found = re.search(r'role="alert">(.*?)</div>', html, re.S)
    assert found, "no message on the page"
    return unescape(found[1]).strip()


def signed_in(browser: FlaskClient) -> bool:
    return browser.get("/accueil").status_code == 200


def test_form_url_carries_a_launch_token(client: FlaskClient) -> None:
    draft = hand_over(client)
    url = urlsplit(draft["form_url"])
    assert url.path == f"/declarations/{draft['id']}/ouverture"
    assert parse_qs(url.query)[launch.TOKEN_ARG]
    again = client.get(f"/api/v1/declarations/{draft['id']}", headers=basic_auth()).json
    assert again["form_url"] != draft["form_url"]  # a fresh token in every answer


def test_first_connection_opens_profil_then_page_one_then_page_two(
    app: Flask, client: FlaskClient
) -> None:
    draft = hand_over(client, vin="VR3UPHNKSNT000001")
    browser, page = open_window(app, draft["form_url"])
    assert page.request.path == "/profil"
    assert "Configuration des garanties commerciales" in page.text
    assert "AXILOG DEMO" in page.text  # signed in as the draft's dealer

    page = browser.post(
        page.request.full_path, data={"icare_id": "IC-953617"}, follow_redirects=True
    )
    assert page.request.path == f"/declarations/{draft['id']}"
    assert "DECLARATION VENTE SPOTICAR" in page.text
    page = browser.post(page.request.path, data={"garantisseur": "spoticar"}, follow_redirects=True)
    assert page.request.path == f"/declarations/{draft['id']}/formulaire"
    assert 'value="Dupond"' in page.text and 'value="VR3UPHNKSNT000001"' in page.text


def test_configured_profile_opens_page_one(app: Flask, client: FlaskClient) -> None:
    client.put("/api/v1/profile", json={"icare_id": "IC-953617"}, headers=basic_auth())
    _, page = open_window(app, hand_over(client)["form_url"])
    assert page.request.path.startswith("/declarations/")
    assert ">DECLARATION VENTE SPOTICAR</h1>" in page.text


def test_a_used_token_opens_nothing_the_second_time(app: Flask, client: FlaskClient) -> None:
    form_url = hand_over(client)["form_url"]
    first, _ = open_window(app, form_url)
    assert signed_in(first)
    second, page = open_window(app, form_url)
    assert page.request.path == "/connexion"
    assert "Connexion au Centralisateur" in page.text
    assert alert(page.text) == launch.USED
    assert not signed_in(second)


def test_an_expired_token_opens_nothing(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    an_hour_ago = SimpleNamespace(time=lambda: time.time() - 3600)
    monkeypatch.setattr(itsdangerous.timed, "time", an_hour_ago)
    form_url = hand_over(client)["form_url"]  # signed an hour ago
    monkeypatch.undo()
    browser, page = open_window(app, form_url)
    assert page.request.path == "/connexion"
    assert alert(page.text) == launch.EXPIRED.format(minutes=5)
    assert not signed_in(browser)


def _with_token(form_url: str, token: str) -> str:
    url = urlsplit(form_url)
    return f"{url.path}?{urlencode({launch.TOKEN_ARG: token})}"


@pytest.mark.parametrize(
    "alter",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature
        lambda token: "x" + token,  # payload
        lambda token: "",  # none at all
    ],
    ids=["signature", "payload", "missing"],
)
def test_an_altered_token_opens_nothing(
    app: Flask, client: FlaskClient, alter: Callable[[str], str]
) -> None:
    form_url = hand_over(client)["form_url"]
    token = parse_qs(urlsplit(form_url).query)[launch.TOKEN_ARG][0]
    browser, page = open_window(app, _with_token(form_url, alter(token)))
    assert page.request.path == "/connexion"
    assert alert(page.text) == launch.INVALID
    assert not signed_in(browser)


def test_a_token_opens_only_its_own_declaration(app: Flask, client: FlaskClient) -> None:
    mine = hand_over(client)
    theirs = hand_over(client, code="751020A")
    token = parse_qs(urlsplit(mine["form_url"]).query)[launch.TOKEN_ARG][0]
    other_path = urlsplit(theirs["form_url"]).path
    browser = app.test_client()
    page = browser.get(f"{other_path}?{launch.TOKEN_ARG}={token}", follow_redirects=True)
    assert alert(page.text) == launch.INVALID
    assert not signed_in(browser)


def test_another_dealers_token_opens_nothing_where_a_dealer_is_signed_in(
    app: Flask, client: FlaskClient
) -> None:
    theirs = hand_over(client, code="751020A")
    browser = app.test_client()
    browser.post("/connexion", data={"code_rrdi": "953617Z", "password": "spoticar"})
    page = browser.get(theirs["form_url"], follow_redirects=True)
    assert page.request.path == "/connexion"
    assert alert(page.text) == launch.OTHER_DEALER
    assert browser.get(f"/declarations/{theirs['id']}").status_code == 404


def test_a_token_is_single_use_across_workers(
    make_centralisateur: Callable[..., Flask], client: FlaskClient
) -> None:
    """Two apps on one database (two workers, one secret): the second refuses the used token."""
    form_url = hand_over(client)["form_url"]
    worker = make_centralisateur(SECRET_KEY=client.application.secret_key)
    assert signed_in(open_window(client.application, form_url)[0])
    browser, page = open_window(worker, form_url)
    assert alert(page.text) == launch.USED
    assert not signed_in(browser)


def test_the_openapi_document_says_what_form_url_opens(client: FlaskClient) -> None:
    schemas = client.get("/api/openapi.json").json["components"]["schemas"]
    described = schemas["DeclarationOut"]["properties"]["form_url"]["description"]
    for words in ("launch token", "valid once", "LAUNCH_TOKEN_MAX_AGE", "login page"):
        assert words in described


def test_signing_in_after_a_refused_token_opens_the_declaration(
    app: Flask, client: FlaskClient
) -> None:
    theirs = hand_over(client, code="751020A")
    browser = app.test_client()
    browser.post("/connexion", data={"code_rrdi": "953617Z", "password": "spoticar"})
    refused = browser.get(theirs["form_url"])
    login_page = f"/connexion?next=/declarations/{theirs['id']}"
    assert refused.location == login_page
    assert alert(browser.get(refused.location).text) == launch.OTHER_DEALER
    signed = browser.post(login_page, data={"code_rrdi": "751020A", "password": "spoticar"})
    assert signed.location == f"/declarations/{theirs['id']}"
