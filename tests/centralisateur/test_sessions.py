"""Portal sessions end on the server: a copy of the cookie is worth nothing after logout or a
reset, in every worker process (two apps on one database stand for two workers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur import store
from sandbox.db import current_database


def saved_cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie(client.application.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    return cookie.value


def replay(app: Flask, cookie: str) -> FlaskClient:
    """Another browser presenting a copy of the cookie."""
    other = app.test_client()
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    return other


@pytest.fixture
def two_workers(make_centralisateur: Callable[..., Flask]) -> tuple[Flask, Flask]:
    return (
        make_centralisateur(SECRET_KEY="shared-secret"),
        make_centralisateur(SECRET_KEY="shared-secret"),
    )


def test_a_cookie_saved_before_logout_no_longer_opens_vente(
    app: Flask, client: FlaskClient, auth: Any
) -> None:
    auth.login()
    cookie = saved_cookie(client)
    assert replay(app, cookie).get("/vente").status_code == 200
    client.post("/deconnexion")
    response = replay(app, cookie).get("/vente")
    assert response.status_code == 302
    assert response.location == "/connexion?next=/vente"


def test_logout_in_one_worker_ends_the_session_in_the_other(
    two_workers: tuple[Flask, Flask],
) -> None:
    first, second = two_workers
    browser = first.test_client()
    browser.post("/connexion", data={"code_rrdi": "953617Z", "password": "spoticar"})
    cookie = saved_cookie(browser)
    assert replay(second, cookie).get("/vente").status_code == 200
    replay(second, cookie).post("/deconnexion")
    assert browser.get("/vente").status_code == 302


def test_resetting_the_dealer_signs_it_out_and_no_one_else(
    app: Flask, client: FlaskClient, auth: Any
) -> None:
    auth.login()
    other = app.test_client()
    other.post("/connexion", data={"code_rrdi": "751020A", "password": "spoticar"})
    assert client.post("/__admin/reset", query_string={"dealer": "953617Z"}).status_code == 200
    assert client.get("/vente").status_code == 302
    assert other.get("/vente").status_code == 200


def test_a_full_reset_signs_everyone_out(app: Flask, client: FlaskClient, auth: Any) -> None:
    auth.login()
    assert client.post("/__admin/reset").status_code == 200
    assert client.get("/vente").status_code == 302


def test_logging_in_again_gives_a_new_session(app: Flask, client: FlaskClient, auth: Any) -> None:
    auth.login()
    before = saved_cookie(client)
    auth.login()
    assert saved_cookie(client) != before
    assert replay(app, before).get("/vente").status_code == 200  # another tab stays signed in


def test_the_database_holds_no_usable_session_id(
    app: Flask, client: FlaskClient, auth: Any
) -> None:
    auth.login()
    with app.app_context(), current_database().session() as session:
        rows = session.execute(store.sessions.table.select()).all()
    assert [row.owner for row in rows] == ["953617Z"]
    session_id = app.session_interface.get_signing_serializer(app).loads(saved_cookie(client))
    assert rows[0].id_hash != session_id["sid"]


def test_a_session_older_than_its_lifetime_is_over(
    make_centralisateur: Callable[..., Flask],
) -> None:
    app = make_centralisateur(PERMANENT_SESSION_LIFETIME=0)
    client = app.test_client()
    client.post("/connexion", data={"code_rrdi": "953617Z", "password": "spoticar"})
    assert client.get("/vente").status_code == 302
