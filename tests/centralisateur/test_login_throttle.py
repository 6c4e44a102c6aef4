"""Login does not tell which codes exist, and guessing a password slows down the address that
guesses (portal and API), with counts that every worker process shares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from fake_centralisateur import store
from sandbox import logins
from sandbox.db import current_database
from sandbox.sessions import as_utc
from tests.centralisateur.conftest import basic_auth

LIMITS = {
    "LOGIN_MAX_FAILURES": 3,
    "LOGIN_FAILURE_WINDOW": 900,
    "LOGIN_DELAY": 10,
    "LOGIN_MAX_DELAY": 60,
}


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
    assert checked[0] == logins.PASSWORD_METHOD  # a real key derivation, not a plain digest


def test_repeated_failures_for_one_code_get_429_in_french(client: FlaskClient) -> None:
    for _ in range(3):
        assert log_in(client, password="wrong").status_code == 401
    response = log_in(client)  # this address waits, even with the right password
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "10"
    assert (
        "Trop de tentatives de connexion infructueuses pour cet identifiant depuis votre "
        "adresse. Réessayez dans 10 secondes."
    ) in response.text
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


def _back_in_time(app: Flask, seconds: float) -> None:
    """The last failures happened `seconds` earlier than they did."""
    table = store.login_failures
    with app.app_context(), current_database().session() as session:
        for row in session.execute(select(table)).all():
            session.execute(
                update(table)
                .where(table.c.client == row.client, table.c.login == row.login)
                .values(last_failure_at=as_utc(row.last_failure_at) - timedelta(seconds=seconds))
            )


def test_the_wait_ends_and_doubles_at_each_further_failure(app: Flask, client: FlaskClient) -> None:
    for _ in range(3):
        log_in(client, password="wrong")
    for waited in (10, 20, 40, 60, 60):  # doubled, at most LOGIN_MAX_DELAY
        refused = log_in(client)
        assert refused.status_code == 429
        assert refused.headers["Retry-After"] == str(waited)
        _back_in_time(app, waited - 1)
        assert log_in(client).headers["Retry-After"] == "1"  # one second short
        _back_in_time(app, 1)
        assert log_in(client, password="wrong").status_code == 401  # checked, and counted
    _back_in_time(app, 60)
    assert log_in(client).status_code == 302


def test_a_failure_after_the_window_counts_from_one(app: Flask, client: FlaskClient) -> None:
    for _ in range(2):
        log_in(client, password="wrong")
    _back_in_time(app, 901)
    assert log_in(client, password="wrong").status_code == 401
    assert log_in(client, password="wrong").status_code == 401  # 2 in a row, not 4
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
    monkeypatch.setenv("CENTRALISATEUR_LOGIN_DELAY", "5")
    client = make_centralisateur().test_client()
    log_in(client, password="wrong")
    response = log_in(client)
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "5"


def test_defaults_are_documented_values(make_centralisateur: Callable[..., Flask]) -> None:
    limits = logins.Limits.from_config(make_centralisateur().config)
    assert limits == logins.Limits(
        max_failures=5,
        window=timedelta(seconds=900),
        delay=timedelta(seconds=1),
        max_delay=timedelta(seconds=60),
        trusted_proxies=0,
    )
    waits = [limits.wait_after(n).total_seconds() for n in (1, 4, 5, 6, 7, 10, 11, 12, 10**6)]
    assert waits == [0, 0, 1, 2, 4, 32, 60, 60, 60]
