"""The admin API every fake carries: reset, journal, faults, clock, token."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from fake_centralisateur import create_app
from harness.admin_client import FakeAdmin
from harness.servers import ServerThread
from sandbox.dealers import AXILOG, GARAGE_DU_PARC

DEALER = AXILOG.login


@pytest.fixture
def app(make_centralisateur: Callable[..., Flask]) -> Flask:
    return make_centralisateur(JOURNAL_SIZE=5)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def live(app: Flask, serve: Callable[..., ServerThread]) -> str:
    return serve(app).url


def profile(client: FlaskClient) -> dict[str, object]:
    return client.get("/api/v1/profile", auth=DEALER).json


def test_health_and_reset(client: FlaskClient) -> None:
    assert client.get("/__admin/health").json == {
        "status": "ok",
        "service": "fake_centralisateur",
        "journal_failed_writes": 0,
    }
    client.put("/api/v1/profile", json={"icare_id": AXILOG.icare_id}, auth=DEALER)
    assert profile(client)["profile_configured"] is True
    assert client.post("/__admin/reset").status_code == 200
    assert profile(client)["profile_configured"] is False


def test_reset_of_one_dealer_leaves_the_others(client: FlaskClient) -> None:
    other = ("751020A", "spoticar")
    for who, icare_id in ((DEALER, AXILOG.icare_id), (other, GARAGE_DU_PARC.icare_id)):
        client.put("/api/v1/profile", json={"icare_id": icare_id}, auth=who)
        client.post("/api/v1/declarations", json={"fields": {"nom": "X"}}, auth=who)
    assert client.post("/__admin/reset?dealer=953617Z").status_code == 200
    assert profile(client)["profile_configured"] is False
    assert client.get("/api/v1/declarations", auth=DEALER).json == []
    assert len(client.get("/api/v1/declarations", auth=other).json) == 1
    assert client.post("/__admin/reset?dealer=000000X").status_code == 404


def test_journal_keeps_the_latest_masked_and_filtered(client: FlaskClient) -> None:
    client.post(
        "/connexion", data={"code_rrdi": "953617Z", "password": "spoticar", "csrf_token": "abc"}
    )
    client.put("/api/v1/profile", json={"icare_id": AXILOG.icare_id}, auth=DEALER)
    entries = client.get("/__admin/journal").json["entries"]
    put, login = entries[0], entries[1]
    assert put["method"] == "PUT" and put["who"] == "953617Z" and put["status"] == 200
    assert put["request"]["headers"]["Authorization"] == "***"
    assert put["request"]["body"] == {"icare_id": AXILOG.icare_id}
    assert login["request"]["body"]["password"] == "***"
    assert login["request"]["body"]["csrf_token"] == "***"
    only_put = client.get("/__admin/journal?method=PUT").json
    assert only_put["count"] == 1
    for _ in range(10):
        client.get("/api/v1/profile", auth=DEALER)
    assert client.get("/__admin/journal?limit=100").json["count"] == 5  # the ring's size
    client.delete("/__admin/journal")
    assert client.get("/__admin/journal").json["count"] == 0


def test_status_fault_for_the_next_calls(client: FlaskClient) -> None:
    client.post(
        "/__admin/faults",
        json={"path": "/api/v1/profile", "action": "status", "status": 503, "times": 2},
    )
    codes = [client.get("/api/v1/profile", auth=DEALER).status_code for _ in range(3)]
    assert codes == [503, 503, 200]
    failed = client.post("/__admin/faults", json={"path": "/x", "action": "status"}).json
    assert failed["remaining"] is None
    assert client.get("/__admin/faults").json["faults"][0]["hits"] == 2


def test_rules_and_clock_are_read_once_per_change(app: Flask, client: FlaskClient) -> None:
    """Between two changes, a call reads one version stamp, not the rules and settings."""
    statements: list[str] = []
    engine = app.extensions["sandbox.db"].engine
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def admin_reads() -> list[str]:
        statements.clear()
        client.get("/api/v1/profile", auth=DEALER)
        return [s for s in statements if "_admin_fault" in s or "key, " in s]

    client.put("/__admin/clock", json={"today": "2031-02-03"})
    assert admin_reads() != []  # the first call after a change reads the state...
    assert admin_reads() == []  # ...and the next ones only its stamp
    client.post("/__admin/faults", json={"path": "/api/v1/profile", "action": "status", "times": 1})
    assert client.get("/api/v1/profile", auth=DEALER).status_code == 503
    assert client.get("/api/v1/profile", auth=DEALER).status_code == 200  # used up: a change
    assert admin_reads() == []
    assert client.get("/__admin/faults").json["faults"][0]["hits"] == 1


def test_probability_under_a_seed_is_repeatable(client: FlaskClient) -> None:
    def run() -> list[int]:
        client.delete("/__admin/faults")
        client.post(
            "/__admin/faults",
            json={"path": "/api/v1/profile", "action": "status", "probability": 0.5, "seed": 7},
        )
        return [client.get("/api/v1/profile", auth=DEALER).status_code for _ in range(12)]

    first = run()
    assert first == run()
    assert 503 in first and 200 in first


def test_bad_fault_is_refused(client: FlaskClient) -> None:
    response = client.post("/__admin/faults", json={"path": "/", "action": "explode"})
    assert response.status_code == 422
    assert "action" in response.json["errors"]["json"]
    admin = client.post("/__admin/faults", json={"path": "/__admin/reset", "action": "status"})
    assert admin.status_code == 422 and "path" in admin.json["errors"]["json"]
    assert client.get("/__admin/faults").json["faults"] == []


def test_delay_and_reset_faults_on_a_live_server(live: str) -> None:
    admin = FakeAdmin(live)
    admin.add_fault("/api/v1/profile", "delay", delay_ms=300, times=1)
    started = time.perf_counter()
    assert requests.get(f"{live}/api/v1/profile", auth=DEALER, timeout=5).status_code == 200
    assert time.perf_counter() - started >= 0.3
    requests.post(
        f"{live}/__admin/faults",
        json={"path": "/api/v1/profile", "action": "timeout", "delay_ms": 1500, "times": 1},
        timeout=5,
    )
    with pytest.raises(requests.Timeout):
        requests.get(f"{live}/api/v1/profile", auth=DEALER, timeout=0.5)
    requests.post(
        f"{live}/__admin/faults",
        json={"path": "/api/v1/profile", "action": "reset", "times": 1},
        timeout=5,
    )
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        requests.get(f"{live}/api/v1/profile", auth=DEALER, timeout=5)
    assert requests.get(f"{live}/api/v1/profile", auth=DEALER, timeout=5).status_code == 200


def test_clock_sets_today(client: FlaskClient) -> None:
    assert client.put("/__admin/clock", json={"today": "2031-02-03"}).json["today"] == "2031-02-03"
    assert client.get("/__admin/clock").json == {"today": "2031-02-03", "fixed": True}
    assert client.delete("/__admin/clock").json["fixed"] is False
    assert client.put("/__admin/clock", json={"today": "demain"}).status_code == 422


def test_admin_token_when_configured(tmp_path: Path) -> None:
    app = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}", "ADMIN_TOKEN": "s3cret"}
    )
    client = app.test_client()
    refused = client.post("/__admin/reset")
    assert refused.status_code == 401 and refused.json["error_code"] == "ADMIN_TOKEN_REQUIRED"
    assert (
        client.get("/__admin/journal", headers={"Authorization": "Bearer nope"}).status_code == 401
    )
    assert (
        client.post("/__admin/reset", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    )


def test_full_reset_also_clears_journal_faults_and_clock(client: FlaskClient) -> None:
    client.post("/__admin/faults", json={"path": "/api/v1/profile", "action": "status"})
    client.put("/__admin/clock", json={"today": "2031-02-03"})
    client.get("/api/v1/profile", auth=DEALER)
    client.post("/__admin/reset")
    assert client.get("/__admin/faults").json["faults"] == []
    assert client.get("/__admin/journal").json["count"] == 0
    assert client.get("/__admin/clock").json["today"] == "2025-11-30"  # the configured date
    assert client.get("/api/v1/profile", auth=DEALER).status_code == 200


def test_a_token_set_through_the_api_outlives_a_restart(tmp_path: Path) -> None:
    """A restart (or a new replica) without ADMIN_TOKEN used to open the admin API again."""
    config = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 't.db'}"}
    token = {"Authorization": "Bearer a-token-of-16-chars"}
    client = create_app({**config, "ADMIN_TOKEN": "the-first-token-0123"}).test_client()
    changed = client.put(
        "/__admin/token",
        json={"token": "a-token-of-16-chars"},
        headers={"Authorization": "Bearer the-first-token-0123"},
    )
    assert changed.status_code == 204
    restarted = create_app(config).test_client()
    assert restarted.get("/__admin/journal").status_code == 401
    assert restarted.get("/__admin/journal", headers=token).status_code == 200


@pytest.mark.parametrize("token", ["☃" * 16, "with spaces inside it", "tab\tin-the-token-x"])
def test_a_token_no_header_can_carry_is_refused(
    make_centralisateur: Callable[..., Flask], token: str
) -> None:
    """Accepted, it would lock the admin API for good: no client could send it back."""
    client = make_centralisateur(ADMIN_TOKEN="the-first-token-0123").test_client()
    current = {"Authorization": "Bearer the-first-token-0123"}
    response = client.put("/__admin/token", json={"token": token}, headers=current)
    assert response.status_code == 422
    assert client.get("/__admin/journal", headers=current).status_code == 200


def test_odd_journal_filters_are_refused_not_a_500(client: FlaskClient) -> None:
    assert client.get("/__admin/journal?status=999999999999999999999").status_code == 422
    assert client.get("/__admin/journal?status=404").status_code == 200


def test_the_launch_token_of_a_form_url_is_masked_in_the_journal(client: FlaskClient) -> None:
    """The journal is readable without the dealer's password: the `jeton` would open the
    dealer's portal to whoever reads it."""
    client.put("/api/v1/profile", json={"icare_id": AXILOG.icare_id}, auth=DEALER)
    created = client.post("/api/v1/declarations", json={"fields": {"nom": "X"}}, auth=DEALER)
    assert "jeton=" in created.json["form_url"]
    kept = client.get("/__admin/journal?method=POST").json["entries"][0]
    assert kept["response"]["body"]["form_url"].endswith("jeton=***")
