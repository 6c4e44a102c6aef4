"""The pre-fill of the Centralisateur form, checked against the form's own rules.

The fake portal's schema is read here only as the contract the pre-fill must satisfy;
`pvo_client` itself never imports it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import flask
import pytest

from fake_centralisateur import schemas
from pvo_client.bdc_file import read_bdc
from pvo_client.domain import BonDeCommande, Livraison
from pvo_client.mapping import MAPPING, build_prefill, mapping_markdown
from pvo_client.rules import BdcNonCloture, CodeRrdiManquant
from sandbox import formats
from tests.pvo_client.pvo_paths import DECLARABLE, PEUGEOT

DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
AMOUNT = re.compile(r"^\d{1,3}( \d{3})*,\d{2}$")
REQUIRED = [f.name for f in schemas.FORM_FIELDS if f.required]


def test_the_tutorial_bdc(closed_bdc: BonDeCommande) -> None:
    assert build_prefill(closed_bdc) == {
        "vendeur": "SP953617Z103833712",
        "origine_vente": "Showroom",
        "consentement": ["email", "sms"],
        "civilite": "Monsieur",
        "nom": "Perez",
        "prenom": "Pierre",
        "email": "pierre.perez@example.net",
        "tel_fixe": "04 32 26 24 84",
        "adresse": "769, avenue de Mary",
        "code_postal": "91161",
        "ville": "Lopez",
        "pays_residence": "France",
        "date_naissance": "31/08/1954",
        "nationalite": "France",
        "lieu_naissance": "Saint-Léon",
        "pays_naissance": "France",
        "type_vehicule": "VP",
        "type_carte_grise": "VP",
        "energie": "ELECTRIQUE",
        "puissance_fiscale": "4",
        "puissance_kw": "100",
        "immatriculation": "CC-333-CC",
        "date_premiere_immat": "01/01/2021",
        "puissance_din": "136",
        "km_vente": "5000",
        "date_livraison": "01/12/2021",
        "km_garantie_constructeur": "999999",
        "marque": "DS",
        "modele": "DS 3 Crossback",
        "version": "E-Tense Performance Line + 4cv",
        "vin": "VF1BR1G0H41002400",
        "prix_vente": "15 000,00",
        "garantie": "SPOTICAR ESSENTIAL",
        "duree": "6",
        "date_debut_garantie": "01/12/2021",
        "date_fin_garantie": "01/06/2022",
        "produit_fidelisation": "Aucun",
    }


@pytest.mark.parametrize("path", DECLARABLE, ids=lambda p: p.stem)
def test_required_fields_present_and_well_formed(path: Path) -> None:
    bdc = read_bdc(path)
    prefill = build_prefill(bdc)
    assert [name for name in REQUIRED if name not in prefill] == []
    choices = {f.name: {key for key, _ in f.choices} for f in schemas.FORM_FIELDS if f.choices}
    for name, value in prefill.items():
        if name in choices:
            values = value if isinstance(value, list) else [value]
            assert set(values) <= choices[name], name
    assert formats.is_plate(prefill["immatriculation"])
    assert formats.is_vin(prefill["vin"])
    assert formats.is_postal_code(prefill["code_postal"])
    assert all(formats.is_phone(prefill[k]) for k in ("tel_fixe", "tel_mobile") if k in prefill)
    dates = ("date_naissance", "date_premiere_immat", "date_livraison", "date_debut_garantie")
    assert all(DATE.match(prefill[k]) for k in (*dates, "date_fin_garantie"))
    assert AMOUNT.match(prefill["prix_vente"])
    assert prefill["vendeur"] == "SP953617Z103833712"
    assert prefill["date_debut_garantie"] == prefill["date_livraison"]


@pytest.mark.parametrize("path", DECLARABLE, ids=lambda p: p.stem)
def test_the_portal_accepts_the_prefill(path: Path) -> None:
    app = flask.Flask(__name__)
    app.config["TODAY"] = "2026-11-27"
    with app.app_context():
        _, errors = schemas.validate_declaration(build_prefill(read_bdc(path)))
    assert errors == []


def test_optional_values_of_the_208() -> None:
    prefill = build_prefill(read_bdc(PEUGEOT))
    assert prefill["prix_vente"] == "16 890,00"
    assert prefill["valeur_reprise"] == "4 500,00"
    assert prefill["reprise_vo"] == "on"
    assert prefill["produit_fidelisation"] == "Contrat d'entretien"
    assert prefill["cylindree"] == "1199"
    assert (prefill["garantie"], prefill["duree"]) == ("SPOTICAR PREMIUM", "12")
    assert (prefill["date_debut_garantie"], prefill["date_fin_garantie"]) == (
        "30/11/2025",
        "30/11/2026",
    )
    assert "quatre_quatre" not in prefill


def test_end_of_warranty_is_clamped(closed_bdc: BonDeCommande) -> None:
    bdc = replace(closed_bdc, livraison=Livraison(date(2024, 8, 31)))
    assert build_prefill(bdc)["date_fin_garantie"] == "28/02/2025"


def test_open_bdc_has_no_prefill(open_bdc: BonDeCommande) -> None:
    with pytest.raises(BdcNonCloture):
        build_prefill(open_bdc)


def test_no_seller_code_without_code_rrdi(closed_bdc: BonDeCommande) -> None:
    site = replace(closed_bdc.site, code_rrdi=None)
    with pytest.raises(CodeRrdiManquant):
        build_prefill(replace(closed_bdc, offer=replace(closed_bdc.offer, site=site)))


def test_missing_birth_data_is_left_to_the_dealer(closed_bdc: BonDeCommande) -> None:
    client = replace(closed_bdc.client, date_naissance=None, lieu_naissance=None)
    prefill = build_prefill(replace(closed_bdc, offer=replace(closed_bdc.offer, client=client)))
    assert "date_naissance" not in prefill
    assert "lieu_naissance" not in prefill


def test_one_row_per_form_field() -> None:
    names = [row.field for row in MAPPING]
    assert len(names) == len(set(names))
    assert set(names) == set(schemas.FIELDS_BY_NAME)


def test_markdown_table() -> None:
    lines = mapping_markdown().splitlines()
    assert lines[0] == "| Champ du Centralisateur | Source PVO² | Format |"
    assert len(lines) == 2 + len(MAPPING)
    assert "| `date_fin_garantie` |" in mapping_markdown()
