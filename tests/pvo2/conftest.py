"""Fixtures of the desk's tests: an app on a fresh SQLite file, Centralisateur and PSA
Assurance down unless a test serves them, and a salesperson signed in."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_pvo2 import create_app
from tests.conftest import ICARE_DOWN

BDC_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "bdc"


@pytest.fixture
def make_desk(tmp_path: Path) -> Callable[..., Flask]:
    """A desk on a fresh SQLite file, CSRF off, "today" 01/12/2021 (the tutorial's day)."""

    def make(**config: Any) -> Flask:
        return create_app(
            {
                "TESTING": True,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'pvo2.db'}",
                "WTF_CSRF_ENABLED": False,
                "CENTRALISATEUR_URL": ICARE_DOWN,
                "GUIDEWIRE_URL": ICARE_DOWN,
                "TODAY": "2021-12-01",
                **config,
            }
        )

    return make


@pytest.fixture
def app(make_desk: Callable[..., Flask]) -> Flask:
    return make_desk()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def sign_in(client: FlaskClient, login: str = "hakim.ab", password: str = "pvo2") -> Any:
    return client.post("/connexion", data={"login": login, "password": password})


@pytest.fixture
def desk(client: FlaskClient) -> FlaskClient:
    """The desk as Hakim AB of AXILOG DEMO (site DEMO CDDS SPOTICAR) sees it."""
    sign_in(client)
    return client


def basic_auth(login: str = "hakim.ab", password: str = "pvo2") -> dict[str, str]:
    token = base64.b64encode(f"{login}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def bdc_document(name: str) -> dict[str, Any]:
    """A BDC of fixtures/bdc/ as JSON, to change before loading it."""
    (path,) = BDC_DIR.glob(f"*{name}*.json")
    return json.loads(path.read_text(encoding="utf-8"))


def load(client: FlaskClient, document: dict[str, Any], **query: str) -> Any:
    """POST a BDC file to the desk's API as Hakim AB."""
    return client.post("/api/v1/bdcs", json=document, headers=basic_auth(), query_string=query)
