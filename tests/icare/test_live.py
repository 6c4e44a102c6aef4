"""Icare served by waitress, called over HTTP as the Centralisateur calls it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from fake_icare import create_app
from harness.servers import ServerThread
from tests.icare.conftest import AUTH, TODAY, contract_request


@pytest.fixture
def served(database_url: str, serve: Callable[..., ServerThread]) -> Iterator[ServerThread]:
    """Icare on each backend (SQLite file; PostgreSQL when SANDBOX_TEST_POSTGRES_URL is set)."""
    app = create_app({"DATABASE_URL": database_url, "TESTING": True, "TODAY": TODAY})
    yield serve(app)
    app.extensions["sandbox.db"].engine.dispose()


def race(url: str, bodies: list[dict[str, Any]]) -> list[requests.Response]:
    """Send the bodies at the same instant, one thread each."""
    barrier = threading.Barrier(len(bodies))
    answers: list[requests.Response | None] = [None] * len(bodies)

    def send(index: int) -> None:
        with requests.Session() as http:
            barrier.wait()
            answers[index] = http.post(
                f"{url}/api/v1/contracts", json=bodies[index], auth=AUTH, timeout=10
            )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answer is not None for answer in answers)
    return answers  # type: ignore[return-value]


def contracts(url: str) -> list[dict[str, Any]]:
    response = requests.get(f"{url}/api/v1/dealers/IC-953617/contracts", auth=AUTH, timeout=5)
    response.raise_for_status()
    return response.json()


def test_identical_requests_racing_give_one_contract(served: ServerThread) -> None:
    answers = race(served.url, [contract_request()] * 4)
    assert sorted(answer.status_code for answer in answers) == [200, 200, 200, 201]
    assert len({answer.json()["contract_number"] for answer in answers}) == 1
    assert len(contracts(served.url)) == 1


def test_two_declarations_of_one_vin_racing_give_one_contract(served: ServerThread) -> None:
    answers = race(served.url, [contract_request("A"), contract_request("B")])
    assert sorted(answer.status_code for answer in answers) == [201, 409]
    refused = next(answer for answer in answers if answer.status_code == 409)
    assert refused.json()["error_code"] == "CONTRACT_IN_FORCE"
    assert len(contracts(served.url)) == 1


def test_myicare_url_leads_to_the_contract_page(live: ServerThread) -> None:
    created = requests.post(
        f"{live.url}/api/v1/contracts", json=contract_request(), auth=AUTH, timeout=5
    ).json()
    assert created["myicare_url"] == f"{live.url}/myicare/contrats/{created['contract_number']}"
    browser = requests.Session()
    login = browser.get(created["myicare_url"], timeout=5)  # through the sign-in page
    assert "Connexion à MyIcare" in login.text
    page = browser.post(
        login.url, data={"identifiant": "IC-953617", "password": "spoticar"}, timeout=5
    )
    assert page.url == created["myicare_url"]
    assert created["contract_number"] in page.text


def test_without_credentials_over_http(live: ServerThread) -> None:
    response = requests.post(f"{live.url}/api/v1/contracts", json=contract_request(), timeout=5)
    assert response.status_code == 401
    assert response.json()["error_code"] == "UNAUTHORIZED"
