"""The contract's period as the Centralisateur shows it follows the dealer's sandbox clock: the
confirmation, the relevé and the API, at each boundary of 30/11/2025 to 30/11/2026 (half-open,
as Icare reads it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur import declaring, store
from harness.admin_client import FakeAdmin
from harness.servers import ServerThread
from sandbox.db import current_database
from sandbox.dealers import AXILOG
from tests.page_text import page_lines

CONTRACT = "IC2025-0000001"


def declared_with_contract(app: Flask, values: dict[str, Any]) -> str:
    """A declaration recorded while Icare was down, then given its contract on a retry."""
    with app.test_request_context(), current_database().session() as session:
        dealer = store.dealer_by_code(session, AXILOG.code_rrdi)
        assert dealer is not None
        draft = store.create_draft(session, dealer, {}, store.SPOTICAR)
        assert declaring.submit(session, dealer, draft, values).accepted
        assert draft.state == store.CONTRACT_PENDING
        store.record_contract(draft, {"contract_number": CONTRACT, "myicare_url": None})
        session.commit()
        return draft.public_id


@pytest.mark.parametrize(
    ("day", "api", "label"),
    [
        ("2025-11-29", "à venir", "À venir"),  # the day before the start
        ("2025-11-30", "en vigueur", "En vigueur"),  # the start day
        ("2026-11-29", "en vigueur", "En vigueur"),  # the last day covered
        ("2026-11-30", "expiré", "Expiré"),  # the day after
    ],
)
def test_the_period_follows_the_dealers_clock(
    app: Flask,
    client: FlaskClient,
    auth: Any,
    serve: Callable[..., ServerThread],
    dealer_headers: Callable[..., dict[str, str]],
    valid_form: dict[str, Any],
    day: str,
    api: str,
    label: str,
) -> None:
    auth.login()
    auth.configure_profile()
    public_id = declared_with_contract(app, valid_form)
    FakeAdmin(serve(app).url).set_today(day, dealer=AXILOG.code_rrdi)

    answered = client.get(f"/api/v1/declarations/{public_id}", headers=dealer_headers())
    assert answered.json["contract"]["period_status"] == api
    confirmation = page_lines(client.get(f"/declarations/{public_id}").text)
    assert f"2. Confirmation de la création du contrat Icare n° {CONTRACT} ({label})." in " ".join(
        confirmation
    )
    releve = " ".join(page_lines(client.get(f"/declarations/{public_id}/releve").text))
    assert f"du 30/11/2025 au 30/11/2026 · {label}" in releve


def test_a_pending_contract_has_no_period(
    app: Flask,
    auth: Any,
    client: FlaskClient,
    dealer_headers: Callable[..., dict[str, str]],
    valid_form: dict[str, Any],
) -> None:
    auth.login()
    auth.configure_profile()
    created = client.post(
        "/api/v1/declarations?submit=true",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        headers=dealer_headers(),
    )
    assert created.json["contract"]["status"] == "en attente"
    assert created.json["contract"]["period_status"] is None
