"""Icare's contract API: creation, retries, refusals, reads, credentials, OpenAPI."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from fake_icare import errors
from tests.icare.conftest import AUTH, contract_request

NUMBER = re.compile(r"^IC\d{4}-\d{7}$")


def post(client: FlaskClient, body: dict[str, Any], auth: Any = AUTH) -> Any:
    return client.post("/api/v1/contracts", json=body, auth=auth)


def get(client: FlaskClient, path: str, **kwargs: Any) -> Any:
    return client.get(path, auth=AUTH, **kwargs)


def test_creation_answers_the_contract(client: FlaskClient) -> None:
    response = post(client, contract_request())
    assert response.status_code == 201
    contract = response.json
    assert NUMBER.match(contract["contract_number"])
    assert contract["contract_number"] == "IC2025-0000001"  # the year of the sandbox clock
    assert contract["status"] == "EN_VIGUEUR"
    assert contract["declaration_ref"] == "DEC-REF-0001"
    assert contract["dealer_icare_id"] == "IC-953617"
    assert contract["vehicle"]["vin"] == "VF1BR1G0H41002400"
    assert contract["warranty"]["end_date"] == "2026-11-30"
    assert contract["holder"]["last_name"] == "Dupond"
    assert contract["selling_dealer"]["code_rrdi"] == "953617Z"
    assert contract["created_at"].startswith("2025-11-30T")
    assert contract["myicare_url"] == (
        f"http://localhost/myicare/contrats/{contract['contract_number']}"
    )


def test_numbers_follow_each_other(client: FlaskClient) -> None:
    first = post(client, contract_request("A")).json["contract_number"]
    other_vin = {"vin": "VR3UPHNKSNT000001", "registration": "EF-456-GH"}
    second = post(client, contract_request("B", vehicle=other_vin)).json["contract_number"]
    assert (first, second) == ("IC2025-0000001", "IC2025-0000002")


def test_a_retry_answers_the_same_contract(client: FlaskClient) -> None:
    created = post(client, contract_request())
    # The same content, other key order and "12000" for 12000: still the same declaration.
    retry = contract_request(vehicle={"mileage": "12000"})
    retry = dict(reversed(list(retry.items())))
    again = post(client, retry)
    assert again.status_code == 200
    assert again.json["contract_number"] == created.json["contract_number"]
    listed = get(client, "/api/v1/dealers/IC-953617/contracts")
    assert len(listed.json) == 1


def test_same_ref_with_other_content_is_refused(client: FlaskClient) -> None:
    number = post(client, contract_request()).json["contract_number"]
    response = post(client, contract_request(holder={"first_name": "Paul"}))
    assert response.status_code == 409
    assert response.json["error_code"] == "DECLARATION_REF_REUSED"
    assert "DEC-REF-0001" in response.json["message"]
    assert number in response.json["message"]


@pytest.mark.parametrize(
    ("sections", "status", "code", "message"),
    [
        (
            {"dealer_icare_id": "IC-000000"},
            422,
            "DEALER_UNKNOWN",
            "L'identifiant Icare « IC-000000 » n'est pas connu d'Icare. Vérifiez "
            "l'identifiant Icare renseigné dans votre profil.",
        ),
        (
            {"vehicle": {"mileage": 180000}},
            422,
            "VEHICLE_NOT_ELIGIBLE",
            "Véhicule non éligible à la garantie SPOTICAR PREMIUM : 180 000 km au jour de la "
            "vente, la limite de kilométrage est de 100 000 km.",
        ),
        (
            {"vehicle": {"first_registration_date": "2015-01-01"}},
            422,
            "VEHICLE_NOT_ELIGIBLE",
            "Véhicule non éligible à la garantie SPOTICAR PREMIUM : mis en circulation le "
            "01/01/2015, il a plus de 5 ans au début de la garantie (30/11/2025). La limite "
            "d'âge est de 5 ans.",
        ),
        (
            {
                "warranty": {
                    "level": "SPOTICAR ADVANCED",
                    "duration_months": 24,
                    "end_date": "2027-11-30",
                }
            },
            422,
            "DURATION_NOT_OFFERED",
            "La durée de 24 mois n'est pas proposée pour la garantie SPOTICAR ADVANCED. "
            "Durée(s) proposée(s) : 12 mois.",
        ),
        (
            {"warranty": {"end_date": "2026-12-29"}},
            422,
            "DATES_INCONSISTENT",
            "La date de fin de garantie (29/12/2026) ne correspond pas à la durée : une "
            "garantie de 12 mois qui commence le 30/11/2025 se termine le 30/11/2026.",
        ),
        (
            {"vehicle": {"first_registration_date": "2025-12-01"}},
            422,
            "DATES_INCONSISTENT",
            "La date de première immatriculation (01/12/2025) est postérieure à la date de "
            "début de garantie (30/11/2025).",
        ),
        (
            {"warranty": {"level": "SPOTICAR GOLD"}},
            422,
            "LEVEL_NOT_OFFERED",
            "Le niveau de garantie « SPOTICAR GOLD » n'est pas proposé par Icare. Niveaux "
            "proposés : SPOTICAR ESSENTIAL, SPOTICAR ADVANCED, SPOTICAR PREMIUM, DS CERTIFIED, "
            "ALFA ROMEO CERTIFIED.",
        ),
    ],
)
def test_refusals_name_the_value_in_french(
    client: FlaskClient, sections: dict[str, Any], status: int, code: str, message: str
) -> None:
    response = post(client, contract_request(**sections))
    assert response.status_code == status
    assert response.json["error_code"] == code
    assert response.json["message"] == message
    assert get(client, "/api/v1/dealers/IC-953617/contracts").json == []


def test_end_date_is_clamped_to_the_last_day_of_the_month(client: FlaskClient) -> None:
    warranty = {
        "start_date": "2025-08-31",
        "duration_months": 6,
        "end_date": "2026-02-28",
        "level": "SPOTICAR ESSENTIAL",
    }
    assert post(client, contract_request(warranty=warranty)).status_code == 201


def test_a_vin_with_a_contract_in_force_is_refused(client: FlaskClient) -> None:
    number = post(client, contract_request("A")).json["contract_number"]
    response = post(client, contract_request("B"))
    assert response.status_code == 409
    assert response.json["error_code"] == "CONTRACT_IN_FORCE"
    assert response.json["message"] == errors.ContractInForce.template.format(
        vin="VF1BR1G0H41002400", start="30/11/2025", end="30/11/2026", number=number
    )
    # A renewal starting the day the first one ends does not overlap it.
    renewal = {"start_date": "2026-11-30", "end_date": "2027-11-30"}
    assert post(client, contract_request("C", warranty=renewal)).status_code == 201


def test_eligibility_can_be_configured(app: Any, client: FlaskClient) -> None:
    app.config["ELIGIBILITY"] = {
        "SPOTICAR PREMIUM": {"durations_months": [36], "max_age_months": 12, "max_mileage_km": 5000}
    }
    warranty = {"duration_months": 36, "end_date": "2028-11-30"}
    response = post(client, contract_request(warranty=warranty))
    assert response.json["error_code"] == "VEHICLE_NOT_ELIGIBLE"
    assert "la limite d'âge est de 1 an".lower() in response.json["message"].lower()


@pytest.mark.parametrize(
    "auth", [None, ("centralisateur", "wrong"), ("intrus", "centralisateur-secret")]
)
def test_credentials_are_required(client: FlaskClient, auth: Any) -> None:
    response = post(client, contract_request(), auth=auth)
    assert response.status_code == 401
    assert response.json["error_code"] == "UNAUTHORIZED"
    assert response.json["message"].startswith("Identifiants du client Icare")
    assert response.headers["WWW-Authenticate"].startswith("Basic")
    assert client.get("/api/v1/contracts/IC2025-0000001").status_code == 401


def test_unknown_and_missing_fields_are_refused(client: FlaskClient) -> None:
    body = contract_request(vehicle={"colour": "rouge"})
    del body["holder"]["last_name"]
    response = post(client, body)
    assert response.status_code == 422
    errors_ = response.json["errors"]["json"]
    assert errors_["vehicle"]["colour"] == ["Ce champ n'est pas attendu."]
    assert errors_["holder"]["last_name"] == ["Ce champ est obligatoire."]
    fields = {line["field"] for line in response.json["field_errors"]}
    assert {"vehicle.colour", "holder.last_name"} <= fields


def test_badly_formed_values_are_refused_in_french(client: FlaskClient) -> None:
    body = contract_request(vehicle={"vin": "VF1BR1G0H4100240O", "registration": "SS-12-AA"})
    response = post(client, body)
    assert response.status_code == 422
    vehicle = response.json["errors"]["json"]["vehicle"]
    assert vehicle["vin"] == ["Le VIN doit compter 17 caractères, lettres I, O et Q exclues."]
    assert vehicle["registration"][0].startswith("Immatriculation invalide")


def test_read_and_list(client: FlaskClient) -> None:
    created = post(client, contract_request()).json
    read = get(client, f"/api/v1/contracts/{created['contract_number']}")
    assert read.status_code == 200
    assert read.json == created
    listed = get(client, "/api/v1/dealers/IC-953617/contracts", query_string={"page_size": 10})
    assert [c["contract_number"] for c in listed.json] == [created["contract_number"]]
    assert '"total": 1' in listed.headers["X-Pagination"]
    assert get(client, "/api/v1/dealers/IC-751020/contracts").json == []


def test_unknown_contract_and_dealer_are_404(client: FlaskClient) -> None:
    response = get(client, "/api/v1/contracts/IC2025-9999999")
    assert response.status_code == 404
    assert response.json["error_code"] == "CONTRACT_NOT_FOUND"
    assert response.json["message"] == "Aucun contrat ne porte le numéro « IC2025-9999999 »."
    response = get(client, "/api/v1/dealers/IC-000000/contracts")
    assert response.status_code == 404
    assert response.json["error_code"] == "DEALER_NOT_FOUND"


def test_a_number_is_never_given_out_again_after_a_reset(client: FlaskClient) -> None:
    first = post(client, contract_request("A")).json["contract_number"]
    assert client.post("/__admin/reset").status_code == 200
    assert get(client, f"/api/v1/contracts/{first}").status_code == 404
    second = post(client, contract_request("A")).json["contract_number"]
    assert (first, second) == ("IC2025-0000001", "IC2025-0000002")


def test_openapi_lists_the_endpoints(client: FlaskClient) -> None:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert {
        "/api/v1/contracts",
        "/api/v1/contracts/{contract_number}",
        "/api/v1/dealers/{icare_id}/contracts",
    } <= set(document["paths"])
    operation = document["paths"]["/api/v1/contracts"]["post"]
    assert operation["security"] == [{"basicAuth": []}]
    assert {"200", "201", "401", "409", "422"} <= set(operation["responses"])
    assert document["components"]["securitySchemes"]["basicAuth"]["scheme"] == "basic"
