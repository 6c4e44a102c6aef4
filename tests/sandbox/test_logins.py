"""Every sign-in of the sandbox slows down the address that fails, never the identifier: the
portal and the Centralisateur's API, MyIcare, the desk's pages and API, and Guidewire's
`/oauth2/token` (one mechanism, `sandbox.logins`). Counted in one upsert, on SQLite and
PostgreSQL alike."""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from fake_centralisateur import store
from harness.fakes import FAKES
from sandbox.db import current_database
from sandbox.dealers import AXILOG
from tests.conftest import ICARE_DOWN

WAIT = 0.3  # LOGIN_DELAY in these tests: Retry-After says 1 (whole seconds, rounded up)


def _basic(login: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}


@dataclass(frozen=True)
class SignIn:
    """One way in: which fake, and how a caller tries an identifier and a password."""

    fake: str
    identifier: str
    password: str
    attempt: Callable[[FlaskClient, str, str, dict[str, str]], Any]
    signed_in: int


SIGN_INS = {
    "portail": SignIn(
        "centralisateur",
        AXILOG.code_rrdi,
        AXILOG.password,
        lambda c, who, pw, env: c.post(
            "/connexion", data={"code_rrdi": who, "password": pw}, environ_base=env
        ),
        302,
    ),
    "api-centralisateur": SignIn(
        "centralisateur",
        AXILOG.code_rrdi,
        AXILOG.password,
        lambda c, who, pw, env: c.get("/api/v1/profile", headers=_basic(who, pw), environ_base=env),
        200,
    ),
    "myicare": SignIn(
        "icare",
        AXILOG.icare_id,
        AXILOG.password,
        lambda c, who, pw, env: c.post(
            "/myicare/connexion", data={"identifiant": who, "password": pw}, environ_base=env
        ),
        302,
    ),
    "bureau": SignIn(
        "pvo2",
        "hakim.ab",
        "pvo2",
        lambda c, who, pw, env: c.post(
            "/connexion", data={"login": who, "password": pw}, environ_base=env
        ),
        302,
    ),
    "api-bureau": SignIn(
        "pvo2",
        "hakim.ab",
        "pvo2",
        lambda c, who, pw, env: c.get("/api/v1/bdcs", headers=_basic(who, pw), environ_base=env),
        200,
    ),
    "oauth2-guidewire": SignIn(
        "guidewire",
        "pvo2",
        "pvo2-secret",
        lambda c, who, pw, env: c.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials", "client_id": who, "client_secret": pw},
            environ_base=env,
        ),
        200,
    ),
}


def make_fake(name: str, database_url: str, **config: Any) -> Flask:
    return FAKES[name].create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "WTF_CSRF_ENABLED": False,
            "ICARE_URL": ICARE_DOWN,
            "CENTRALISATEUR_URL": ICARE_DOWN,
            "GUIDEWIRE_URL": ICARE_DOWN,
            "LOGIN_DELAY": WAIT,
            **config,
        }
    )


def address(ip: str) -> dict[str, str]:
    return {"REMOTE_ADDR": ip}


@pytest.mark.parametrize("way", list(SIGN_INS))
def test_five_failures_slow_down_their_address_only(way: str, tmp_path: Path) -> None:
    sign_in = SIGN_INS[way]
    client = make_fake(sign_in.fake, f"sqlite:///{tmp_path / 'fake.db'}").test_client()
    careless, team = address("10.0.0.1"), address("10.0.0.2")
    for _ in range(5):
        assert sign_in.attempt(client, sign_in.identifier, "mauvais", careless).status_code == 401
    waiting = sign_in.attempt(client, sign_in.identifier, sign_in.password, careless)
    assert waiting.status_code == 429
    assert waiting.headers["Retry-After"] == "1"
    right = sign_in.attempt(client, sign_in.identifier, sign_in.password, team)
    assert right.status_code == sign_in.signed_in  # at once, from another address
    time.sleep(WAIT)
    later = sign_in.attempt(client, sign_in.identifier, sign_in.password, careless)
    assert later.status_code == sign_in.signed_in  # after the wait, from the same one


