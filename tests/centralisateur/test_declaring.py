"""The declaration path against a real fake Icare on loopback: what is sent and read back, the
refusals, and the guard against a second click or a reset while Icare works.

`BeforeContract` runs one action when the next contract request reaches Icare, before Icare
handles it: the moment a second click or a reset of the sandbox would land in production.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from flask import Flask

from fake_centralisateur.declaring import GARANTISSEUR_NOT_IN_PROFILE, contract_request
from fake_centralisateur.schemas import GARANTISSEUR_REQUIRED
from fake_icare import create_app as create_icare
from harness.servers import ServerThread
from sandbox.dealers import AXILOG

ICARE_AUTH = ("centralisateur", "centralisateur-secret")
CONTRACTS = "/api/v1/contracts"


class BeforeContract:
    """WSGI middleware in front of Icare: runs `action` once, on the next contract request."""

    def __init__(self, app: Flask) -> None:
        self.wsgi_app = app.wsgi_app
        self.action: Callable[[], None] | None = None
        self.calls = 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        if environ["REQUEST_METHOD"] == "POST" and environ["PATH_INFO"] == CONTRACTS:
            self.calls += 1
            action, self.action = self.action, None
            if action is not None:
                action()
        return self.wsgi_app(environ, start_response)


class Servers(SimpleNamespace):
    icare: str
    centralisateur: str
    before_contract: BeforeContract


def _start(
    folder: Path,
    make_centralisateur: Callable[..., Flask],
    serve: Callable[..., ServerThread],
    database_url: str | None = None,
) -> Servers:
    """An Icare behind `BeforeContract`, and a Centralisateur of it (on `database_url`, else a
    SQLite file) whose AXILOG profile is configured."""
    icare_app = create_icare(
        {"DATABASE_URL": f"sqlite:///{folder / 'icare.db'}", "TODAY": "2025-11-30"}
    )
    hook = BeforeContract(icare_app)
    icare_app.wsgi_app = hook  # type: ignore[method-assign]
    icare = serve(icare_app).url
    config = {"ICARE_URL": icare} | ({"DATABASE_URL": database_url} if database_url else {})
    centralisateur = serve(make_centralisateur(**config)).url
    response = requests.put(
        f"{centralisateur}/api/v1/profile",
        json={"icare_id": AXILOG.icare_id},
        auth=AXILOG.login,
        timeout=10,
    )
    response.raise_for_status()
    return Servers(icare=icare, centralisateur=centralisateur, before_contract=hook)


@pytest.fixture
def servers(
    tmp_path: Path,
    make_centralisateur: Callable[..., Flask],
    serve: Callable[..., ServerThread],
) -> Servers:
    return _start(tmp_path, make_centralisateur, serve)


@pytest.fixture
def servers_on_each_backend(
    tmp_path: Path,
    make_centralisateur: Callable[..., Flask],
    serve: Callable[..., ServerThread],
    database_url: str,
) -> Servers:
    """The same, the Centralisateur's store on SQLite and on PostgreSQL."""
    return _start(tmp_path, make_centralisateur, serve, database_url)


def api(servers: Servers, method: str, path: str, **kwargs: Any) -> requests.Response:
    return requests.request(
        method, f"{servers.centralisateur}/api/v1{path}", auth=AXILOG.login, timeout=30, **kwargs
    )


