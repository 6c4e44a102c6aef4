"""The desk's API: a BDC file loaded into a site, checked by `pvo_client.bdc_file`; reset."""

from __future__ import annotations

from flask.testing import FlaskClient

from pvo_client.bdc_file.messages import FORMAT_MESSAGES
from tests.pvo2.conftest import basic_auth, bdc_document, load


def test_a_bdc_file_is_loaded_and_shown(client: FlaskClient) -> None:
    document = bdc_document("peugeot-208")
    document["numero"] = "9990001"
    response = load(client, document)
    assert response.status_code == 201
    assert response.json == {
        "numero": "9990001",
        "statut": "Clôturé",
        "url": "http://localhost/commandes/9990001",
    }
    listed = client.get("/api/v1/bdcs", headers=basic_auth()).json
    assert listed[0]["numero"] == "9990001"
    assert (
        client.get("/api/v1/bdcs/9990001", headers=basic_auth()).json["vehicule"]["vin"]
        == (document["vehicule"]["vin"])
    )


def test_a_bad_file_names_each_field_and_stores_nothing(client: FlaskClient) -> None:
    document = bdc_document("peugeot-208")
    document["numero"] = "9990002"
    document["vehicule"]["vin"] = "VF1BR1GOH41002888"  # an O
    del document["client"]["nom"]
    response = load(client, document)
    assert response.status_code == 422
    assert response.json["error_code"] == "FICHIER_BDC_INVALIDE"
    lines = {(e["field"], e["message"]) for e in response.json["field_errors"]}
    assert lines == {
        ("vehicule.vin", FORMAT_MESSAGES["is_vin"]),
        ("client.nom", "Ce champ est obligatoire"),
    }
    assert client.get("/api/v1/bdcs/9990002", headers=basic_auth()).status_code == 404


def test_the_api_needs_a_pvo2_user(client: FlaskClient) -> None:
    response = client.post("/api/v1/bdcs", json={})
    assert response.status_code == 401
    assert response.json["error_code"] == "UNAUTHORIZED"
    assert client.get("/api/v1/bdcs", headers=basic_auth(password="x")).status_code == 401


def test_an_offer_is_loaded_before_its_bdc(client: FlaskClient) -> None:
    document = bdc_document("7414134")
    response = load(client, document, etape="offre")
    assert response.json["statut"] == "Offre"
    assert response.json["url"].endswith("/offres/7414134")


def test_site_fichier_makes_the_file_site_the_desk_s(client: FlaskClient) -> None:
    document = bdc_document("7414134")
    del document["site"]["code_rrdi"]
    load(client, document, site="fichier")
    again = client.get("/api/v1/bdcs/7414134", headers=basic_auth()).json
    assert "code_rrdi" not in again["site"]


def test_reset_brings_back_the_seed(client: FlaskClient) -> None:
    document = bdc_document("7414134")
    document["numero"] = "9990003"
    load(client, document, site="fichier")
    assert client.post("/__admin/reset").status_code == 200
    numbers = {d["numero"] for d in client.get("/api/v1/bdcs", headers=basic_auth()).json}
    assert numbers == {"7400056", "7413980", "7414134", "7414201", "7414502", "7415201", "8120417"}


def test_reset_of_one_dealer(client: FlaskClient) -> None:
    document = bdc_document("7414134")
    document["numero"] = "9990004"
    load(client, document)
    assert client.post("/__admin/reset?dealer=953617Z").status_code == 200
    assert client.get("/api/v1/bdcs/9990004", headers=basic_auth()).status_code == 404
    assert client.post("/__admin/reset?dealer=000000X").status_code == 404
