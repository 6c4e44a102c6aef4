"""The committed OpenAPI documents (docs/openapi/) are what the fakes serve, and lint clean; a
served document names the address it is served from."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from harness.fakes import FAKES
from harness.openapi_check import problems
from sandbox.openapi import SERVED_SERVER, WRITTEN_SERVERS, operation_id

DOCS = Path(__file__).resolve().parents[2] / "docs" / "openapi"


def _served(name: str, base_url: str = "http://localhost", **config: Any) -> dict[str, Any]:
    app = FAKES[name].create_app({"DATABASE_URL": "sqlite://", "TESTING": True, **config})
    return app.test_client().get("/api/openapi.json", base_url=base_url).json


@pytest.mark.parametrize("name", list(FAKES))
def test_the_committed_document_is_current_and_clean(name: str) -> None:
    """Equal but for `servers`: the file names `/`, the served document its own address."""
    committed = json.loads((DOCS / f"{name}.json").read_text(encoding="utf-8"))
    served = _served(name, "http://127.0.0.1:9999")
    assert served["servers"] == [{"url": "http://127.0.0.1:9999", "description": SERVED_SERVER}]
    assert committed == {**served, "servers": WRITTEN_SERVERS}, (
        f"docs/openapi/{name}.json is out of date: make openapi"
    )
    assert problems(committed) == []


@pytest.mark.parametrize(
    ("public_url", "named"),
    [("https://sandbox.example.fr/", "https://sandbox.example.fr"), (None, "http://10.1.2.3:8101")],
)
def test_the_served_document_names_the_public_url_else_the_address_called(
    public_url: str | None, named: str
) -> None:
    spec = _served("centralisateur", "http://10.1.2.3:8101", PUBLIC_URL=public_url)
    assert [server["url"] for server in spec["servers"]] == [named]


def test_the_check_names_what_a_generator_would_miss() -> None:
    spec = copy.deepcopy(_served("icare"))
    del spec["servers"]
    operation = spec["paths"]["/api/v1/contracts"]["post"]
    del operation["operationId"], operation["summary"], operation["security"]
    del operation["responses"]["422"]["content"]
    spec["components"]["schemas"]["Loose"] = {"nullable": True, "properties": {"any": {}}}
    vehicle = spec["components"]["schemas"]["Vehicle"]["properties"]
    del vehicle["make"]["maxLength"], vehicle["model"]["example"], vehicle["vin"]["description"]
    assert problems(spec) == [
        "no servers declared",
        "POST /api/v1/contracts: no operationId",
        "POST /api/v1/contracts: no summary",
        "POST /api/v1/contracts: no security",
        "POST /api/v1/contracts: refusal 422 has no schema",
        "#/components/schemas/Loose: nullable without a type",
        "#/components/schemas/Loose/properties/any: no type",
        "#/components/schemas/Vehicle/properties/vin: no description",
        "#/components/schemas/Vehicle/properties/make: no maxLength",
        "#/components/schemas/Vehicle/properties/model: no example",
    ]
    spec["servers"] = [{"url": "http://127.0.0.1:8002"}]
    assert problems(spec)[0] == (
        "server http://127.0.0.1:8002: a fixed address (write `/`: served, it names its own)"
    )
    spec["paths"]["/__admin/health"]["get"]["operationId"] = "getContract"
    assert problems(spec) == [
        "invalid OpenAPI: Operation ID 'getContract' for 'get' in '/__admin/health' is not unique"
    ]


@pytest.mark.parametrize(
    ("endpoint", "method", "methods", "expected"),
    [
        ("contracts.create_contract", "post", 1, "createContract"),
        ("declarations_api.Declarations", "get", 2, "getDeclarations"),
        ("declarations_api.DeclarationItem", "patch", 2, "patchDeclarationItem"),
        ("sandbox_admin.health", "get", 1, "health"),
        ("api.both", "put", 2, "putBoth"),
    ],
)
def test_operation_ids_come_from_the_endpoint(
    endpoint: str, method: str, methods: int, expected: str
) -> None:
    assert operation_id(endpoint, method, methods) == expected
