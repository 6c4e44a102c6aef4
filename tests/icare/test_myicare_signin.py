"""MyIcare's sign-in: the Icare identifier and password open the dealer's own contracts only."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_icare import create_app
from sandbox.dealers import AXILOG, GARAGE_DU_PARC, DemoDealer
from tests.icare.conftest import AUTH, TODAY, contract_request, sign_in
from tests.icare.test_myicare import Page


def create_contract(client: FlaskClient, dealer: DemoDealer = AXILOG) -> str:
    """A contract sold by `dealer`, under its own Icare identifier."""
    body = contract_request()
    body["dealer_icare_id"] = dealer.icare_id
    body["selling_dealer"] = {**body["selling_dealer"], "code_rrdi": dealer.code_rrdi}
    answer = client.post("/api/v1/contracts", json=body, auth=AUTH)
    assert answer.status_code == 201, answer.json
    return str(answer.json["contract_number"])


def test_myicare_asks_to_sign_in_first(client: FlaskClient) -> None:
    number = create_contract(client)
    for path, target in (
        ("/myicare/", "/myicare/"),
        (f"/myicare/contrats/{number}", f"/myicare/contrats/{number}"),
    ):
        response = client.get(path)
        assert response.status_code == 302
        assert response.location == f"/myicare/connexion?next={target}"
    assert number not in client.get(f"/myicare/contrats/{number}", follow_redirects=True).text


def test_the_sign_in_page_is_french_and_labelled(client: FlaskClient) -> None:
    page = Page(client.get("/myicare/connexion").text)
    assert "Connexion à MyIcare" in page.text
    assert "Identifiant Icare" in page.text and "Mot de passe" in page.text
    assert "Se connecter" in page.text
    assert page.inputs == page.labels == ["identifiant", "password"]


def test_a_wrong_password_is_refused_in_french(client: FlaskClient) -> None:
    response = sign_in(client, password="nope")
    assert response.status_code == 401
    assert Page(response.text).alerts == ["Identifiant Icare ou mot de passe incorrect."]
    assert client.get("/myicare/").status_code == 302


def test_sign_in_lands_on_the_contract_asked_for(client: FlaskClient) -> None:
    number = create_contract(client)
    login = client.get(f"/myicare/contrats/{number}").location
    response = client.post(login, data={"identifiant": "ic-953617", "password": "spoticar"})
    assert response.location == f"/myicare/contrats/{number}"
    assert number in client.get(response.location).text


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "/a\r\nX: y"]
)
def test_sign_in_goes_nowhere_else(client: FlaskClient, target: str) -> None:
    response = client.post(
        "/myicare/connexion",
        query_string={"next": target},
        data={"identifiant": "IC-953617", "password": "spoticar"},
    )
    assert response.location == "/myicare/"


def test_another_dealers_contract_is_as_unknown_as_a_missing_one(client: FlaskClient) -> None:
    theirs = create_contract(client, GARAGE_DU_PARC)
    sign_in(client, "IC-953617")
    other = client.get(f"/myicare/contrats/{theirs}")
    missing = client.get("/myicare/contrats/IC2025-0999999")
    assert other.status_code == missing.status_code == 404
    assert Page(other.text).alerts == [f"Aucun contrat ne porte le numéro « {theirs} »."]
    assert other.text.replace(theirs, "N") == missing.text.replace("IC2025-0999999", "N")
    sign_in(client, "IC-751020")
    assert client.get(f"/myicare/contrats/{theirs}").status_code == 200


def test_the_header_names_the_dealer_and_signs_out(client: FlaskClient) -> None:
    sign_in(client)
    header = Page(client.get("/myicare/").text).text
    assert "AXILOG DEMO" in header and "IC-953617" in header
    name = client.application.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    assert cookie is not None
    assert client.post("/myicare/deconnexion").location == "/myicare/connexion"
    copy = client.application.test_client()
    copy.set_cookie(name, cookie.value)
    assert copy.get("/myicare/").status_code == 302


def test_resetting_the_dealer_signs_it_out(client: FlaskClient) -> None:
    sign_in(client)
    assert client.post("/__admin/reset", query_string={"dealer": "953617Z"}).status_code == 200
    assert client.get("/myicare/").status_code == 302


def test_repeated_failures_are_slowed_down(tmp_path: Path) -> None:
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path}/icare.db",
            "TESTING": True,
            "TODAY": TODAY,
            "WTF_CSRF_ENABLED": False,
            "LOGIN_MAX_FAILURES": 2,
        }
    )
    client = app.test_client()
    for _ in range(2):
        assert sign_in(client, password="nope").status_code == 401
    response = sign_in(client)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert Page(response.text).alerts[0].startswith("Trop de tentatives de connexion")


def test_the_sign_in_form_is_protected_against_csrf(tmp_path: Path) -> None:
    app: Flask = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/icare.db", "TESTING": True})
    client = app.test_client()
    assert sign_in(client).status_code == 400
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/myicare/connexion").text)
    assert token is not None
    response = client.post(
        "/myicare/connexion",
        data={"identifiant": "IC-953617", "password": "spoticar", "csrf_token": token[1]},
    )
    assert response.status_code == 302
    assert client.post("/api/v1/contracts", json=contract_request(), auth=AUTH).status_code == 201
