"""What the desk's import refuses at its edges: bytes that are no UTF-8 text (the parser of the
other fakes' APIs reads it), a BDC number that could not name a page or a file, another
dealer's code RRDI; and the printed BDC's file name, whatever characters it holds."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient

from pvo_client.bdc_file.messages import BDC_NUMBER
from sandbox.api import INVALID_JSON
from sandbox.downloads import content_disposition
from tests.pvo2.conftest import basic_auth, bdc_document, load
from tests.pvo2.test_settings import identity_form, site_of

FOREIGN = (
    "Le code RRDI 751020A est celui d'un autre distributeur : ce site ne peut porter que le "
    "sien (953617Z)."
)


def _numbers(client: FlaskClient) -> set[str]:
    return {d["numero"] for d in client.get("/api/v1/bdcs", headers=basic_auth()).json}


@pytest.mark.parametrize(
    "encoding", ["lone-surrogate", "utf-16", "utf-16-le", "utf-32", "utf-32-be"]
)
def test_a_body_that_is_not_utf8_is_refused_as_the_other_fakes_do(
    client: FlaskClient, encoding: str
) -> None:
    document = bdc_document("7414134")
    document["numero"] = "9990010"
    if encoding == "lone-surrogate":  # U+D800 written as UTF-8 would write it: no character
        document["client"]["nom"] = "NEY"
        body = json.dumps(document).encode().replace(b'"NEY"', b'"N\xed\xa0\x80Y"')
    else:
        body = json.dumps(document, ensure_ascii=False).encode(encoding)
    before = _numbers(client)
    response = client.post(
        "/api/v1/bdcs", data=body, content_type="application/json", headers=basic_auth()
    )
    assert response.status_code == 400
    assert response.json["error_code"] == "INVALID_JSON"
    assert response.json["message"] == INVALID_JSON
    assert _numbers(client) == before


@pytest.mark.parametrize(
    "numero", ["74/14134", "7414134\r\nX-Y: z", "7414134€", "7414134Ω", "7414134😀", "7" * 21, "٧٤"]
)
def test_a_bdc_number_holds_ascii_digits_only(client: FlaskClient, numero: str) -> None:
    document = bdc_document("7414134")
    document["numero"] = numero
    before = _numbers(client)
    response = load(client, document)
    assert response.status_code == 422
    assert response.json["error_code"] == "FICHIER_BDC_INVALIDE"
    assert [(e["field"], e["message"]) for e in response.json["field_errors"]] == [
        ("numero", BDC_NUMBER)
    ]
    assert _numbers(client) == before


def test_twenty_digits_are_a_bdc_number(client: FlaskClient) -> None:
    document = bdc_document("7414134")
    document["numero"] = "1" * 20
    assert load(client, document).status_code == 201
    assert "1" * 20 in _numbers(client)


@pytest.mark.parametrize("code", ["751020A", " 751020a "])
def test_an_import_cannot_give_the_site_another_dealer_s_code_rrdi(
    client: FlaskClient, code: str
) -> None:
    document = bdc_document("7414134")
    document["numero"] = "9990011"
    document["site"]["code_rrdi"] = code
    document["site"]["libelle"] = "PRIS"
    response = load(client, document, site="fichier")
    assert response.status_code == 422
    assert response.json["error_code"] == "FOREIGN_CODE_RRDI"
    assert response.json["field_errors"] == [
        {"field": "site.code_rrdi", "label": "site.code_rrdi", "message": FOREIGN}
    ]
    assert site_of(client)["code_rrdi"] == "953617Z"
    assert site_of(client)["libelle"] != "PRIS"
    assert "9990011" not in _numbers(client)


def test_the_desk_s_settings_cannot_carry_another_dealer_s_code_rrdi(desk: FlaskClient) -> None:
    response = desk.post("/parametres/site", data=identity_form(code_rrdi="751020A"))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    shown = FOREIGN.replace("'", "&#39;")  # as the page escapes it
    assert f'<p class="field-error" id="code_rrdi-error">{shown}</p>' in page
    assert site_of(desk)["code_rrdi"] == "953617Z"
    assert desk.post("/parametres/site", data=identity_form()).status_code == 303


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bdc-7414134.pdf",
            "attachment; filename=\"bdc-7414134.pdf\"; filename*=UTF-8''bdc-7414134.pdf",
        ),
        (
            'bdc-Ω€é\r\n"\\😀.pdf',
            'attachment; filename="bdc-__e_____.pdf"; '
            "filename*=UTF-8''bdc-%CE%A9%E2%82%AC%C3%A9%0D%0A%22%5C%F0%9F%98%80.pdf",
        ),
    ],
)
def test_a_file_name_is_written_plain_and_as_rfc_5987(name: str, expected: str) -> None:
    assert content_disposition("attachment", name) == expected
    expected.encode("latin-1")  # a header must be writable
