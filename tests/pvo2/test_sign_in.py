"""A desk session ends on the server: a copy of the cookie opens nothing after a logout or a
reset, as on the portal and MyIcare."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.pvo2.conftest import sign_in


def _copy_of(desk: FlaskClient, app: Flask) -> FlaskClient:
    """Another browser holding the same cookie."""
    copy = app.test_client()
    cookie = desk.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert cookie is not None
    copy.set_cookie(cookie.key, cookie.value)
    return copy


@pytest.mark.parametrize(
    "end",
    [
        lambda desk: desk.post("/deconnexion"),
        lambda desk: desk.post("/__admin/reset"),
        lambda desk: desk.post("/__admin/reset?dealer=953617Z"),
    ],
    ids=["logout", "reset", "reset of the dealer"],
)
def test_a_copied_cookie_opens_nothing_once_the_session_ended(
    app: Flask, client: FlaskClient, end: Callable[[FlaskClient], object]
) -> None:
    sign_in(client)
    copy = _copy_of(client, app)
    assert copy.get("/livraisons").status_code == 200
    end(client)
    assert copy.get("/livraisons").status_code == 302  # to the sign-in page
    assert "/connexion" in copy.get("/livraisons").location