def draft(servers: Servers, values: dict[str, Any], warranty: str | None = "spoticar") -> str:
    response = api(
        servers, "POST", "/declarations", json={"fields": values, "commercial_warranty": warranty}
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def submit(servers: Servers, public_id: str) -> requests.Response:
    return api(servers, "POST", f"/declarations/{public_id}/submit")


def icare_contracts(servers: Servers) -> list[dict[str, Any]]:
    response = requests.get(
        f"{servers.icare}/api/v1/dealers/{AXILOG.icare_id}/contracts", auth=ICARE_AUTH, timeout=10
    )
    response.raise_for_status()
    body = response.json()
    return body if isinstance(body, list) else body.get("contracts", body.get("data", []))


def icare_contract(servers: Servers, number: str) -> dict[str, Any]:
    response = requests.get(f"{servers.icare}{CONTRACTS}/{number}", auth=ICARE_AUTH, timeout=10)
    response.raise_for_status()
    return response.json()


FULL_FORM_EXTRAS = {
    "email": "jean.dupond@example.fr",
    "tel_fixe": "01 02 03 04 05",
    "tel_mobile": "06 07 08 09 10",
    "complement_adresse": "Bâtiment B",
    "cylindree": "1199",
    "produit_fidelisation": "Contrat d'entretien",
}


def test_every_field_reaches_icare_and_is_read_back(
    servers: Servers, valid_form: dict[str, Any]
) -> None:
    declared = submit(servers, draft(servers, {**valid_form, **FULL_FORM_EXTRAS}))
    assert declared.status_code == 200, declared.text
    body = declared.json()
    contract = icare_contract(servers, body["contract"]["number"])
    assert contract["declaration_ref"] == body["id"]
    assert contract["dealer_icare_id"] == AXILOG.icare_id
    assert contract["selling_dealer"] == {
        "name": AXILOG.name,
        "code_rrdi": AXILOG.code_rrdi,
        "address": AXILOG.address,
        "address_complement": None,
        "postal_code": AXILOG.postal_code,
        "city": AXILOG.city,
        "phone": AXILOG.phone,
        "email": None,
    }
    assert contract["warranty"] == {
        "level": "SPOTICAR PREMIUM",
        "duration_months": 12,
        "start_date": "2025-11-30",
        "end_date": "2026-11-30",
        "loyalty_product": "Contrat d'entretien",
    }
    assert contract["vehicle"] == {
        "vin": "VR3UPHNKSNT000001",
        "registration": "AB-123-CD",
        "make": "PEUGEOT",
        "model": "208",
        "version": "1.2 PURETECH 100 CH S&S ALLURE",
        "vehicle_type": "VP",
        "energy": "ELECTRIQUE",
        "first_registration_date": "2023-05-11",
        "mileage": 12000,
        "din_power": 100,
        "displacement": 1199,
    }
    assert contract["holder"] == {
        "civility": "Monsieur",
        "last_name": "Dupond",
        "first_name": "Jean",
        "birth_date": "1960-05-17",
        "birth_place": "Tours",
        "nationality": "France",
        "address": "12 rue Spoticar",
        "address_complement": "Bâtiment B",
        "postal_code": "75010",
        "city": "PARIS",
        "email": "jean.dupond@example.fr",
        "phone": "06 07 08 09 10",
    }


def _dealer(**changes: Any) -> SimpleNamespace:
    fields = {
        "icare_id": "IC-1",
        "name": "N",
        "code_rrdi": "R",
        "address": "A",
        "postal_code": "75010",
        "city": "C",
        "phone": "01",
        "email": "d@example.fr",
    }
    return SimpleNamespace(**{**fields, **changes})


READY = {
    "garantie": "DS CERTIFIED",
    "duree": "24",
    "date_debut_garantie": "2025-11-30",
    "date_fin_garantie": "2027-11-30",
    "produit_fidelisation": "Aucun",
    "vin": "V",
    "immatriculation": "I",
    "marque": "M",
    "modele": "Mo",
    "version": "Ve",
    "type_vehicule": "VU",
    "energie": "E",
    "date_premiere_immat": "2024-01-01",
    "km_vente": 5,
    "puissance_din": 90,
    "civilite": "Madame",
    "nom": "No",
    "prenom": "P",
    "date_naissance": "1990-01-01",
    "lieu_naissance": "L",
    "nationalite": "Na",
    "adresse": "Ad",
    "code_postal": "69001",
    "ville": "Vi",
}


@pytest.mark.parametrize(
    ("phones", "phone"),
    [
        ({"tel_mobile": "06", "tel_fixe": "01"}, "06"),
        ({"tel_fixe": "01"}, "01"),
        ({"tel_mobile": "", "tel_fixe": "01"}, "01"),
        ({}, None),
    ],
)
def test_the_holder_phone_is_the_mobile_else_the_landline(
    phones: dict[str, str], phone: str | None
) -> None:
    assert contract_request(_dealer(), "REF", {**READY, **phones})["holder"]["phone"] == phone


def test_optional_values_absent_are_sent_as_null() -> None:
    body = contract_request(_dealer(phone="", email=""), "REF", READY)
    assert (body["declaration_ref"], body["dealer_icare_id"]) == ("REF", "IC-1")
    assert (body["selling_dealer"]["phone"], body["selling_dealer"]["email"]) == (None, None)
    assert body["warranty"]["duration_months"] == 24
    assert body["vehicle"]["displacement"] is None
    holder = body["holder"]
    assert (holder["email"], holder["address_complement"], holder["phone"]) == (None, None, None)
    assert contract_request(_dealer(), "REF", READY)["selling_dealer"]["email"] == "d@example.fr"


def contract_of(response: requests.Response) -> tuple[str | None, str | None]:
    """(contract status, contract number) of a declaration as the API answers it."""
    contract = response.json().get("contract") or {}
    return contract.get("status"), contract.get("number")


def field_errors(response: requests.Response) -> list[tuple[str, str, str]]:
    return [(e["field"], e["label"], e["message"]) for e in response.json()["field_errors"]]


@pytest.mark.parametrize(
    ("warranty", "message"),
    [(None, GARANTISSEUR_REQUIRED), ("cirano", GARANTISSEUR_NOT_IN_PROFILE)],
)
def test_the_commercial_warranty_is_checked_first_and_nothing_is_stored(
    servers: Servers, valid_form: dict[str, Any], warranty: str | None, message: str
) -> None:
    response = api(
        servers,
        "POST",
        "/declarations?submit=true",
        json={"fields": {**valid_form, "nom": ""}, "commercial_warranty": warranty},
    )
    assert response.status_code == 422
    assert response.json()["error_code"] == "FORM_INVALID"
    assert field_errors(response) == [
        ("garantisseur", "Garantie commerciale", message),
        ("nom", "Nom", "Le champ nom est obligatoire"),
    ]
    assert api(servers, "GET", "/declarations").json() == []
    assert servers.before_contract.calls == 0


def test_the_messages_name_the_profile_page() -> None:
    assert GARANTISSEUR_REQUIRED == "Le champ garantie commerciale est obligatoire"
    assert GARANTISSEUR_NOT_IN_PROFILE == (
        "La garantie commerciale choisie ne fait pas partie de vos garantisseurs. "
        "Le choix des garantisseurs se fait par la page Profil"
    )


def test_an_icare_refusal_is_passed_on_and_the_draft_stays(
    servers: Servers, valid_form: dict[str, Any]
) -> None:
    public_id = draft(servers, {**valid_form, "km_vente": "100001"})
    response = submit(servers, public_id)
    assert response.status_code == 422
    assert (response.json()["error_code"], response.json()["message"]) == (
        "VEHICLE_NOT_ELIGIBLE",
        "Véhicule non éligible à la garantie SPOTICAR PREMIUM : 100 001 km au jour de la "
        "vente, la limite de kilométrage est de 100 000 km.",
    )
    assert api(servers, "GET", f"/declarations/{public_id}").json()["status"] == "brouillon"
    assert icare_contracts(servers) == []


def _fault(servers: Servers, **rule: Any) -> None:
    response = requests.post(
        f"{servers.icare}/__admin/faults", json={"path": CONTRACTS, **rule}, timeout=10
    )
    response.raise_for_status()


def test_icare_down_leaves_the_contract_pending_and_a_retry_completes_it(
    servers: Servers, valid_form: dict[str, Any]
) -> None:
    _fault(servers, action="status", status=503, times=1)
    pending = submit(servers, draft(servers, valid_form))
    assert pending.status_code == 200, pending.text
    assert contract_of(pending) == ("en attente", None)
    retried = api(servers, "POST", f"/declarations/{pending.json()['id']}/contract")
    assert retried.status_code == 200, retried.text
    status, number = contract_of(retried)
    assert status == "créé"
    assert [c["contract_number"] for c in icare_contracts(servers)] == [number]


def test_a_retry_that_icare_refuses_is_a_refusal_not_an_error(
    servers: Servers, valid_form: dict[str, Any]
) -> None:
    _fault(servers, action="status", status=503, times=1)
    pending = submit(servers, draft(servers, valid_form)).json()
    _fault(servers, action="status", status=422, times=1)
    retried = api(servers, "POST", f"/declarations/{pending['id']}/contract")
    assert retried.status_code == 422
    assert (retried.json()["error_code"], retried.json()["message"]) == (
        "INJECTED_FAULT",
        "Panne simulée par le sandbox (fault 2)",
    )
    again = api(servers, "GET", f"/declarations/{pending['id']}")
    assert contract_of(again) == ("en attente", None)


def test_a_second_click_while_icare_works_gets_the_same_numbers(
    servers_on_each_backend: Servers, valid_form: dict[str, Any]
) -> None:
    servers = servers_on_each_backend
    public_id = draft(servers, valid_form)
    second: list[requests.Response] = []
    servers.before_contract.action = lambda: second.append(submit(servers, public_id))
    first = submit(servers, public_id)
    assert [first.status_code, second[0].status_code] == [200, 200], first.text
    numbers = {(r.json()["number"], contract_of(r)[1]) for r in (first, second[0])}
    assert len(numbers) == 1
    ((number, contract),) = numbers
    assert number.startswith("DEC") and contract.startswith("IC")
    assert [c["contract_number"] for c in icare_contracts(servers)] == [contract]
    assert servers.before_contract.calls == 2
    assert contract_of(api(servers, "GET", f"/declarations/{public_id}"))[1] == contract


def test_a_reset_while_icare_works_answers_declaration_gone(
    servers_on_each_backend: Servers, valid_form: dict[str, Any]
) -> None:
    servers = servers_on_each_backend
    public_id = draft(servers, valid_form)

    def reset() -> None:
        requests.post(
            f"{servers.centralisateur}/__admin/reset?dealer={AXILOG.code_rrdi}", timeout=10
        ).raise_for_status()

    servers.before_contract.action = reset
    response = submit(servers, public_id)
    assert response.status_code == 404
    assert (response.json()["error_code"], response.json()["message"]) == (
        "DECLARATION_GONE",
        "Cette déclaration n'existe plus : le sandbox a été réinitialisé pendant son envoi.",
    )
    assert api(servers, "GET", "/declarations").json() == []
