"""OAuth2 client credentials and the bearer check: 401, 403 and their shapes."""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from fake_guidewire import create_app, store
from tests.guidewire.guidewire_actions import GuidewireActions

UNAUTHORIZED = "gw.api.rest.exceptions.UnauthorizedException"


def test_token_with_form_credentials(client: FlaskClient) -> None:
    response = client.post(
        "/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "pvo2",
            "client_secret": "pvo2-secret",
        },
    )
    assert response.status_code == 200
    assert response.json["token_type"] == "Bearer"
    assert response.json["expires_in"] == 3600
    assert response.json["scope"].split() == ["pc.account", "pc.job", "pc.policy"]
    assert response.headers["Cache-Control"] == "no-store"


def test_token_with_http_basic(client: FlaskClient) -> None:
    basic = base64.b64encode(b"pvo2:pvo2-secret").decode()
    response = client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert response.status_code == 200
    assert response.json["access_token"]


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        (
            {"grant_type": "client_credentials", "client_id": "pvo2", "client_secret": "x"},
            401,
            "invalid_client",
        ),
        (
            {"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"},
            401,
            "invalid_client",
        ),
        (
            {"grant_type": "password", "client_id": "pvo2", "client_secret": "pvo2-secret"},
            400,
            "unsupported_grant_type",
        ),
        ({"client_id": "pvo2", "client_secret": "pvo2-secret"}, 400, "invalid_request"),
        (
            {
                "grant_type": "client_credentials",
                "client_id": "pvo2",
                "client_secret": "pvo2-secret",
                "scope": "pc.admin",
            },
            400,
            "invalid_scope",
        ),
    ],
)
def test_token_refusals_follow_rfc_6749(
    client: FlaskClient, form: dict[str, str], status: int, error: str
) -> None:
    response = client.post("/oauth2/token", data=form)
    assert response.status_code == status
    assert response.json["error"] == error
    assert response.json["error_description"]


def test_api_without_token(client: FlaskClient, gw: GuidewireActions) -> None:
    response = client.get("/account/v1/accounts")
    body = gw.error(response, 401, UNAUTHORIZED)
    assert "Bearer" in response.headers["WWW-Authenticate"]
    assert "Authorization: Bearer" in body["developerMessage"]


def test_api_with_unknown_token(client: FlaskClient, gw: GuidewireActions) -> None:
    response = client.get("/job/v1/jobs", headers={"Authorization": "Bearer not-a-token"})
    gw.error(response, 401, UNAUTHORIZED)


def test_expired_token_is_refused(
    client: FlaskClient, gw: GuidewireActions, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = gw.headers
    assert client.get("/account/v1/accounts", headers=headers).status_code == 200
    issued = store.now()
    monkeypatch.setattr(store, "now", lambda: issued + timedelta(seconds=3601))
    gw.error(client.get("/account/v1/accounts", headers=headers), 401, UNAUTHORIZED)


def test_token_ttl_is_configurable(tmp_path: Path) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/ttl.db", "TOKEN_TTL": 0})
    client = app.test_client()
    token = GuidewireActions(client).token()
    response = client.get("/account/v1/accounts", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_missing_scope_is_forbidden(client: FlaskClient, gw: GuidewireActions) -> None:
    token = gw.token(scope="pc.account")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/account/v1/accounts", headers=headers).status_code == 200
    body = gw.error(
        client.get("/job/v1/jobs", headers=headers),
        403,
        "gw.api.rest.exceptions.ForbiddenException",
    )
    assert body["details"][0]["properties"]["requiredScope"] == "pc.job"
