"""No dealer reaches another's data: every route of the Centralisateur that takes a declaration
id answers another dealer as if there were no such declaration (404), or refuses it (the
launch window), and changes nothing; the Profil takes only the dealer's own Icare identifier,
and Icare opens no contract under another dealer's identifier."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur.schemas import ICARE_ID_NOT_YOURS
from fake_icare import create_app as create_icare
from harness.servers import ServerThread
from sandbox.dealers import AXILOG, GARAGE_DU_PARC
from tests.centralisateur.conftest import basic_auth
from tests.icare.conftest import AUTH as ICARE_AUTH
from tests.icare.conftest import contract_request

OWNER, OTHER = basic_auth(), basic_auth(GARAGE_DU_PARC.code_rrdi)
# (endpoint, method, path after /declarations/<id>, API or portal, what the other dealer gets)
ROUTES = [
    ("declarations_api.DeclarationItem", "GET", "", "api", 404),
    ("declarations_api.DeclarationItem", "PATCH", "", "api", 404),
    ("declarations_api.submit", "POST", "/submit", "api", 404),
    ("declarations_api.retry_contract", "POST", "/contract", "api", 404),
    ("portal.declaration", "GET", "", "portal", 404),
    ("portal.declaration", "POST", "", "portal", 404),
    ("portal.launch_window", "GET", "/ouverture", "portal", 302),  # to the login, refused
    ("portal.form", "GET", "/formulaire", "portal", 404),
    ("portal.form", "POST", "/formulaire", "portal", 404),
    ("portal.retry_contract", "POST", "/contrat", "portal", 404),
    ("documents.document", "GET", "/releve", "portal", 404),
    ("documents.document", "GET", "/certificat", "portal", 404),
    ("documents.document_pdf", "GET", "/releve.pdf", "portal", 404),
    ("documents.document_pdf", "GET", "/certificat.pdf", "portal", 404),
]


@pytest.fixture
def app(
    make_centralisateur: Callable[..., Flask],
    serve: Callable[..., ServerThread],
    tmp_path: Path,
) -> Flask:
    icare = create_icare(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'icare.db'}",
            "TODAY": "2025-11-30",
        }
    )
    return make_centralisateur(ICARE_URL=serve(icare).url)


def _declared(client: FlaskClient, valid_form: dict[str, Any]) -> dict[str, Any]:
    """AXILOG DEMO's declaration, declared, with its Icare contract and its documents."""
    for dealer, headers in ((AXILOG, OWNER), (GARAGE_DU_PARC, OTHER)):
        profile = {"icare_id": dealer.icare_id}
        assert client.put("/api/v1/profile", json=profile, headers=headers).status_code == 200
    draft = client.post(
        "/api/v1/declarations",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        headers=OWNER,
    ).json
    declared = client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=OWNER)
    assert declared.status_code == 200, declared.json
    assert declared.json["contract"]["status"] == "créé"
    return declared.json


def _stored(client: FlaskClient, public_id: str) -> dict[str, Any]:
    """The declaration as its owner reads it, without its launch link (new at each read)."""
    declaration = client.get(f"/api/v1/declarations/{public_id}", headers=OWNER).json
    return {key: value for key, value in declaration.items() if key != "form_url"}


def test_every_declaration_route_answers_another_dealer_404(
    app: Flask, client: FlaskClient, valid_form: dict[str, Any]
) -> None:
    declared = _declared(client, valid_form)
    public_id = declared["id"]
    before = _stored(client, public_id)
    other_portal = app.test_client()
    other_portal.post(
        "/connexion",
        data={"code_rrdi": GARAGE_DU_PARC.code_rrdi, "password": GARAGE_DU_PARC.password},
    )
    owner_portal = app.test_client()
    owner_portal.post("/connexion", data={"code_rrdi": AXILOG.code_rrdi, "password": "spoticar"})
    for _endpoint, method, suffix, via, refused in ROUTES:
        if via == "api":
            path = f"/api/v1/declarations/{public_id}{suffix}"
            response = client.open(
                path, method=method, json={"fields": {"nom": "PRIS"}}, headers=OTHER
            )
        else:
            path = f"/declarations/{public_id}{suffix}"
            response = other_portal.open(path, method=method, data={"nom": "PRIS"})
        assert response.status_code == refused, (method, path)
        if refused == 302:  # the launch link refused: sign in, then back to the declaration
            assert response.location == f"/connexion?next=/declarations/{public_id}"
    assert _stored(client, public_id) == before
    assert owner_portal.get(f"/declarations/{public_id}/releve").status_code == 200
    assert client.get("/api/v1/declarations", headers=OTHER).json == []


