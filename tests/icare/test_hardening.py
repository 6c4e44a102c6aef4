"""A careless or hostile caller of Icare never gets a 5xx, nor English: a 4xx in Icare's shape
with a French message, and MyIcare's own French error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask, request
from flask.testing import FlaskClient

from fake_icare import create_app, errors, schemas
from sandbox.errors import SandboxError
from tests.icare.conftest import AUTH, TODAY, contract_request

RANGE = "Une date entre le 01/01/1900 et le 31/12/2099 est attendue."


def post(client: FlaskClient, body: Any) -> Any:
    return client.post("/api/v1/contracts", json=body, auth=AUTH)


@pytest.mark.parametrize(
    ("section", "field", "value", "message"),
    [
        ("warranty", "start_date", "9999-12-31", RANGE),
        ("warranty", "end_date", "9999-12-31", RANGE),
        ("holder", "birth_date", "0001-01-01", RANGE),
        ("vehicle", "first_registration_date", "1066-10-14", RANGE),
        ("vehicle", "registration", "AB-١٢٣-CD", schemas.MESSAGES["plate"]),
        ("vehicle", "vin", "VF1BR1G0H4100240٠", schemas.MESSAGES["vin"]),
        ("holder", "postal_code", "٧٥٠١٠", schemas.MESSAGES["postal_code"]),
        ("vehicle", "mileage", "١٢٠٠٠", schemas.MESSAGES["integer"]),
    ],
)
def test_implausible_dates_and_non_ascii_digits_are_refused_422(
    client: FlaskClient, section: str, field: str, value: str, message: str
) -> None:
    response = post(client, contract_request(**{section: {field: value}}))
    assert response.status_code == 422, response.text
    assert response.json["errors"]["json"] == {section: {field: [message]}}
    listed = client.get("/api/v1/dealers/IC-953617/contracts", auth=AUTH).json
    assert listed == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=99999999999999999999", "page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page_size=1000", "page_size"),
    ],
)
def test_a_page_no_list_has_is_refused_422_in_french(
    client: FlaskClient, query: str, field: str
) -> None:
    response = client.get(f"/api/v1/dealers/IC-953617/contracts?{query}", auth=AUTH)
    assert response.status_code == 422
    assert response.json["error_code"] == "INVALID_PAGE"
    (message,) = response.json["errors"]["query"][field]
    assert message.startswith(("Un numéro de page entre 1 et", "Une taille de page entre 1 et"))


@pytest.mark.parametrize(
    ("body", "status", "english"),
    [
        (b"{", 400, "Invalid JSON body."),
        (b'{"zz": 1}', 422, "Unknown field."),
        (b'{"declaration_ref": 3}', 422, "Not a valid string."),
        (b'{"warranty": []}', 422, "Invalid input type."),
        (b'{"declaration_ref": "' + b"x" * 70_000 + b'"}', 413, "Too Large"),
        (b"[" * 3000 + b"]" * 3000, 400, "Internal Server Error"),
    ],
)
def test_generic_errors_are_french_in_icare_shape(
    client: FlaskClient, body: bytes, status: int, english: str
) -> None:
    response = client.post(
        "/api/v1/contracts", data=body, content_type="application/json", auth=AUTH
    )
    assert response.status_code == status
    error = response.json
    assert error["code"] == status and error["error_code"] and error["message"]
    assert english not in error["message"]
    assert all(english not in line["message"] for line in error.get("field_errors", []))


@pytest.fixture
def production_app(tmp_path: Path) -> Flask:
    """Icare served as in production (no exception propagated), with a page that fails and one
    that reads what is posted."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/icare.db", "TODAY": TODAY})

    def fail() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/myicare/panne", "panne", fail)
    app.add_url_rule("/myicare/envoi", "envoi", lambda: dict(request.form), methods=["POST"])
    return app


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("get", "/myicare/nulle-part", 404, "Page introuvable"),
        ("post", "/myicare/", 405, "Méthode non autorisée"),
        ("get", "/myicare/panne", 500, "Erreur interne"),
        ("post", "/myicare/envoi", 413, "Requête trop volumineuse"),
    ],
)
def test_myicare_error_pages_are_french_in_its_layout(
    production_app: Flask, method: str, path: str, status: int, title: str
) -> None:
    response = getattr(production_app.test_client(), method)(path, data={"x": "x" * 70_000})
    assert response.status_code == status and response.mimetype == "text/html"
    assert f"<h1>{title}</h1>" in response.text and "MyIcare" in response.text
    for english in ("Not Found", "Method Not Allowed", "Internal Server Error", "Too Large"):
        assert english not in response.text


def test_icare_refusals_are_sandbox_errors() -> None:
    refusal = errors.ContractNotFound(number="IC2025-0000001")
    assert isinstance(refusal, SandboxError)
    assert refusal.body() == {
        "code": 404,
        "status": "Not Found",
        "message": "Aucun contrat ne porte le numéro « IC2025-0000001 ».",
        "error_code": "CONTRACT_NOT_FOUND",
    }
