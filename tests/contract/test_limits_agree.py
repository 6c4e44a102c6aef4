"""Limits that agree: whatever the Centralisateur accepts, Icare accepts, so a refusal always
names the form's field. Each length is tried at its limit and one over; a refusal Icare still
words by its own path (`vehicle.make`) is shown on the form's field."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
import requests
from flask import Flask
from marshmallow import ValidationError

from fake_centralisateur import icare_client, icare_fields
from fake_centralisateur.declaring import contract_request
from fake_centralisateur.schemas import (
    CHOICE,
    FIELDS_BY_NAME,
    FORM_FIELDS,
    TEXT,
    FieldError,
    validate_declaration,
)
from fake_icare.schemas import ContractInSchema
from harness.admin_client import SandboxAdmin
from harness.demo import DEMO_DECLARATION
from sandbox.dealers import AXILOG

ICARE_AUTH = ("centralisateur", "centralisateur-secret")
FREE_TEXT = [f for f in FORM_FIELDS if f.kind == TEXT and not f.check]


@pytest.fixture(autouse=True)
def in_an_app(make_centralisateur: Callable[..., Flask]) -> Iterator[None]:
    """The form's checks read the sandbox's date: a Centralisateur's context, "today" 30/11/2025."""
    with make_centralisateur().app_context():
        yield


def json_ready(values: dict[str, Any]) -> dict[str, Any]:
    """Clean values as the Centralisateur sends them: dates ISO, amounts as text."""
    return json.loads(
        json.dumps(values, default=lambda v: str(v) if isinstance(v, date | Decimal) else v)
    )


def icare_body(form: dict[str, Any]) -> dict[str, Any]:
    values, errors = validate_declaration(form)
    assert errors == []
    return contract_request(
        SimpleNamespace(**vars(AXILOG), email=None), "ref-1", json_ready(values)
    )


def longest(form: dict[str, Any]) -> dict[str, Any]:
    """Every free text at the form's limit, every list at its longest choice."""
    widest = {f.name: "x" * f.max_length for f in FREE_TEXT}
    choices = {
        f.name: max((key for key, _ in f.choices), key=len)
        for f in FORM_FIELDS
        if f.kind == CHOICE and f.name not in ("garantie", "duree")
    }
    return {**form, **widest, **choices, "email": "x" * 89 + "@exemple.fr"}


def test_every_value_the_form_takes_icare_takes(valid_form: dict[str, Any]) -> None:
    body = longest(valid_form)
    assert len(body["email"]) == FIELDS_BY_NAME["email"].max_length
    try:
        ContractInSchema().load(icare_body(body))
    except ValidationError as refused:  # pragma: no cover - the message says which field
        pytest.fail(f"Icare refuses what the form took: {refused.messages}")


@pytest.mark.parametrize("spec", FREE_TEXT, ids=lambda f: f.name)
def test_one_character_over_is_refused_by_the_form_naming_its_field(
    spec: Any, valid_form: dict[str, Any]
) -> None:
    _, errors = validate_declaration({**valid_form, spec.name: "x" * (spec.max_length + 1)})
    message = f"Le champ {spec.message_label} ne doit pas dépasser {spec.max_length} caractères"
    assert errors == [FieldError(spec.name, spec.label, message)]


def test_the_form_stops_marque_and_modele_at_icare_s_limits() -> None:
    fields = ContractInSchema().fields["vehicle"].schema.fields
    assert FIELDS_BY_NAME["marque"].max_length == fields["make"].validators[0].max == 50
    assert FIELDS_BY_NAME["modele"].max_length == fields["model"].validators[0].max == 80


def test_icare_s_paths_are_where_contract_request_puts_the_form_s_values(
    valid_form: dict[str, Any],
) -> None:
    filled = {"cylindree": "1199", "tel_fixe": "0102030405", "complement_adresse": "Bât. B"}
    values, _ = validate_declaration({**valid_form, **filled})
    body = contract_request(SimpleNamespace(**vars(AXILOG), email=None), "ref", json_ready(values))
    sent = {
        f"{part}.{key}": value
        for part in ("warranty", "vehicle", "holder")
        for key, value in body[part].items()
    }
    assert set(icare_fields.ICARE_PATHS) == set(sent)
    for path, names in icare_fields.ICARE_PATHS.items():
        first = next(json_ready(values)[n] for n in names if values.get(n) not in (None, ""))
        assert sent[path] == (int(first) if path.endswith("duration_months") else first), path


