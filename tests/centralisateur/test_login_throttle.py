"""Login does not tell which codes exist, and guessing a password is slowed down (portal and
API), with counts that every worker process shares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update
from werkzeug.security import generate_password_hash

from fake_centralisateur import store
from sandbox import logins
from sandbox.db import current_database
from tests.centralisateur.conftest import basic_auth

LIMITS = {"LOGIN_MAX_FAILURES": 3, "LOGIN_FAILURE_WINDOW": 900, "LOGIN_LOCKOUT": 60}


@pytest.fixture
def app(make_centralisateur: Callable[..., Flask]) -> Flask:
    return make_centralisateur(**LIMITS)


def log_in(client: FlaskClient, code: str = "953617Z", password: str = "spoticar") -> Any:
    return client.post("/connexion", data={"code_rrdi": code, "password": password})


def test_an_unknown_code_costs_the_same_hash_as_a_wrong_password(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real_check = logins.check_password_hash

    def counting(stored_hash: str, password: str) -> bool:
        checked.append(stored_hash.rsplit("$", 2)[0])  # the method and its cost, not the salt
        return real_check(stored_hash, password)

    monkeypatch.setattr(logins, "check_password_hash", counting)
    assert log_in(client, "953617Z", "wrong").status_code == 401
    assert log_in(client, "000000X", "wrong").status_code == 401
    assert len(checked) == 2
    assert checked[0] == checked[1]
    assert checked[0].startswith("scrypt:")


def test_a_sandbox_hashes_with_werkzeugs_default_unless_told(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The suite sets a cheap SANDBOX_PASSWORD_HASH (conftest.py); a sandbox has scrypt n=2**15."""
    monkeypatch.delenv("SANDBOX_PASSWORD_HASH")
    assert logins.hash_method() == logins.DEFAULT_HASH_METHOD
    assert generate_password_hash("x").startswith(f"{logins.DEFAULT_HASH_METHOD}$")
    monkeypatch.setenv("SANDBOX_PASSWORD_HASH", "scrypt:1024:8:1")
    assert logins.hash_method() == "scrypt:1024:8:1"


def test_repeated_failures_for_one_code_get_429_in_french(client: FlaskClient) -> None:
    for _ in range(3):
        assert log_in(client, password="wrong").status_code == 401
    response = log_in(client)  # even the right password waits
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert "Trop de tentatives de connexion infructueuses pour cet identifiant" in response.text
    assert f"Réessayez dans {response.headers['Retry-After']} secondes." in response.text
    assert log_in(client, "751020A").status_code == 302  # another code is not affected


def test_unknown_codes_are_slowed_down_the_same_way(client: FlaskClient) -> None:
    for _ in range(3):
        assert log_in(client, "000000X", "wrong").status_code == 401
    assert log_in(client, "000000x", "wrong").status_code == 429


def test_a_success_clears_the_count(client: FlaskClient) -> None:
    for _ in range(2):
        log_in(client, password="wrong")
    assert log_in(client).status_code == 302
    for _ in range(2):
        assert log_in(client, password="wrong").status_code == 401


def test_the_lockout_ends(app: Flask, client: FlaskClient) -> None:
    for _ in range(3):
        log_in(client, password="wrong")
    with app.app_context(), current_database().session() as session:
        session.execute(
            update(store.login_failures).values(
                last_failure_at=datetime.now(UTC) - timedelta(seconds=61)
            )
        )
    assert log_in(client).status_code == 302


def test_workers_share_the_count(make_centralisateur: Callable[..., Flask]) -> None:
    first, second = make_centralisateur(**LIMITS), make_centralisateur(**LIMITS)
    for _ in range(3):
        log_in(first.test_client(), password="wrong")
    assert log_in(second.test_client()).status_code == 429


def test_the_api_shares_the_count_and_answers_429_in_its_error_shape(
    client: FlaskClient,
) -> None:
    for _ in range(3):
        response = client.get("/api/v1/profile", headers=basic_auth(password="wrong"))
        assert response.status_code == 401
    response = client.get("/api/v1/profile", headers=basic_auth())
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.json["error_code"] == "TOO_MANY_LOGIN_FAILURES"
    assert response.json["message"].startswith("Trop de tentatives de connexion")
    assert log_in(client).status_code == 429


def test_the_limits_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, make_centralisateur: Callable[..., Flask]
) -> None:
    monkeypatch.setenv("CENTRALISATEUR_LOGIN_MAX_FAILURES", "1")
    monkeypatch.setenv("CENTRALISATEUR_LOGIN_LOCKOUT", "5")
    client = make_centralisateur().test_client()
    log_in(client, password="wrong")
    response = log_in(client)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) <= 5


def test_defaults_are_documented_values(make_centralisateur: Callable[..., Flask]) -> None:
    limits = logins.Limits.from_config(make_centralisateur().config)
    assert (limits.max_failures, limits.window.seconds, limits.lockout.seconds) == (5, 900, 60)