def test_the_table_covers_every_route_that_takes_a_declaration_id(app: Flask) -> None:
    with_id = {rule.endpoint for rule in app.url_map.iter_rules() if "<public_id>" in rule.rule}
    assert with_id == {endpoint for endpoint, *_ in ROUTES}


@pytest.mark.parametrize("icare_id", [GARAGE_DU_PARC.icare_id, "IC-000000", "ic-751020"])
def test_the_api_profile_takes_only_the_dealer_s_own_icare_id(
    client: FlaskClient, icare_id: str
) -> None:
    response = client.put("/api/v1/profile", json={"icare_id": icare_id}, headers=OWNER)
    assert response.status_code == 422
    message = ICARE_ID_NOT_YOURS.format(icare_id=icare_id)
    assert response.json["error_code"] == "PROFILE_INVALID"
    assert response.json["message"] == (
        "Le profil n'a pas été enregistré : corrigez les champs signalés."
    )
    assert response.json["errors"] == {"json": {"icare_id": [message]}}
    assert response.json["field_errors"] == [
        {"field": "icare_id", "label": "icare_id", "message": message}
    ]
    profile = client.get("/api/v1/profile", headers=OWNER).json
    assert profile["icare_id"] is None and profile["profile_configured"] is False


def test_the_own_icare_id_is_taken_whatever_its_case(client: FlaskClient) -> None:
    response = client.put("/api/v1/profile", json={"icare_id": " ic-953617 "}, headers=OWNER)
    assert response.status_code == 200
    assert response.json["icare_id"] == AXILOG.icare_id


def test_the_profil_page_refuses_another_dealer_s_icare_id_beside_its_field(
    client: FlaskClient,
) -> None:
    client.post("/connexion", data={"code_rrdi": AXILOG.code_rrdi, "password": "spoticar"})
    response = client.post("/profil", data={"icare_id": GARAGE_DU_PARC.icare_id})
    assert response.status_code == 422
    message = ICARE_ID_NOT_YOURS.format(icare_id=GARAGE_DU_PARC.icare_id)
    assert message.replace("'", "&#39;") in response.text
    assert 'id="icare_id" name="icare_id" value="IC-751020"' in response.text
    assert client.get("/api/v1/profile", headers=OWNER).json["profile_configured"] is False


def test_icare_opens_no_contract_under_another_dealer_s_identifier(tmp_path: Path) -> None:
    icare = create_icare(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'icare.db'}",
            "TODAY": "2025-11-30",
        }
    ).test_client()
    body = contract_request()
    body["dealer_icare_id"] = GARAGE_DU_PARC.icare_id  # sold by AXILOG DEMO (953617Z)
    refused = icare.post("/api/v1/contracts", json=body, auth=ICARE_AUTH)
    assert refused.status_code == 422
    assert refused.json["error_code"] == "DEALER_UNKNOWN"
    theirs = f"/api/v1/dealers/{GARAGE_DU_PARC.icare_id}/contracts"
    assert icare.get(theirs, auth=ICARE_AUTH).json == []
    body["selling_dealer"]["code_rrdi"] = GARAGE_DU_PARC.code_rrdi  # its owner sells
    assert icare.post("/api/v1/contracts", json=body, auth=ICARE_AUTH).status_code == 201
