"""Bad input on the Centralisateur: a clear error in the documented shape, nothing stored."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from sandbox.dealers import AXILOG

DEALER = AXILOG.login


def stored(client: FlaskClient) -> list[Any]:
    return client.get("/api/v1/declarations", auth=DEALER).json


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"fields": {"nom": "Dupond"', "application/json"),  # malformed JSON
        (b'{"fields": {"nom": "Dupond"}}', "text/plain"),  # wrong content type
        (b'{"fields": {"nom": "\xff\xfe"}}', "application/json"),  # not UTF-8
        (b"[1, 2, 3]", "application/json"),  # not an object
        (b'{"fields": {"nom": "\\u0000"}}', "application/json"),  # control character
    ],
)
def test_unreadable_body_is_refused_in_the_documented_shape(
    client: FlaskClient, body: bytes, content_type: str
) -> None:
    response = client.post(
        "/api/v1/declarations", data=body, auth=DEALER, content_type=content_type
    )
    assert 400 <= response.status_code < 500, response.data
    error = response.json
    assert error["code"] == response.status_code and "status" in error
    assert stored(client) == []


def test_body_over_the_limit_is_413(client: FlaskClient) -> None:
    big = b'{"fields": {"nom": "' + b"x" * (300 * 1024) + b'"}}'
    response = client.post(
        "/api/v1/declarations", data=big, auth=DEALER, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json["code"] == 413
    assert stored(client) == []


def test_ten_thousand_characters_are_refused(client: FlaskClient) -> None:
    response = client.post(
        "/api/v1/declarations", json={"fields": {"nom": "x" * 10_000}}, auth=DEALER
    )
    assert response.status_code == 422
    assert stored(client) == []


def test_script_is_shown_as_text_and_sql_verbatim(
    client: FlaskClient, valid_form: dict[str, Any]
) -> None:
    client.put("/api/v1/profile", json={"icare_id": "IC-953617"}, auth=DEALER)
    valid_form.update(
        nom="<script>alert(1)</script>",
        adresse="1'; DROP TABLE cz_dealers; --",
        ville='<img src=x onerror="alert(2)">',
    )
    draft = client.post(
        "/api/v1/declarations",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        auth=DEALER,
    ).json
    declared = client.post(f"/api/v1/declarations/{draft['id']}/submit", auth=DEALER).json
    assert declared["fields"]["adresse"] == "1'; DROP TABLE cz_dealers; --"
    client.post("/connexion", data={"code_rrdi": "953617Z", "password": "spoticar"})
    for path in (
        f"/declarations/{draft['id']}",
        f"/declarations/{draft['id']}/releve",
        f"/declarations/{draft['id']}/certificat",
        "/vente",
    ):
        html = client.get(path).text
        assert "<script>alert(1)</script>" not in html, path
        assert "<img src=x" not in html, path
    releve = client.get(f"/declarations/{draft['id']}/releve").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in releve
    assert "1&#39;; DROP TABLE cz_dealers; --" in releve
