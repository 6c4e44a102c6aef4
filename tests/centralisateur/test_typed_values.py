"""What the dealer typed on page 2 stays in the draft after a refusal: leaving and coming back
shows it again, on SQLite and PostgreSQL; the API's view keeps text that reads in no format
apart from the draft's values."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur import declaring, drafts, schemas, store
from sandbox.db import current_database
from sandbox.dealers import AXILOG
from tests.centralisateur.conftest import AuthActions, basic_auth
from tests.centralisateur.test_portal import banner_lines, start_declaration

NOT_A_DATE = "31/02/2026"
TYPED = {"date_livraison": NOT_A_DATE, "vin": "ABC", "nom": "", "prenom": "Jeanne"}


@pytest.fixture
def app(make_centralisateur: Callable[..., Flask], database_url: str) -> Flask:
    return make_centralisateur(DATABASE_URL=database_url)


def shown(page: str, name: str) -> str:
    """The value an input of page 2 shows."""
    found = re.search(rf'<input[^>]* name="{name}" value="([^"]*)"', page)
    assert found, name
    return html.unescape(found[1])


def refuse(client: FlaskClient, form_url: str, valid_form: dict[str, Any]) -> str:
    response = client.post(form_url, data={**valid_form, **TYPED})
    assert response.status_code == 422
    return response.text


def test_a_portal_draft_comes_back_as_typed(
    client: FlaskClient, auth: AuthActions, valid_form: dict[str, Any]
) -> None:
    form_url = start_declaration(client, auth)
    refused = refuse(client, form_url, valid_form)
    client.get("/accueil")
    again = client.get(form_url).text
    for name, value in {**valid_form, **TYPED}.items():
        if isinstance(value, str) and f'name="{name}" value=' in again:
            assert shown(again, name) == value, name
    assert shown(again, "date_livraison") == NOT_A_DATE
    assert "aria-invalid" not in again  # the refusal's messages were for that answer
    assert "Le champ date de livraison" in " ".join(banner_lines(refused))


def test_a_pvo2_draft_shows_what_was_typed_not_its_prefill(
    client: FlaskClient, auth: AuthActions, valid_form: dict[str, Any]
) -> None:
    auth.login()
    auth.configure_profile()
    created = client.post(
        "/api/v1/declarations",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        headers=basic_auth(),
    ).json
    form_url = f"/declarations/{created['id']}/formulaire"
    assert shown(client.get(form_url).text, "nom") == "Dupond"  # the pre-fill
    refuse(client, form_url, valid_form)
    again = client.get(form_url).text
    assert (shown(again, "nom"), shown(again, "prenom"), shown(again, "vin")) == (
        "",
        "Jeanne",
        "ABC",
    )

    draft = client.get(f"/api/v1/declarations/{created['id']}", headers=basic_auth()).json
    assert draft["typed_fields"] == {"date_livraison": NOT_A_DATE}
    assert "date_livraison" not in draft["fields"]
    assert (draft["fields"]["vin"], draft["fields"]["nom"]) == ("ABC", "")


def test_the_api_submits_and_replaces_what_was_typed(
    client: FlaskClient, auth: AuthActions, valid_form: dict[str, Any]
) -> None:
    form_url = start_declaration(client, auth)
    public_id = form_url.split("/")[2]
    refuse(client, form_url, {**valid_form, "vin": valid_form["vin"]})
    submitted = client.post(f"/api/v1/declarations/{public_id}/submit", headers=basic_auth())
    assert submitted.status_code == 422
    calendar = schemas.KIND_MESSAGES["calendar"].format(
        label=schemas.FIELDS_BY_NAME["date_livraison"].message_label
    )
    assert calendar in [line["message"] for line in submitted.json["field_errors"]]

    patched = client.patch(
        f"/api/v1/declarations/{public_id}",
        json={"fields": {"date_livraison": "30/11/2025"}},
        headers=basic_auth(),
    ).json
    assert (patched["typed_fields"], patched["fields"]["date_livraison"]) == ({}, "30/11/2025")


def test_a_declaration_declared_meanwhile_keeps_its_values(
    app: Flask, client: FlaskClient, auth: AuthActions, valid_form: dict[str, Any]
) -> None:
    form_url = start_declaration(client, auth)
    public_id = form_url.split("/")[2]
    database = None
    with app.test_request_context():
        database = current_database()
        with database.session() as reader:
            dealer = store.dealer_by_code(reader, AXILOG.code_rrdi)
            assert dealer is not None
            stale = store.dealer_declaration(reader, dealer, public_id)
            assert stale is not None and stale.status == store.DRAFT
            reader.commit()  # read: the draft, as the refused request read it
            with database.session() as other:  # a second click declares it first
                twin = store.dealer_declaration(other, dealer, public_id)
                assert twin is not None
                assert declaring.submit(other, dealer, twin, valid_form).accepted
                other.commit()
            drafts.keep(reader, stale, {**valid_form, **TYPED})
        with database.session() as after:
            kept = after.get(store.Declaration, stale.id)
            assert kept is not None
            assert (kept.status, kept.fields["nom"], kept.typed) == (store.DECLARED, "Dupond", None)


def test_text_no_draft_value_holds_is_kept_apart_and_cut() -> None:
    readable, unreadable = drafts.split({"km_vente": "douze", "nom": "x" * 2000, "vin": "ABC"})
    assert readable == {"vin": "ABC"}
    assert unreadable == {"km_vente": "douze", "nom": "x" * schemas.MAX_DRAFT_TEXT}