@pytest.fixture
def declare(sandbox: SandboxAdmin) -> Callable[[dict[str, Any]], requests.Response]:
    url, auth = sandbox.urls["centralisateur"], AXILOG.login
    requests.put(f"{url}/api/v1/profile", json={"icare_id": AXILOG.icare_id}, auth=auth, timeout=5)

    def send(form: dict[str, Any]) -> requests.Response:
        body = {"fields": form, "commercial_warranty": "spoticar"}
        return requests.post(
            f"{url}/api/v1/declarations?submit=true", json=body, auth=auth, timeout=10
        )

    return send


@pytest.mark.parametrize(("name", "limit"), [("marque", 50), ("modele", 80)])
def test_at_the_limit_icare_gives_the_contract_one_over_the_form_names_the_field(
    declare: Callable[[dict[str, Any]], requests.Response], name: str, limit: int
) -> None:
    at_limit = declare({**DEMO_DECLARATION, name: "M" * limit})
    assert at_limit.status_code == 201, at_limit.text
    assert at_limit.json()["contract"]["number"].startswith("IC")
    assert at_limit.json()["fields"][name] == "M" * limit

    over = declare({**DEMO_DECLARATION, name: "M" * (limit + 1), "vin": "VR3UPHNKSNT000009"})
    assert over.status_code == 422
    spec = FIELDS_BY_NAME[name]
    assert over.json()["error_code"] == "FORM_INVALID"
    assert over.json()["field_errors"] == [
        {
            "field": name,
            "label": spec.label,
            "message": f"Le champ {spec.message_label} ne doit pas dépasser {limit} caractères",
        }
    ]


def test_icare_s_own_refusal_of_a_field_is_put_on_the_form_s_field(
    sandbox: SandboxAdmin, valid_form: dict[str, Any]
) -> None:
    """Icare's real answer, its path mapped to the form's field and label."""
    client = icare_client.IcareClient(sandbox.urls["icare"], *ICARE_AUTH)
    body = icare_body(valid_form)
    body["vehicle"]["make"] = "M" * 51  # past the form, as a drifted limit would let through
    with pytest.raises(icare_client.IcareRefusal) as refused:
        client.create_contract(body)
    assert refused.value.fields == [("vehicle.make", "Entre 1 et 50 caractères sont attendus.")]
    assert icare_fields.form_errors(refused.value.fields, valid_form) == [
        FieldError(
            "marque",
            "Marque",
            "Le champ marque est refusé par Icare : Entre 1 et 50 caractères sont attendus.",
        )
    ]


def test_a_field_icare_refuses_is_signalled_on_the_form_by_the_api(
    make_centralisateur: Callable[..., Flask],
    monkeypatch: pytest.MonkeyPatch,
    valid_form: dict[str, Any],
) -> None:
    """Should Icare refuse a value the form took, the API's 422 names the form's fields."""

    def refuse(_self: Any, _payload: dict[str, Any]) -> None:
        raise icare_client.IcareRefusal(
            "VALIDATION_ERROR",
            "Les données envoyées ne sont pas valides : corrigez les champs signalés.",
            [("holder.phone", "Entre 1 et 30 caractères sont attendus."), ("vehicle.vin", "x")],
        )

    monkeypatch.setattr(icare_client.IcareClient, "create_contract", refuse)
    client = make_centralisateur().test_client()
    auth = {"Authorization": "Basic " + _basic(*AXILOG.login)}
    client.put("/api/v1/profile", json={"icare_id": AXILOG.icare_id}, headers=auth)
    answer = client.post(
        "/api/v1/declarations?submit=true",
        json={
            "fields": {**valid_form, "tel_fixe": "0102030405"},
            "commercial_warranty": "spoticar",
        },
        headers=auth,
    )
    assert answer.status_code == 422
    assert answer.json["error_code"] == "FORM_INVALID"
    assert answer.json["field_errors"] == [
        {
            "field": "tel_mobile",
            "label": "Tel. Mobile",
            "message": "Le champ tel. mobile est refusé par Icare : Entre 1 et 30 caractères "
            "sont attendus.",
        },
        {"field": "vin", "label": "VIN", "message": "Le champ VIN est refusé par Icare : x"},
    ]
    listed = client.get("/api/v1/declarations", headers=auth).json
    assert listed == []  # `?submit=true` refused stores nothing


def _basic(user: str, password: str) -> str:
    return base64.b64encode(f"{user}:{password}".encode()).decode()
