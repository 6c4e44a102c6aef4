"""Fixtures of the Guidewire fake's tests: an app on a fresh SQLite file, and API helpers."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_guidewire import DEFAULTS, create_app
from harness.servers import ServerThread
from tests.guidewire.guidewire_actions import OTHER_CLIENT, TODAY, GuidewireActions


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    clients = {**copy.deepcopy(DEFAULTS["CLIENTS"]), "autre-dms": OTHER_CLIENT}
    return create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path}/gw.db",
            "TESTING": True,
            "TODAY": TODAY,
            "CLIENTS": clients,
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def live(app: Flask, serve: Callable[..., ServerThread]) -> ServerThread:
    """The same app served by waitress on a free loopback port."""
    return serve(app, threads=2)


@pytest.fixture
def gw(client: FlaskClient) -> GuidewireActions:
    return GuidewireActions(client)
