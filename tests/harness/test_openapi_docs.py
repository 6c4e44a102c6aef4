"""The committed OpenAPI documents (docs/openapi/) are what the fakes serve, and lint clean."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from harness.fakes import FAKES
from harness.openapi_check import problems
from sandbox.openapi import operation_id

DOCS = Path(__file__).resolve().parents[2] / "docs" / "openapi"


def _served(name: str) -> dict[str, Any]:
    app = FAKES[name].create_app({"DATABASE_URL": "sqlite://", "TESTING": True})
    return app.test_client().get("/api/openapi.json").json


@pytest.mark.parametrize("name", list(FAKES))
def test_the_committed_document_is_current_and_clean(name: str) -> None:
    committed = json.loads((DOCS / f"{name}.json").read_text(encoding="utf-8"))
    assert committed == _served(name), f"docs/openapi/{name}.json is out of date: make openapi"
    assert problems(committed) == []


def test_the_check_names_what_a_generator_would_miss() -> None:
    spec = copy.deepcopy(_served("icare"))
    del spec["servers"]
    operation = spec["paths"]["/api/v1/contracts"]["post"]
    del operation["operationId"], operation["summary"], operation["security"]
    spec["components"]["schemas"]["Loose"] = {"nullable": True}
    assert problems(spec) == [
        "no servers declared",
        "POST /api/v1/contracts: no operationId",
        "POST /api/v1/contracts: no summary",
        "POST /api/v1/contracts: no security",
        "#/components/schemas/Loose: nullable without a type",
    ]
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
