"""A careless or hostile caller of the Centralisateur never gets a 5xx, nor English: the field's
French message, the portal's French error page, and nothing stored."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur import errors, store
from sandbox.errors import SandboxError

DEALER = ("953617Z", "spoticar")
AMOUNT_MESSAGE = "Le champ prix de vente doit être un montant en euros (ex. 15 000,00)"
HUGE_AMOUNTS = ["NaN", "sNaN", "1e30", "1E+99", "9" * 99, "-Infinity", "١٢٠٠٠"]


@pytest.fixture
def configured(client: FlaskClient) -> FlaskClient:
    response = client.put("/api/v1/profile", json={"icare_id": "IC-953617"}, auth=DEALER)
    assert response.status_code == 200
    return client


def stored(client: FlaskClient) -> list[Any]:
    return client.get("/api/v1/declarations", auth=DEALER).json


def messages(response: Any) -> list[str]:
    return [line["message"] for line in response.json["field_errors"]]


@pytest.mark.parametrize("amount", HUGE_AMOUNTS)
def test_amounts_no_form_holds_get_the_field_message_in_the_api(
    configured: FlaskClient, valid_form: dict[str, Any], amount: str
) -> None:
    valid_form["prix_vente"] = amount
    response = configured.post(
        "/api/v1/declarations?submit=true",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        auth=DEALER,
    )
    assert response.status_code == 422, response.text
    assert messages(response) == [AMOUNT_MESSAGE]
    assert stored(configured) == []


def page_two(client: FlaskClient, auth: Any) -> str:
    """Log in, configure the profile, choose the Spoticar warranty: the URL of the form."""
    auth.login()
    auth.configure_profile()
    return client.post("/declarer", data={"garantisseur": "spoticar"}).location


@pytest.mark.parametrize("amount", HUGE_AMOUNTS)
def test_amounts_no_form_holds_get_the_field_message_on_the_portal(
    client: FlaskClient, auth: Any, valid_form: dict[str, Any], amount: str
) -> None:
    response = client.post(page_two(client, auth), data={**valid_form, "prix_vente": amount})
    assert response.status_code == 422
    assert AMOUNT_MESSAGE in response.text.replace("&#39;", "'")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_debut_garantie", "31/12/9999", "Le champ date début de garantie doit être une date"),
        ("date_fin_garantie", "9999-12-31", "Le champ date fin de garantie doit être une date"),
        ("date_naissance", "01/01/0001", "Le champ date de naissance doit être une date"),
        ("date_premiere_immat", "01/01/1066", "Le champ date première immat. doit être une date"),
    ],
)
def test_dates_outside_a_plausible_range_are_refused_on_the_form(
    client: FlaskClient, auth: Any, valid_form: dict[str, Any], field: str, value: str, message: str
) -> None:
    response = client.post(page_two(client, auth), data={**valid_form, field: value})
    assert response.status_code == 422
    assert f"{message} entre le 01/01/1900 et le 31/12/2099" in response.text


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"nom": {"a": 1}}, "nom", "Le champ nom doit être un texte"),
        ({"nom": ["Dupond"]}, "nom", "Le champ nom doit être un texte"),
        ({"km_vente": 10**49}, "km_vente", "Le champ km jour de la vente doit être un nombre"),
        ({"km_vente": "9" * 50}, "km_vente", "Le champ km jour de la vente doit être un nombre"),
        ({"prix_vente": "1e30"}, "prix_vente", "Le champ prix de vente doit être un montant"),
        ({"date_naissance": "0001-01-01"}, "date_naissance", "doit être une date entre"),
        ({"consentement": [{"a": 1}]}, "consentement", "doit être l'une des valeurs proposées"),
    ],
)
def test_drafts_refuse_what_no_form_could_hold(
    configured: FlaskClient, values: dict[str, Any], field: str, message: str
) -> None:
    response = configured.post("/api/v1/declarations", json={"fields": values}, auth=DEALER)
    assert response.status_code == 422, response.text
    refused = response.json["errors"]["json"]["fields"][field]
    assert len(refused) == 1 and message in refused[0]
    assert stored(configured) == []


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_drafts_refuse_non_finite_numbers(configured: FlaskClient, literal: str) -> None:
    body = '{"fields": {"nom": %s, "prix_vente": %s}}' % (literal, literal)  # noqa: UP031
    response = configured.post(
        "/api/v1/declarations", data=body, content_type="application/json", auth=DEALER
    )
    assert response.status_code == 422
    refused = response.json["errors"]["json"]["fields"]
    assert refused == {
        "nom": ["Le champ nom doit être un texte"],
        "prix_vente": [AMOUNT_MESSAGE],
    }
    assert stored(configured) == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"fields": {"nom": "Du\\ud800pond"}}', "moitié de paire UTF-16"),
        ('{"fields": {"nom": "Du\\udfffpond"}}', "moitié de paire UTF-16"),
        ('{"fields": {"km_vente": %s}}' % ("9" * 5000), "4 300 chiffres"),
        ("", "vide"),  # declared JSON, sent nothing: it made an empty draft
    ],
)
def test_a_body_that_cannot_be_written_back_is_refused_before_it_is_stored(
    configured: FlaskClient, body: str, message: str
) -> None:
    """Half of a UTF-16 pair is valid JSON but no character: stored, it broke every page that
    writes the declaration. A number Python's parser gives up on used to be a 500."""
    for path in ("/api/v1/declarations", "/api/v1/declarations?submit=true"):
        response = configured.post(path, data=body, content_type="application/json", auth=DEALER)
        assert response.status_code == 400, response.text
        assert response.json["error_code"] == "INVALID_JSON"
        assert message in response.json["message"]
    assert stored(configured) == []
    pair = '{"fields": {"nom": "Du\\ud83d\\ude00pond"}}'  # a whole pair is a character
    response = configured.post(
        "/api/v1/declarations", data=pair, content_type="application/json", auth=DEALER
    )
    assert response.status_code == 201 and stored(configured)[0]["fields"]["nom"] == "Du😀pond"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("immatriculation", "AB-١٢٣-CD"),
        ("immatriculation", "١٢٣ ABC 75"),
        ("vin", "VR3UPHNKSNT00000١"),
        ("code_postal", "٧٥٠١٠"),
        ("tel_mobile", "٠٦ ١٢ ٣٤ ٥٦ ٧٨"),
        ("km_vente", "١٢٠٠٠"),
        ("code_postal", "７５０１０"),  # full-width digits
    ],
)
def test_formats_take_ascii_digits_only(
    configured: FlaskClient, valid_form: dict[str, Any], field: str, value: str
) -> None:
    valid_form[field] = value
    response = configured.post(
        "/api/v1/declarations?submit=true",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        auth=DEALER,
    )
    assert response.status_code == 422
    assert [line["field"] for line in response.json["field_errors"]] in (
        [field],
        [f"fields.{field}"],
    )
    assert stored(configured) == []


