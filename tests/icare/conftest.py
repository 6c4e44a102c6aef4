"""Fixtures of the Icare fake's tests: an app on a fresh SQLite file, its client, a live server."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_icare import create_app
from harness.servers import ServerThread
from sandbox.dealers import AXILOG

TODAY = "2025-11-30"
AUTH = ("centralisateur", "centralisateur-secret")
# A complete, valid request (fictitious people and vehicle).
REQUEST: dict[str, Any] = {
    "declaration_ref": "DEC-REF-0001",
    "dealer_icare_id": AXILOG.icare_id,
    "selling_dealer": {
        "name": AXILOG.name,
        "code_rrdi": AXILOG.code_rrdi,
        "address": AXILOG.address,
        "address_complement": None,
        "postal_code": AXILOG.postal_code,
        "city": AXILOG.city,
        "phone": AXILOG.phone,
        "email": None,
    },
    "warranty": {
        "level": "SPOTICAR PREMIUM",
        "duration_months": 12,
        "start_date": "2025-11-30",
        "end_date": "2026-11-30",
        "loyalty_product": "Aucun",
    },
    "vehicle": {
        "vin": "VF1BR1G0H41002400",
        "registration": "AB-123-CD",
        "make": "PEUGEOT",
        "model": "208",
        "version": "1.2 PURETECH 100",
        "vehicle_type": "VP",
        "energy": "ELECTRIQUE",
        "first_registration_date": "2023-05-11",
        "mileage": 12000,
        "din_power": 100,
        "displacement": None,
    },
    "holder": {
        "civility": "Monsieur",
        "last_name": "Dupond",
        "first_name": "Jean",
        "birth_date": "1960-05-17",
        "birth_place": "Tours",
        "nationality": "France",
        "address": "1 rue de la Paix",
        "address_complement": None,
        "postal_code": "75010",
        "city": "PARIS",
        "email": None,
        "phone": None,
    },
}


def contract_request(ref: str = "DEC-REF-0001", **sections: dict[str, Any]) -> dict[str, Any]:
    """The valid request under `ref`, with some fields of its sections changed."""
    body = copy.deepcopy(REQUEST)
    body["declaration_ref"] = ref
    for section, changes in sections.items():
        if isinstance(body.get(section), dict):
            body[section].update(changes)
        else:
            body[section] = changes
    return body


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/icare.db", "TESTING": True, "TODAY": TODAY}
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def live(app: Flask, serve: Callable[..., ServerThread]) -> ServerThread:
    """The same app served by waitress on a free loopback port."""
    return serve(app)
