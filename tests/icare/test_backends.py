"""The store on each backend (PostgreSQL when SANDBOX_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

from fake_icare import create_app
from tests.icare.conftest import AUTH, TODAY, contract_request


def test_create_retry_reset_on_each_backend(database_url: str) -> None:
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "TODAY": TODAY})
    client = app.test_client()
    created = client.post("/api/v1/contracts", json=contract_request("A"), auth=AUTH)
    assert created.status_code == 201
    again = client.post("/api/v1/contracts", json=contract_request("A"), auth=AUTH)
    assert (again.status_code, again.json) == (200, created.json)
    assert client.post("/__admin/reset").status_code == 200
    after_reset = client.post("/api/v1/contracts", json=contract_request("A"), auth=AUTH)
    assert after_reset.status_code == 201
    assert after_reset.json["contract_number"] == "IC2025-0000002"
    app.extensions["sandbox.db"].engine.dispose()
