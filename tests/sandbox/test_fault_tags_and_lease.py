"""A fault's tag and expiry, and the lease, on the admin API of a fake (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_icare import create_app

AUTH = {"Authorization": "Basic Y2VudHJhbGlzYXRldXI6Y2VudHJhbGlzYXRldXItc2VjcmV0"}
LOOK_UP = "/api/v1/dealers/IC-953617/contracts"


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    yield app
    app.extensions["sandbox.db"].engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_a_fault_ends_by_itself(client: FlaskClient) -> None:
    added = client.post(
        "/__admin/faults", json={"path": LOOK_UP, "action": "status", "expires_in_s": 1}
    ).get_json()
    assert set(added) >= {"expires_at"} and "expires_in_s" not in added
    assert client.get(LOOK_UP, headers=AUTH).status_code == 503
    time.sleep(2.1)
    assert client.get(LOOK_UP, headers=AUTH).status_code == 200
    client.post("/__admin/faults", json={"path": "/autre", "action": "status"})
    assert [f["path"] for f in client.get("/__admin/faults").get_json()["faults"]] == ["/autre"]


def test_only_the_faults_of_a_tag_or_a_dealer_are_removed(client: FlaskClient) -> None:
    for tag, dealer in (("a", "953617Z"), ("b", "953617Z"), ("a", "751020A"), (None, None)):
        rule = {"path": LOOK_UP, "action": "delay", "delay_ms": 1}
        rule |= {"tag": tag} if tag else {}
        rule |= {"dealer": dealer} if dealer else {}
        assert client.post("/__admin/faults", json=rule).status_code == 201

    def left() -> list[tuple[str | None, str | None]]:
        faults = client.get("/__admin/faults").get_json()["faults"]
        return [(f.get("tag"), f.get("dealer")) for f in faults]

    assert client.delete("/__admin/faults?tag=a&dealer=751020A").status_code == 204
    assert left() == [("a", "953617Z"), ("b", "953617Z"), (None, None)]
    assert client.delete("/__admin/faults?tag=a").status_code == 204
    assert left() == [("b", "953617Z"), (None, None)]
    assert client.delete("/__admin/faults?dealer=953617Z").status_code == 204
    assert left() == [(None, None)]


@pytest.mark.parametrize(
    "rule",
    [
        {"expires_in_s": 0},
        {"expires_in_s": 7 * 24 * 3600 + 1},
        {"tag": ""},
        {"tag": "x" * 101},
        {"dealer": "953617z"},
        {"dealer": "95361Z"},
    ],
)
def test_bad_tags_expiries_and_dealers_are_refused(client: FlaskClient, rule: dict) -> None:
    response = client.post("/__admin/faults", json={"path": "/x", "action": "status", **rule})
    assert response.status_code == 422
    assert client.get("/__admin/faults").get_json()["faults"] == []


def test_of_two_takers_at_once_one_gets_the_lease(app: Flask) -> None:
    barrier = threading.Barrier(2)
    answers: dict[str, int] = {}

    def take(holder: str) -> None:
        client = app.test_client()
        barrier.wait()
        answers[holder] = client.post("/__admin/lease", json={"holder": holder}).status_code

    threads = [threading.Thread(target=take, args=(holder,)) for holder in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    held = app.test_client().get("/__admin/lease").get_json()
    assert sorted(answers.values()) == [200, 409]
    assert answers[held["holder"]] == 200
    refused = app.test_client().post("/__admin/lease", json={"holder": "c", "seconds": 5})
    assert refused.get_json()["error_code"] == "LEASE_HELD"
    assert refused.get_json()["holder"] == held["holder"]
