"""Fault injection rule by rule: what a rule accepts at each limit, which calls it matches, how
many it fails, and exactly what the failing call gets."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur import create_app
from sandbox import faults
from sandbox.dealers import AXILOG
from tests.conftest import centralisateur_config

PROFILE = "/api/v1/profile"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return create_app(centralisateur_config(tmp_path_factory.mktemp("faults")))


@pytest.fixture
def client(app: Flask) -> Iterator[FlaskClient]:
    client = app.test_client()
    client.delete("/__admin/faults")
    yield client
    client.delete("/__admin/faults")


def add(client: FlaskClient, **rule: Any) -> dict[str, Any]:
    response = client.post("/__admin/faults", json={"path": PROFILE, **rule})
    assert response.status_code == 201, response.json
    return response.json


def refused(client: FlaskClient, **rule: Any) -> dict[str, Any]:
    response = client.post("/__admin/faults", json={"path": PROFILE, **rule})
    assert response.status_code == 422
    assert client.get("/__admin/faults").json["faults"] == []
    return response.json["errors"]["json"]


def call(client: FlaskClient, method: str = "GET", path: str = PROFILE) -> int:
    return client.open(path, method=method, auth=AXILOG.login).status_code


@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("status", [400, 599], [399, 600]),
        ("delay_ms", [0, 120_000], [-1, 120_001]),
        ("times", [1, 1_000_000], [0, 1_000_001]),
        ("probability", [0.0, 1.0], [-0.01, 1.01]),
        ("method", ["GET", "POST", "PUT", "PATCH", "DELETE"], ["TRACE", "get"]),
        ("path", ["/", "/" + "x" * 299], ["", "/" + "x" * 300]),
    ],
)
def test_each_setting_is_accepted_at_its_limits_and_refused_past_them(
    client: FlaskClient, field: str, good: list[Any], bad: list[Any]
) -> None:
    for value in good:
        assert add(client, action="status", **{field: value})[field] == value
        client.delete("/__admin/faults")
    for value in bad:
        assert list(refused(client, action="status", **{field: value})) == [field]


def test_a_delay_range_must_be_in_order(client: FlaskClient) -> None:
    assert refused(client, action="delay", delay_ms=500, delay_max_ms=499) == {
        "delay_max_ms": ["must not be below delay_ms"]
    }
    assert list(refused(client, action="delay", delay_max_ms=120_001)) == ["delay_max_ms"]
    assert list(refused(client, action="delay", delay_max_ms=-1)) == ["delay_max_ms"]
    assert add(client, action="delay", delay_ms=500, delay_max_ms=500)["delay_max_ms"] == 500
    client.delete("/__admin/faults")
    assert add(client, action="delay", delay_max_ms=0)["delay_max_ms"] == 0


def test_the_admin_api_gets_no_fault(client: FlaskClient) -> None:
    for path in ("/__admin", "/__admin/reset"):
        assert refused(client, action="status", path=path) == {
            "path": ["the admin API (/__admin) gets no fault"]
        }
    add(client, action="status", path="/")  # every other path
    assert client.get("/__admin/faults").status_code == 200
    assert call(client) == 503


def test_a_rule_is_described_with_its_defaults(client: FlaskClient) -> None:
    rule = add(client, action="status", method="GET")
    assert rule == {
        "id": rule["id"],
        "path": PROFILE,
        "method": "GET",
        "action": "status",
        "status": 503,
        "probability": 1.0,
        "remaining": None,
        "hits": 0,
    }
    assert client.get("/__admin/faults").json["faults"] == [rule]


def test_a_status_fault_answers_the_documented_body(client: FlaskClient) -> None:
    rule = add(client, action="status", status=418)
    response = client.get(PROFILE, auth=AXILOG.login)
    assert response.status_code == 418
    assert response.json == {
        "code": 418,
        "status": "Injected fault",
        "error_code": "INJECTED_FAULT",
        "message": f"Panne simulée par le sandbox (fault {rule['id']})",
    }
    assert "Retry-After" not in response.headers


@pytest.mark.parametrize(("status", "retry_after"), [(429, "1"), (503, "1"), (500, None)])
def test_overloaded_statuses_say_when_to_come_back(
    client: FlaskClient, status: int, retry_after: str | None
) -> None:
    add(client, action="status", status=status)
    assert client.get(PROFILE, auth=AXILOG.login).headers.get("Retry-After") == retry_after


def test_times_fails_exactly_that_many_calls_and_counts_them(client: FlaskClient) -> None:
    rule = add(client, action="status", times=3)
    assert rule["remaining"] == 3
    assert [call(client) for _ in range(2)] == [503, 503]
    assert client.get("/__admin/faults").json["faults"][0] | {"id": 0} == (
        rule | {"id": 0, "remaining": 1, "hits": 2}
    )
    assert [call(client) for _ in range(2)] == [503, 200]
    described = client.get("/__admin/faults").json["faults"][0]
    assert (described["remaining"], described["hits"]) == (0, 3)


def test_without_times_every_call_fails(client: FlaskClient) -> None:
    add(client, action="status")
    assert [call(client) for _ in range(4)] == [503] * 4
    assert client.get("/__admin/faults").json["faults"][0]["hits"] == 4


def test_a_rule_matches_its_method_and_path_prefix_only(client: FlaskClient) -> None:
    add(client, action="status", method="PUT", path="/api/v1/prof")
    assert call(client, "GET") == 200
    assert call(client, "PUT") == 503
    add(client, action="status", status=502, path="/api/v2")
    assert call(client, "GET") == 200


def test_the_first_rule_that_fires_decides(client: FlaskClient) -> None:
    add(client, action="status", status=500, probability=0.0)
    add(client, action="status", status=502, times=1)
    add(client, action="status", status=504)
    assert [call(client) for _ in range(2)] == [502, 504]
    hits = [f["hits"] for f in client.get("/__admin/faults").json["faults"]]
    assert hits == [0, 1, 1]


def test_clearing_removes_every_rule(client: FlaskClient) -> None:
    add(client, action="status")
    assert client.delete("/__admin/faults").status_code == 204
    assert client.get("/__admin/faults").json["faults"] == []
    assert call(client) == 200


def test_a_delay_sleeps_then_answers_and_a_timeout_sleeps_then_answers_504(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(faults.time, "sleep", slept.append)
    add(client, action="delay", delay_ms=250, times=1)
    assert call(client) == 200
    add(client, action="delay", times=1)
    assert call(client) == 200
    rule = add(client, action="timeout", times=1)
    response = client.get(PROFILE, auth=AXILOG.login)
    assert response.status_code == 504
    assert response.json["message"] == f"Panne simulée par le sandbox (fault {rule['id']})"
    add(client, action="timeout", delay_ms=10, times=1)
    assert call(client) == 504
    assert slept == [0.25, 1.0, 30.0, 0.01]


def test_a_reset_promises_more_than_it_sends(client: FlaskClient) -> None:
    add(client, action="reset", times=1)
    response = client.get(PROFILE, auth=AXILOG.login)
    assert (response.headers["Content-Length"], response.get_data()) == ("1048576", b"{")
    assert response.mimetype == "application/json"


def test_a_seeded_draw_repeats_and_another_draw_differs() -> None:
    rule = {"seed": 7, "delay_ms": 100, "delay_max_ms": 200}
    same = [faults.Fault(1, rule, 3).delay_seconds(1000) for _ in range(2)]
    assert same[0] == same[1]
    expected = random.Random("7:3")
    expected.random()
    assert same[0] == expected.uniform(100, 200) / 1000
    assert faults.Fault(1, rule, 4).delay_seconds(1000) != same[0]
    assert faults.Fault(1, {**rule, "seed": 8}, 3).delay_seconds(1000) != same[0]
    assert faults.Fault(1, {"seed": 0, "delay_ms": 5}, 1).delay_seconds(1000) == 0.005


@pytest.mark.parametrize(
    ("rule", "seconds"),
    [
        ({}, 1.0),
        ({"delay_ms": 300}, 0.3),
        ({"delay_ms": 300, "delay_max_ms": 300}, 0.3),
        ({"delay_ms": 500_000}, 120.0),
    ],
)
def test_delays_default_and_cap(rule: dict[str, Any], seconds: float) -> None:
    assert faults.Fault(1, rule, 1).delay_seconds(1000) == seconds


def test_an_unseeded_delay_stays_in_its_range() -> None:
    drawn = {
        faults.Fault(1, {"delay_ms": 0, "delay_max_ms": 1000}, 1).delay_seconds(0)
        for _ in range(20)
    }
    assert all(0 <= value <= 1 for value in drawn)
    assert len(drawn) > 1  # not seeded: not the same number each time