def test_429_in_each_fake_s_own_shape(tmp_path: Path) -> None:
    desk = make_fake("pvo2", f"sqlite:///{tmp_path / 'pvo2.db'}").test_client()
    guidewire = make_fake("guidewire", f"sqlite:///{tmp_path / 'gw.db'}").test_client()
    here = address("10.0.0.1")
    for _ in range(5):
        SIGN_INS["api-bureau"].attempt(desk, "hakim.ab", "x", here)
        SIGN_INS["oauth2-guidewire"].attempt(guidewire, "pvo2", "x", here)
    refused = SIGN_INS["api-bureau"].attempt(desk, "hakim.ab", "pvo2", here)
    assert refused.json["error_code"] == "TOO_MANY_LOGIN_FAILURES"
    assert refused.json["message"] == (
        "Trop de tentatives de connexion infructueuses pour cet identifiant depuis votre "
        "adresse. Réessayez dans 1 seconde."
    )
    page = SIGN_INS["bureau"].attempt(desk, "hakim.ab", "pvo2", here)
    assert page.status_code == 429 and page.headers["Retry-After"] == "1"
    assert "Réessayez dans 1 seconde." in page.text
    slow = SIGN_INS["oauth2-guidewire"].attempt(guidewire, "pvo2", "pvo2-secret", here)
    assert slow.status_code == 429
    assert slow.json == {
        "error": "slow_down",
        "error_description": "Too many failed client authentications from this address for "
        "this client: retry in 1 s",
    }
    assert slow.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "counted_as"),
    [
        (0, "6.6.6.6, 10.0.0.1", "172.17.0.2"),  # no proxy trusted: the TCP peer
        (1, "6.6.6.6, 10.0.0.1", "10.0.0.1"),  # what the proxy saw; 6.6.6.6 is the caller's word
        (2, "6.6.6.6, 10.0.0.1", "6.6.6.6"),
        (2, "10.0.0.1", "172.17.0.2"),  # fewer entries than proxies: not through them
    ],
)
def test_behind_trusted_proxies_the_address_they_saw_is_counted(
    tmp_path: Path, proxies: int, forwarded: str, counted_as: str
) -> None:
    app = make_fake("centralisateur", f"sqlite:///{tmp_path / 'c.db'}", TRUSTED_PROXIES=proxies)
    app.test_client().get(
        "/api/v1/profile",
        headers={**_basic(AXILOG.code_rrdi, "mauvais"), "X-Forwarded-For": forwarded},
        environ_base=address("172.17.0.2"),
    )
    assert _counts(app) == {(counted_as, AXILOG.code_rrdi): 1}


def _counts(app: Flask) -> dict[tuple[str, str], int]:
    """The Centralisateur's failure counts, by (client address, code)."""
    table = store.login_failures
    with app.app_context(), current_database().session() as session:
        rows = session.execute(select(table.c.client, table.c.login, table.c.failures))
        return {(client, login): failures for client, login, failures in rows}


def test_failures_at_once_are_each_counted(database_url: str) -> None:
    """The read-then-write of a count is one upsert: eight callers failing five times each
    at the same moment leave 40 (SQLite and PostgreSQL)."""
    app = make_fake("centralisateur", database_url, LOGIN_MAX_FAILURES=1000)

    def fail_five_times(_: int) -> list[int]:
        client = app.test_client()
        return [
            SIGN_INS["api-centralisateur"]
            .attempt(client, AXILOG.code_rrdi, "mauvais", address("10.0.0.9"))
            .status_code
            for _ in range(5)
        ]

    with ThreadPoolExecutor(8) as pool:
        statuses = [status for batch in pool.map(fail_five_times, range(8)) for status in batch]
    assert statuses == [401] * 40
    assert _counts(app) == {("10.0.0.9", AXILOG.code_rrdi): 40}
    app.extensions["sandbox.db"].engine.dispose()
