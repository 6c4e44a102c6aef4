"""The portal as a dealer uses it, through Flask's test client."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from fake_centralisateur import store
from sandbox.db import current_database
from tests.centralisateur.tutorial_texts import MENU
from tests.page_text import page_lines


def banner_lines(html: str) -> list[str]:
    banner = re.search(r'<div class="banner-error" role="alert">(.*?)</div>', html, re.S)
    assert banner, "no error banner"
    return [re.sub(r"&#39;", "'", line) for line in re.findall(r"<li>(.*?)</li>", banner[1])]


def count_declared(app: Flask) -> int:
    with app.app_context(), current_database().session() as session:
        return session.query(store.Declaration).filter_by(status=store.DECLARED).count()


def start_declaration(client: FlaskClient, auth: Any) -> str:
    """Log in, configure the profile, choose the Spoticar warranty: the URL of page 2."""
    auth.login()
    auth.configure_profile()
    response = client.post("/declarer", data={"garantisseur": "spoticar"})
    assert response.status_code == 302
    return response.location


def test_every_page_needs_login(client: FlaskClient) -> None:
    for path in [
        "/accueil",
        "/declarer",
        "/vente",
        "/profil",
        "/facturation",
        "/rgpd",
        "/statistiques",
        "/reception-apv",
        "/support",
    ]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.location.startswith("/connexion?next="), path


def test_wrong_password_is_refused_in_french(client: FlaskClient, auth: Any) -> None:
    response = auth.login(password="nope")
    assert response.status_code == 401
    assert "Code RRDI Spoticar ou mot de passe incorrect." in response.text


def test_header_shows_test_site_dealer_and_menu(client: FlaskClient, auth: Any) -> None:
    auth.login()
    html = client.get("/accueil").text
    assert "Site de test" in html
    for text in ["AXILOG DEMO", "953617Z", "3, Allée Edmé Lheureux", "94340 Joinville-le-Pont"]:
        assert text in html
    for entry in MENU:
        assert entry in html, entry


@pytest.mark.parametrize(
    "path", ["/facturation", "/rgpd", "/statistiques", "/reception-apv", "/support"]
)
def test_menu_pages_exist(client: FlaskClient, auth: Any, path: str) -> None:
    auth.login()
    assert client.get(path).status_code == 200


def test_login_goes_back_where_the_dealer_was_going(client: FlaskClient) -> None:
    response = client.post(
        "/connexion?next=/vente", data={"code_rrdi": "953617Z", "password": "spoticar"}
    )
    assert response.location == "/vente"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_no_open_redirect_after_login(client: FlaskClient, target: str) -> None:
    response = client.post(
        "/connexion",
        query_string={"next": target},
        data={"code_rrdi": "953617Z", "password": "spoticar"},
    )
    assert response.location == "/accueil"


def test_first_declaration_goes_to_profile_then_continues(client: FlaskClient, auth: Any) -> None:
    auth.login()
    response = client.get("/declarer")
    assert response.location == "/profil?next=/declarer"
    profile = client.get(response.location).text
    assert "Configuration des garanties commerciales" in profile
    assert "Afin de déclarer et garantir, veuillez configurer les garantisseurs" in profile
    assert re.search(r'<input type="checkbox" id="npo" checked disabled>', profile)
    assert "RS8010004" in profile and ">Modifier<" in profile
    saved = client.post("/profil?next=/declarer", data={"icare_id": "IC-953617"})
    assert saved.location == "/declarer"
    page1 = client.get("/declarer").text
    assert "DECLARATION VENTE SPOTICAR" in page1
    assert "Garantie SPOTiCAR Stellantis" in page1
    assert "Le choix des garantisseurs se fait par la page" in page1
    assert "Page Suivante" in page1


def test_profile_requires_icare_id_and_cirano_id(client: FlaskClient, auth: Any) -> None:
    auth.login()
    response = auth.configure_profile(icare_id="", cirano="on")
    assert response.status_code == 422
    assert banner_lines(response.text) == [
        "Le champ identifiant Icare est obligatoire",
        "Le champ identifiant Cirano est obligatoire",
    ]
    assert client.get("/declarer").status_code == 302  # still not configured


def test_profile_choices_become_page_one_choices(client: FlaskClient, auth: Any) -> None:
    auth.login()
    auth.configure_profile(cirano="on", cirano_id="CI-42", autogarantie="on")
    page1 = client.get("/declarer").text
    for label in ["Garantie SPOTiCAR Stellantis", "Auto Garantie", "Garantie Cirano"]:
        assert label in page1


def test_page_one_requires_a_choice(client: FlaskClient, auth: Any) -> None:
    auth.login()
    auth.configure_profile(autogarantie="on")
    response = client.post("/declarer", data={})
    assert response.status_code == 422
    assert banner_lines(response.text) == ["Le champ garantie commerciale est obligatoire"]


def test_page_two_has_every_label_with_its_asterisk(client: FlaskClient, auth: Any) -> None:
    html = client.get(start_declaration(client, auth)).text
    for label in [
        "Vendeur véhicule d'occasion*",
        "Origine de la vente*",
        "Reprise VO sur VO",
        "Consentement du client (FOCUS)*",
        "Civilité*",
        "Type véhicule*",
        "Immatriculation*",
        "Marque*",
        "Garantie*",
        "Km gtie constructeur*",
        "Produit fidélisation*",
        "Date fin de garantie*",
        "Pays de Naissance*",
    ]:
        assert label.replace("'", "&#39;") in html, label
    for consent in ["Email", "Téléphone", "SMS", "Courrier"]:
        assert f">{consent}</label>" in html
    assert "Déclarer et Garantir" in html
    assert "Données client" in html and "Données véhicule" in html


def test_missing_fields_come_back_listed_highlighted_and_kept(
    app: Flask, client: FlaskClient, auth: Any, valid_form: dict[str, Any]
) -> None:
    form_url = start_declaration(client, auth)
    valid_form.update(type_vehicule="", immatriculation="")
    response = client.post(form_url, data=valid_form)
    assert response.status_code == 422
    assert banner_lines(response.text) == [
        "Le champ type véhicule est obligatoire",
        "Le champ immatriculation est obligatoire",
    ]
    html = response.text
    assert re.search(r'<select id="type_vehicule" name="type_vehicule" aria-invalid="true">', html)
    assert re.search(
        r'id="immatriculation" name="immatriculation" value=""\s+aria-invalid="true"', html
    )
    assert 'value="Dupond"' in html and 'value="VR3UPHNKSNT000001"' in html
    assert html.count('aria-invalid="true"') == 2
    assert count_declared(app) == 0


def test_success_records_the_declaration_with_its_number(
    app: Flask, client: FlaskClient, auth: Any, valid_form: dict[str, Any]
) -> None:
    form_url = start_declaration(client, auth)
    response = client.post(form_url, data=valid_form)
    assert response.status_code == 302
    page = client.get(response.location).text
    number = re.search(
        r'la déclaration\s+n° <strong class="number">(DEC\d{4}-\d{7})</strong>', page
    )
    assert number, page
    assert "Confirmation de la déclaration sur le centralisateur" in page
    assert count_declared(app) == 1
    sales = client.get("/vente", query_string={"q": "dupond"}).text
    assert number[1] in sales
    assert number[1] not in client.get("/vente", query_string={"q": "martin"}).text


def test_a_dealer_sees_only_its_own_declarations(
    client: FlaskClient, auth: Any, valid_form: dict[str, Any]
) -> None:
    form_url = start_declaration(client, auth)
    declaration_url = client.post(form_url, data=valid_form).location
    client.post("/deconnexion")
    auth.login("751020A")
    assert client.get(declaration_url).status_code == 404
    assert client.get(form_url).status_code == 404
    for document in ("releve", "releve.pdf", "certificat", "certificat.pdf"):
        assert client.get(f"{declaration_url}/{document}").status_code == 404, document
    assert "Dupond" not in client.get("/vente").text


def test_logout_ends_the_session(client: FlaskClient, auth: Any) -> None:
    auth.login()
    client.post("/deconnexion")
    assert client.get("/accueil").status_code == 302


def test_forms_are_protected_against_csrf(tmp_path: Any) -> None:
    from fake_centralisateur import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"})
    client = app.test_client()
    response = client.post("/connexion", data={"code_rrdi": "953617Z", "password": "spoticar"})
    assert response.status_code == 400
    login_page = client.get("/connexion").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', login_page)[1]
    response = client.post(
        "/connexion", data={"code_rrdi": "953617Z", "password": "spoticar", "csrf_token": token}
    )
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_passwords_are_stored_hashed(app: Flask) -> None:
    with app.app_context(), current_database().session() as session:
        dealer = store.dealer_by_code(session, "953617Z")
        assert dealer is not None
        assert "spoticar" not in dealer.password_hash
        assert dealer.password_hash.startswith(("scrypt:", "pbkdf2:"))


@pytest.mark.parametrize(
    ("garantie", "programme"),
    [
        ("SPOTICAR PREMIUM", "SPOTICAR"),
        ("DS CERTIFIED", "DS CERTIFIED"),
        ("ALFA ROMEO CERTIFIED", "ALFA ROMEO CERTIFIED"),
    ],
)
def test_documents_name_the_label_of_the_warranty(
    client: FlaskClient, auth: Any, valid_form: dict[str, Any], garantie: str, programme: str
) -> None:
    form = start_declaration(client, auth)
    confirmation = client.post(form, data={**valid_form, "garantie": garantie}).location
    releve = page_lines(client.get(f"{confirmation}/releve").text)
    certificat = page_lines(client.get(f"{confirmation}/certificat").text)
    assert f"GARANTIE COMMERCIALE {programme} - RELEVÉ D'INFORMATION" in releve
    assert f"GARANTIE COMMERCIALE {programme} - CERTIFICAT DE SOUSCRIPTION" in certificat


def test_documents_lead_back_to_their_declaration(
    client: FlaskClient, auth: Any, valid_form: dict[str, Any]
) -> None:
    form = start_declaration(client, auth)
    confirmation = client.post(form, data=valid_form).location
    for document in ("releve", "certificat"):
        page = client.get(f"{confirmation}/{document}").text
        links = dict(
            (label, href)
            for href, label in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]+)</a>', page)
        )
        assert links["Retour à la déclaration"] == confirmation, document
        assert links["Télécharger le PDF"] == f"{confirmation}/{document}.pdf", document
