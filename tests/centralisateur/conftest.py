"""Fixtures of the Centralisateur's tests: an app on a fresh SQLite file, and a logged-in dealer."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur import create_app

# Nothing listens on port 9 (discard): Icare is "down" unless a test starts one.
ICARE_DOWN = "http://127.0.0.1:9"


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    yield create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'centralisateur.db'}",
            "WTF_CSRF_ENABLED": False,
            "ICARE_URL": ICARE_DOWN,
            "TODAY": "2025-11-30",
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class AuthActions:
    """Log a dealer in and out of the portal, as flaskr's tests do."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def login(self, code: str = "953617Z", password: str = "spoticar") -> Any:
        return self.client.post("/connexion", data={"code_rrdi": code, "password": password})

    def configure_profile(self, icare_id: str = "IC-953617", **extra: str) -> Any:
        return self.client.post("/profil", data={"icare_id": icare_id, **extra})


@pytest.fixture
def auth(client: FlaskClient) -> AuthActions:
    return AuthActions(client)


def basic_auth(code: str = "953617Z", password: str = "spoticar") -> dict[str, str]:
    token = base64.b64encode(f"{code}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def dealer_headers() -> Callable[..., dict[str, str]]:
    """HTTP Basic headers of a dealer of the API (default: the demo dealer)."""
    return basic_auth
