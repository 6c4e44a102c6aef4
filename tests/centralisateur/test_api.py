"""The JSON API that PVO² calls: the form's messages, per dealer, nothing stored on refusal."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

Headers = Callable[..., dict[str, str]]


@pytest.fixture
def configured(client: FlaskClient, dealer_headers: Headers) -> Headers:
    """The demo dealer with its profile configured."""
    response = client.put(
        "/api/v1/profile", json={"icare_id": "IC-953617"}, headers=dealer_headers()
    )
    assert response.status_code == 200
    return dealer_headers


def create(client: FlaskClient, headers: dict[str, str], values: dict[str, Any]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/declarations",
        json={"fields": values, "commercial_warranty": "spoticar"},
        headers=headers,
    )
    assert response.status_code == 201, response.json
    return response.json


def test_api_needs_dealer_credentials(client: FlaskClient, dealer_headers: Headers) -> None:
    assert client.get("/api/v1/declarations").status_code == 401
    response = client.get("/api/v1/declarations", headers=dealer_headers(password="wrong"))
    assert response.status_code == 401
    assert response.json["error_code"] == "UNAUTHORIZED"
    assert response.headers["WWW-Authenticate"].startswith("Basic")


def test_draft_gets_an_id_and_the_url_of_its_form(
    client: FlaskClient, configured: Headers, valid_form: dict[str, Any]
) -> None:
    draft = create(client, configured(), {"nom": "Dupond", "vin": "VR3UPHNKSNT000001"})
    assert draft["status"] == "brouillon" and draft["number"] is None
    assert draft["form_url"].startswith(
        f"http://localhost/declarations/{draft['id']}/ouverture?jeton="
    )
    assert draft["fields"] == {"nom": "Dupond", "vin": "VR3UPHNKSNT000001"}


def test_unknown_field_in_a_draft_is_refused(client: FlaskClient, configured: Headers) -> None:
    response = client.post(
        "/api/v1/declarations", json={"fields": {"couleur": "rouge"}}, headers=configured()
    )
    assert response.status_code == 422
    assert "couleur" in response.json["errors"]["json"]["fields"]


def test_submit_refusal_lists_the_form_messages_in_order(
    client: FlaskClient, configured: Headers, valid_form: dict[str, Any]
) -> None:
    valid_form.update(type_vehicule="", immatriculation="", vin="VF1BR1G0H4100240O")
    draft = create(client, configured(), valid_form)
    response = client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=configured())
    assert response.status_code == 422
    body = response.json
    assert body["error_code"] == "FORM_INVALID"
    assert [line["message"] for line in body["field_errors"]] == [
        "Le champ type véhicule est obligatoire",
        "Le champ immatriculation est obligatoire",
        "Le VIN doit compter 17 caractères, chiffres et lettres sauf I, O et Q",
    ]
    assert body["field_errors"][0] == {
        "field": "type_vehicule",
        "label": "Type véhicule",
        "message": "Le champ type véhicule est obligatoire",
    }
    again = client.get(f"/api/v1/declarations/{draft['id']}", headers=configured()).json
    assert again["status"] == "brouillon" and again["number"] is None


def test_patch_then_submit_records_the_declaration(
    client: FlaskClient, configured: Headers, valid_form: dict[str, Any]
) -> None:
    incomplete = {k: v for k, v in valid_form.items() if k != "immatriculation"}
    draft = create(client, configured(), incomplete)
    patched = client.patch(
        f"/api/v1/declarations/{draft['id']}",
        json={"fields": {"immatriculation": "ab123cd"}},
        headers=configured(),
    )
    assert patched.json["fields"]["immatriculation"] == "ab123cd"
    response = client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=configured())
    assert response.status_code == 200, response.json
    declared = response.json
    assert declared["status"] == "déclarée"
    assert declared["number"].startswith("DEC")
    assert declared["fields"]["immatriculation"] == "AB-123-CD"
    assert declared["fields"]["date_livraison"] == "2025-11-30"
    assert declared["contract"]["status"] == "en attente"  # Icare is down in these tests
    assert (
        client.patch(
            f"/api/v1/declarations/{draft['id']}", json={"fields": {}}, headers=configured()
        ).status_code
        == 409
    )
    found = client.get(
        "/api/v1/declarations", query_string={"q": "ab-123"}, headers=configured()
    ).json
    assert [d["number"] for d in found] == [declared["number"]]


def test_submit_before_profile_is_configured(
    client: FlaskClient, dealer_headers: Headers, valid_form: dict[str, Any]
) -> None:
    draft = create(client, dealer_headers(), valid_form)
    response = client.post(f"/api/v1/declarations/{draft['id']}/submit", headers=dealer_headers())
    assert response.status_code == 409
    assert response.json["error_code"] == "PROFILE_NOT_CONFIGURED"
    assert "Profil" in response.json["message"]


def test_garantisseur_must_be_in_profile(
    client: FlaskClient, configured: Headers, valid_form: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/declarations",
        headers=configured(),
        json={"fields": valid_form, "commercial_warranty": "cirano"},
    )
    response = client.post(
        f"/api/v1/declarations/{response.json['id']}/submit", headers=configured()
    )
    assert response.status_code == 422
    assert response.json["field_errors"][0]["field"] == "garantisseur"


def test_another_dealer_gets_404(
    client: FlaskClient, configured: Headers, valid_form: dict[str, Any]
) -> None:
    draft = create(client, configured(), valid_form)
    other = configured("751020A")
    for method, path in [("get", ""), ("patch", ""), ("post", "/submit"), ("post", "/contract")]:
        response = getattr(client, method)(
            f"/api/v1/declarations/{draft['id']}{path}", json={"fields": {}}, headers=other
        )
        assert response.status_code == 404, (method, path)
    assert client.get("/api/v1/declarations", headers=other).json == []


def test_profile_round_trip(client: FlaskClient, dealer_headers: Headers) -> None:
    before = client.get("/api/v1/profile", headers=dealer_headers()).json
    assert before["profile_configured"] is False and before["code_t"] == "RS8010004"
    response = client.put(
        "/api/v1/profile", headers=dealer_headers(), json={"icare_id": "IC-953617", "cirano": True}
    )
    assert response.status_code == 422
    assert response.json["errors"]["json"]["cirano_id"] == [
        "Le champ identifiant Cirano est obligatoire"
    ]
    after = client.put(
        "/api/v1/profile",
        headers=dealer_headers(),
        json={"icare_id": "IC-953617", "cirano": True, "cirano_id": "CI-1"},
    ).json
    assert after["garantisseurs"] == {
        "spoticar": "Garantie SPOTiCAR Stellantis",
        "cirano": "Garantie Cirano",
    }


def test_openapi_document_and_docs_page(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    assert "/api/v1/declarations/{public_id}/submit" in spec["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and "swagger-ui" in docs.text
    assert client.get("/api/docs/swagger-ui-bundle.js").status_code == 200


def test_create_and_submit_at_once(
    client: FlaskClient, configured: Headers, valid_form: dict[str, Any]
) -> None:
    response = client.post(
        "/api/v1/declarations?submit=true",
        headers=configured(),
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
    )
    assert response.status_code == 201
    assert response.json["status"] == "déclarée" and response.json["number"]
    valid_form["vin"] = ""
    refused = client.post(
        "/api/v1/declarations?submit=true",
        headers=configured(),
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
    )
    assert refused.status_code == 422
    assert refused.json["field_errors"][0]["message"] == "Le champ VIN est obligatoire"
    assert len(client.get("/api/v1/declarations", headers=configured()).json) == 1


def test_the_list_of_declarations_comes_in_pages_with_its_total(
    client: FlaskClient, configured: Headers
) -> None:
    """It used to stop at 200 without saying so."""
    for name in ("Un", "Deux", "Trois"):
        create(client, configured(), {"nom": name})
    first = client.get("/api/v1/declarations?page_size=2", headers=configured())
    assert [d["fields"]["nom"] for d in first.json] == ["Trois", "Deux"]
    assert json.loads(first.headers["X-Pagination"])["total"] == 3
    second = client.get("/api/v1/declarations?page_size=2&page=2", headers=configured())
    assert [d["fields"]["nom"] for d in second.json] == ["Un"]
    searched = client.get("/api/v1/declarations?q=deux", headers=configured())
    assert json.loads(searched.headers["X-Pagination"])["total"] == 1
