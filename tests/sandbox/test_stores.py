"""The Centralisateur's store on each backend (SQLite, and PostgreSQL when CI provides one)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sandbox.dealers import AXILOG

DEALER = AXILOG.login


@pytest.fixture
def app(make_centralisateur: Callable[..., Flask], database_url: str) -> Flask:
    return make_centralisateur(DATABASE_URL=database_url)


def configured(client: FlaskClient) -> FlaskClient:
    client.put("/api/v1/profile", json={"icare_id": "IC-953617"}, auth=DEALER)
    return client


def draft(client: FlaskClient, form: dict[str, Any]) -> str:
    body = {"fields": form, "commercial_warranty": "spoticar"}
    return client.post("/api/v1/declarations", json=body, auth=DEALER).json["id"]


def submit(client: FlaskClient, public_id: str) -> str:
    response = client.post(f"/api/v1/declarations/{public_id}/submit", auth=DEALER)
    assert response.status_code == 200, response.json
    return response.json["number"]


def test_declarations_round_trip_and_numbers_survive_reset(
    app: Flask, valid_form: dict[str, Any]
) -> None:
    client = configured(app.test_client())
    numbers = [submit(client, draft(client, valid_form)) for _ in range(2)]
    assert len(set(numbers)) == 2
    found = client.get("/api/v1/declarations", query_string={"q": "DUPOND"}, auth=DEALER).json
    assert {d["number"] for d in found} == set(numbers)
    assert found[0]["fields"]["date_naissance"] == "1960-05-17"

    assert client.post("/__admin/reset").status_code == 200
    assert client.get("/api/v1/declarations", auth=DEALER).json == []
    configured(client)
    after = submit(client, draft(client, valid_form))
    assert after not in numbers  # a number given out is never given out again


def test_concurrent_submissions_get_distinct_numbers(
    app: Flask, valid_form: dict[str, Any]
) -> None:
    client = configured(app.test_client())
    ids = [draft(client, valid_form) for _ in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        numbers = list(pool.map(lambda i: submit(app.test_client(), i), ids))
    assert len(set(numbers)) == 12


def test_a_launch_link_opens_once_even_when_opened_twice_at_the_same_time(app: Flask) -> None:
    """Two browsers open the same `form_url` together: one is signed in, the other is not."""
    handed_over = app.test_client().post("/api/v1/declarations", json={"fields": {}}, auth=DEALER)
    url = handed_over.json["form_url"]

    def open_it(_: int) -> bool:
        """True when refused: sent to the login page instead of the declaration."""
        return urlsplit(app.test_client().get(url).headers["Location"]).path == "/connexion"

    with ThreadPoolExecutor(max_workers=4) as pool:
        refused = list(pool.map(open_it, range(4)))
    assert sorted(refused) == [False, True, True, True]
