"""A contract's status follows its dealer's sandbox clock, derived at each read: in the API
and on MyIcare, at each boundary of its half-open period (30/11/2025 to 30/11/2026)."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from harness.admin_client import FakeAdmin
from harness.servers import ServerThread
from sandbox.dealers import AXILOG
from tests.icare.conftest import AUTH, contract_request, sign_in
from tests.page_text import page_lines

BOUNDARIES = [
    ("2025-11-29", "A_VENIR", "À venir"),  # the day before the start
    ("2025-11-30", "EN_VIGUEUR", "En vigueur"),  # the start day
    ("2026-11-29", "EN_VIGUEUR", "En vigueur"),  # the last day covered
    ("2026-11-30", "EXPIRE", "Expiré"),  # the day after
]


@pytest.mark.parametrize(("day", "status", "label"), BOUNDARIES)
def test_the_status_follows_the_dealers_clock(
    client: FlaskClient, live: ServerThread, day: str, status: str, label: str
) -> None:
    created = client.post("/api/v1/contracts", json=contract_request(), auth=AUTH)
    number = created.json["contract_number"]
    assert created.json["status"] == "EN_VIGUEUR"  # made on the fake's day, 30/11/2025
    FakeAdmin(live.url).set_today(day, dealer=AXILOG.code_rrdi)

    read = client.get(f"/api/v1/contracts/{number}", auth=AUTH)
    listed = client.get(f"/api/v1/dealers/{AXILOG.icare_id}/contracts", auth=AUTH)
    assert (read.json["status"], listed.json[0]["status"]) == (status, status)
    assert sign_in(client).status_code == 302
    page = client.get(f"/myicare/contrats/{number}")
    lines = page_lines(page.get_data(as_text=True))
    assert lines[lines.index(f"Contrat n° {number}") + 1] == label


def test_another_dealers_clock_moves_nothing(client: FlaskClient, live: ServerThread) -> None:
    number = client.post("/api/v1/contracts", json=contract_request(), auth=AUTH).json[
        "contract_number"
    ]
    FakeAdmin(live.url).set_today("2030-01-01", dealer="751020A")
    assert client.get(f"/api/v1/contracts/{number}", auth=AUTH).json["status"] == "EN_VIGUEUR"
