"""Fixtures of the Centralisateur's tests: an app on a fresh SQLite file, and a logged-in dealer."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from sandbox.dealers import AXILOG


@pytest.fixture
def app(make_centralisateur: Callable[..., Flask]) -> Flask:
    return make_centralisateur()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class AuthActions:
    """Log a dealer in and out of the portal, as flaskr's tests do."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, code: str = AXILOG.code_rrdi, password: str = AXILOG.password) -> Any:
        return self.client.post("/connexion", data={"code_rrdi": code, "password": password})

    def configure_profile(self, icare_id: str = AXILOG.icare_id, **extra: str) -> Any:
        return self.client.post("/profil", data={"icare_id": icare_id, **extra})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


def basic_auth(code: str = AXILOG.code_rrdi, password: str = AXILOG.password) -> dict[str, str]:
    token = base64.b64encode(f"{code}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def dealer_headers() -> Callable[..., dict[str, str]]:
    """HTTP Basic headers of a dealer of the API (default: the demo dealer)."""
    return basic_auth
