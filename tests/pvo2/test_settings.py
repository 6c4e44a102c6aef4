"""Paramètres: the tiles, the Fiche d'identité du site, the brands and the site's plugins."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from fake_pvo2.schemas import IDENTIFICATION
from tests.pvo2.conftest import basic_auth
from tests.pvo2.test_deliveries import SPOTICAR, text

PLUGINS = ["Déclaration de garantie Spoticar", "Déclaration PSA Insurance"]


def identity_form(**changes: Any) -> dict[str, Any]:
    """The Fiche d'identité as AXILOG DEMO's site has it (the tutorial's), with some fields
    typed over."""
    form = {
        "code": "PE01",
        "libelle": "DEMO CDDS SPOTICAR",
        "raison_sociale": "L'ARGUS",
        "siret": "00000000000018",
        "ape": "00111",
        "capital": "11111",
        "type_societe": "ABC",
        "code_rrdi": "953617Z",
        "garantisseurs": PLUGINS,
        "action": "enregistrer",
    }
    return {**form, **changes}


def site_of(client: FlaskClient) -> dict[str, Any]:
    return client.get("/api/v1/bdcs/7414134", headers=basic_auth()).json["site"]


def test_tiles_and_the_identity_block_with_its_asterisks(desk: FlaskClient) -> None:
    tiles = text(desk.get("/parametres"))
    for tile in ("Utilisateurs", "Valeur et cote Argus®", "Garanties", "Gestion des FRE"):
        assert f"<li>{tile}</li>" in tiles
    assert ">Fiche d'identité du site</a>" in tiles
    page = text(desk.get("/parametres/site"))
    assert '<label for="site">Sélectionner un site</label>' in page
    assert "<legend>Identification</legend>" in page
    shown = [spec.shown for spec in IDENTIFICATION]
    assert shown == [
        "Code *",
        "Code constructeur",
        "Libellé *",
        "Raison sociale *",
        "SIRET *",
        "N° APE *",
        "Capital *",
        "Type société *",
        "Code RRDI",
    ]
    for label in shown:
        assert f">{label}</label>" in page, label
    assert 'id="code_rrdi" name="code_rrdi" value="953617Z"' in page
    assert "<legend>Ajoutez les marques représentées</legend>" in page
    for plugin in PLUGINS:
        assert f'value="{plugin}" checked' in page


def test_a_bad_siret_is_refused_beside_its_field_and_nothing_stored(desk: FlaskClient) -> None:
    response = desk.post("/parametres/site", data=identity_form(siret="12345678901234", libelle=""))
    assert response.status_code == 422
    page = text(response)
    assert 'role="alert"' in page
    assert (
        'value="12345678901234" aria-invalid="true" aria-describedby="siret-error">\n  '
        '<p class="field-error" id="siret-error">Le SIRET doit compter 14 chiffres valides '
        "(clé de Luhn)</p>"
    ) in page
    assert '<p class="field-error" id="libelle-error">Ce champ est obligatoire</p>' in page
    assert 'name="type_societe" value="ABC"' in page
    assert site_of(desk)["siret"] == "00000000000018"


def test_saving_the_identity_and_adding_a_brand(desk: FlaskClient) -> None:
    saved = desk.post("/parametres/site", data=identity_form(type_societe="SARL"))
    assert saved.status_code == 303
    assert site_of(desk)["type_societe"] == "SARL"
    added = desk.post("/parametres/site", data=identity_form(marque="Fiat", action="ajouter"))
    assert added.status_code == 303
    assert "La marque FIAT est ajoutée." in text(desk.get("/parametres/site"))
    assert site_of(desk)["marques"][-1] == "FIAT"


def test_without_code_rrdi_declaring_is_refused(desk: FlaskClient) -> None:
    desk.post("/parametres/site", data=identity_form(code_rrdi=""))
    response = desk.post("/commandes/7414134/declarer", data={"garantisseur": SPOTICAR})
    assert response.status_code == 422
    assert (
        "Le code RRDI Spoticar du site DEMO CDDS SPOTICAR n'est pas renseigné : complétez-le "
        "dans Paramètres > Fiche d'identité du site (bloc Identification, champ Code RRDI)."
    ) in text(response)


def test_unticking_the_spoticar_plugin_removes_it_from_the_list(desk: FlaskClient) -> None:
    desk.post("/parametres/site", data=identity_form(garantisseurs=PLUGINS[1:]))
    page = text(desk.get("/commandes/7414134"))
    assert f'<option value="{SPOTICAR}"' not in page
    assert "merci de contacter le support PVO² au 09.77.55.04.17" in page