@pytest.mark.parametrize("page", ["/connexion", "/profil"])
@pytest.mark.parametrize("target", ["/vente\r\nSet-Cookie: x=1", "/vente\nX: y", "/vente\r"])
def test_next_with_cr_or_lf_is_dropped_not_a_500(
    client: FlaskClient, auth: Any, page: str, target: str
) -> None:
    if page == "/profil":
        auth.login()
        data = {"icare_id": "IC-953617"}
    else:
        data = {"code_rrdi": DEALER[0], "password": DEALER[1]}
    response = client.post(page, query_string={"next": target}, data=data)
    assert response.status_code == 302
    assert "\n" not in response.location and "\r" not in response.location
    assert response.location in ("/accueil", "/profil")


# French, in the documented shape


@pytest.mark.parametrize(
    ("body", "status", "english"),
    [
        (b"{", 400, "Invalid JSON body."),
        (b'{"zz": 1}', 422, "Unknown field."),
        (b'{"commercial_warranty": 3}', 422, "Not a valid string."),
        (b'{"commercial_warranty": "axa"}', 422, "Must be one of"),
        (b'{"fields": "x"}', 422, "Invalid input type."),
        (b'{"fields": {"nom": "x' + b"x" * 300_000 + b'"}}', 413, "Too Large"),
    ],
)
def test_generic_api_errors_are_french_in_the_documented_shape(
    client: FlaskClient, body: bytes, status: int, english: str
) -> None:
    response = client.post(
        "/api/v1/declarations", data=body, content_type="application/json", auth=DEALER
    )
    assert response.status_code == status
    error = response.json
    assert error["code"] == status and error["error_code"]
    assert error["message"] and english not in error["message"]
    for line in error.get("field_errors", []):
        assert re.search(r"[éèàêç]|Ce champ|Un |Une ", line["message"]), line


def test_unknown_api_route_and_method_are_french_json(client: FlaskClient) -> None:
    missing = client.get("/api/v1/nulle-part", auth=DEALER)
    assert missing.status_code == 404 and missing.json["message"] == "Cette adresse n'existe pas."
    wrong = client.delete("/api/v1/declarations", auth=DEALER)
    assert wrong.status_code == 405 and wrong.json["error_code"] == "METHOD_NOT_ALLOWED"
    assert "Allow" in wrong.headers


@pytest.fixture
def crashing_app(make_centralisateur: Callable[..., Flask]) -> Flask:
    """The portal with a page that fails, served as in production (no exception propagated)."""
    app = make_centralisateur(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    def fail() -> str:
        raise RuntimeError("boom")

    app.add_url_rule("/panne", "panne", fail, methods=["GET"])
    return app


@pytest.mark.parametrize(
    ("method", "path", "data", "status", "title"),
    [
        ("get", "/nulle-part", None, 404, "Page introuvable"),
        ("delete", "/connexion", None, 405, "Méthode non autorisée"),
        ("post", "/connexion", {"code_rrdi": "x" * 300_000}, 413, "Requête trop volumineuse"),
        ("get", "/panne", None, 500, "Erreur interne"),
        ("get", "/declarations/inconnue", None, 404, "Page introuvable"),
    ],
)
def test_portal_error_pages_are_french_in_the_portal_layout(
    crashing_app: Flask, method: str, path: str, data: Any, status: int, title: str
) -> None:
    client = crashing_app.test_client()
    client.post("/connexion", data={"code_rrdi": DEALER[0], "password": DEALER[1]})
    response = getattr(client, method)(path, data=data)
    assert response.status_code == status
    html = response.text
    assert response.mimetype == "text/html"
    assert f"<h1>{title}</h1>" in html and 'role="alert"' in html
    assert "SPOT<span>i</span>CAR" in html  # the portal's own header
    for english in ("Not Found", "Method Not Allowed", "Internal Server Error", "Too Large"):
        assert english not in html


def test_a_form_without_its_csrf_token_gets_a_french_page(
    make_centralisateur: Callable[..., Flask],
) -> None:
    client = make_centralisateur(WTF_CSRF_ENABLED=True).test_client()
    response = client.post("/connexion", data={"code_rrdi": DEALER[0], "password": DEALER[1]})
    assert response.status_code == 400
    assert "Ce formulaire a expiré" in response.text.replace("&#39;", "'")
    assert "The CSRF token is missing" not in response.text


# One error model; the states as a table


def test_every_refusal_is_a_sandbox_error_with_its_status_and_code() -> None:
    refusals = [errors.Unauthorized(), errors.DeclarationNotFound(), errors.NotADraft()]
    refusals += [errors.ContractNotPending(), errors.ProfileNotConfigured(), errors.FormExpired()]
    for refusal in refusals:
        assert isinstance(refusal, SandboxError)
        body = refusal.body()
        assert body["code"] == refusal.status and body["error_code"] == refusal.error_code
        assert body["message"] == refusal.message


def test_declaration_states_are_a_table_of_transitions(app: Flask) -> None:
    declaration = store.Declaration(status=store.DRAFT)
    assert store.require(declaration, store.EDIT) == store.DRAFT
    assert store.require(declaration, store.DECLARE) == store.DECLARED
    assert not store.allows(declaration, store.READ_DOCUMENTS)
    declaration.status, declaration.contract_status = store.DECLARED, store.CONTRACT_PENDING
    assert declaration.state == store.CONTRACT_PENDING
    assert store.require(declaration, store.RETRY_CONTRACT) == store.DECLARED
    with pytest.raises(errors.NotADraft):
        store.require(declaration, store.EDIT)
    declaration.contract_status = store.CONTRACT_CREATED
    with pytest.raises(errors.ContractNotPending):
        store.require(declaration, store.RETRY_CONTRACT)
    assert set(store.REFUSALS) == {action for _, action in store.TRANSITIONS}


def test_a_declared_declaration_cannot_be_completed_through_the_api(
    configured: FlaskClient, valid_form: dict[str, Any]
) -> None:
    draft = configured.post(
        "/api/v1/declarations",
        json={"fields": valid_form, "commercial_warranty": "spoticar"},
        auth=DEALER,
    ).json
    submitted = configured.post(f"/api/v1/declarations/{draft['id']}/submit", auth=DEALER)
    assert submitted.status_code == 200
    patched = configured.patch(
        f"/api/v1/declarations/{draft['id']}", json={"fields": {"nom": "X"}}, auth=DEALER
    )
    assert patched.status_code == 409 and patched.json["error_code"] == "NOT_A_DRAFT"
    assert (
        configured.get(f"/api/v1/declarations/{draft['id']}", auth=DEALER).json["fields"]["nom"]
        == valid_form["nom"]
    )


def test_a_search_longer_than_any_number_or_name_is_no_500(configured: FlaskClient) -> None:
    """SQLite refuses LIKE patterns past 50,000 characters; the portal searches on the first
    100 (no number, name, plate or VIN is longer), the API says the limit in French."""
    long = "x" * 50_001
    refused = configured.get("/api/v1/declarations", query_string={"q": long}, auth=DEALER)
    assert refused.status_code == 422 and "100" in refused.json["errors"]["query"]["q"][0]
    configured.post("/connexion", data={"code_rrdi": DEALER[0], "password": DEALER[1]})
    page = configured.get("/vente", query_string={"q": long})
    assert page.status_code == 200


def test_form_url_is_built_under_public_url_never_from_the_host_header(
    make_centralisateur: Callable[..., Flask],
) -> None:
    """On a shared sandbox, a caller's `Host: evil.example` must not make the address a dealer
    opens (with its launch token) point elsewhere."""
    app = make_centralisateur(PUBLIC_URL="https://sandbox.example:8443/")
    client = app.test_client()
    client.put("/api/v1/profile", json={"icare_id": "IC-953617"}, auth=DEALER)
    created = client.post(
        "/api/v1/declarations",
        json={"fields": {"nom": "X"}},
        auth=DEALER,
        headers={"Host": "evil.example"},
    )
    assert created.json["form_url"].startswith("https://sandbox.example:8443/declarations/")
