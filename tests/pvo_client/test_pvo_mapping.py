"""The pre-fill of the Centralisateur form, checked against the form's own rules.

The fake portal's schema is read here only as the contract the pre-fill must satisfy;
`pvo_client` itself never imports it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import flask
import pytest

from fake_centralisateur import schemas
from harness.demo import TUTORIAL_FORM
from pvo_client.bdc_file import read_bdc
from pvo_client.domain import BonDeCommande, Livraison, ProduitAdditionnel
from pvo_client.mapping import MAPPING, build_prefill, form_version, mapping_markdown
from pvo_client.rules import BdcNonCloture, CodeRrdiManquant
from sandbox import formats
from tests.pvo_client.pvo_paths import DECLARABLE, PEUGEOT

DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
AMOUNT = re.compile(r"^\d{1,3}( \d{3})*,\d{2}$")
REQUIRED = [f.name for f in schemas.FORM_FIELDS if f.must_be_filled]
FIDELISATION = "Contrat d'entretien"


def test_the_tutorial_bdc(closed_bdc: BonDeCommande) -> None:
    """The DS 3 of Stephane Dupont: PVO² knows no birth data, the dealer completes it."""
    assert build_prefill(closed_bdc) == {
        "vendeur": "SP953617Z103833712",
        "origine_vente": "Showroom",
        "civilite": "Monsieur",
        "nom": "Dupont",
        "prenom": "Stephane",
        "tel_mobile": "06 00 00 00 00",
        "adresse": "70 Rue Du Général De Gaulle",
        "code_postal": "75116",
        "ville": "Paris",
        "pays_residence": "France",
        "nationalite": "France",
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
        "version": "E TENSE PERFORMANCE LINE 4CV",
        "vin": "VF1BR1G0H41002400",
        "prix_vente": "15 000,00",
        "garantie": "SPOTICAR ESSENTIAL",
        "duree": "6",
        "date_debut_garantie": "01/12/2021",
        "date_fin_garantie": "01/06/2022",
        "produit_fidelisation": "Aucun",
    }


def test_the_208_of_jean_dupond_fills_page_2_as_the_tutorial_shows_it() -> None:
    """Every value of the screenshot, pre-filled; PVO² adds four it knows and the
    screenshot leaves empty (fixtures/bdc/README.md)."""
    prefill = build_prefill(read_bdc(PEUGEOT))
    shown = {k: v for k, v in TUTORIAL_FORM.items() if v}
    assert {k: prefill.get(k) for k in shown} == shown
    assert set(prefill) - set(shown) == {
        "type_carte_grise",
        "puissance_fiscale",
        "puissance_kw",
        "prix_vente",
    }


@pytest.mark.parametrize(
    ("version", "form"),
    [
        ("1.2 PureTech 100 ch S&S Allure", "1 2 PURE TECH 100 CH S S ALLUR"),
        ("E-Tense Performance Line + 4cv", "E TENSE PERFORMANCE LINE 4CV"),
        ("PureTech 130ch Grand Chic Automatique", "PURE TECH 130CH GRAND CHIC AUT"),
        ("2.2 Diesel 160ch Super AT8", "2 2 DIESEL 160CH SUPER AT8"),
        ("Électrique  Édition (N)", "ELECTRIQUE EDITION N"),
    ],
)
def test_version_as_pvo2_prefills_it(version: str, form: str) -> None:
    assert form_version(version) == form
    assert len(form_version(version)) <= 30


def _unknown_to_pvo2(bdc: BonDeCommande) -> list[str]:
    """Required fields a BDC may not know: the client's birth, completed on the portal."""
    return [
        name
        for name, value in (
            ("date_naissance", bdc.client.date_naissance),
            ("lieu_naissance", bdc.client.lieu_naissance),
        )
        if value is None
    ]


@pytest.mark.parametrize("path", DECLARABLE, ids=lambda p: p.stem)
def test_required_fields_present_and_well_formed(path: Path) -> None:
    bdc = read_bdc(path)
    prefill = build_prefill(bdc)
    assert [name for name in REQUIRED if name not in prefill] == _unknown_to_pvo2(bdc)
    choices = {f.name: {key for key, _ in f.choices} for f in schemas.FORM_FIELDS if f.choices}
    for name, value in prefill.items():
        if name in choices:
            values = value if isinstance(value, list) else [value]
            assert set(values) <= choices[name], name
    assert formats.is_plate(prefill["immatriculation"])
    assert formats.is_vin(prefill["vin"])
    assert formats.is_postal_code(prefill["code_postal"])
    assert all(formats.is_phone(prefill[k]) for k in ("tel_fixe", "tel_mobile") if k in prefill)
    dates = ("date_premiere_immat", "date_livraison", "date_debut_garantie", "date_fin_garantie")
    assert all(DATE.match(prefill[k]) for k in dates)
    assert AMOUNT.match(prefill["prix_vente"])
    assert prefill["vendeur"] == "SP953617Z103833712"
    assert prefill["date_debut_garantie"] == prefill["date_livraison"]


@pytest.mark.parametrize("path", DECLARABLE, ids=lambda p: p.stem)
def test_the_portal_accepts_the_prefill(path: Path) -> None:
    app = flask.Flask(__name__)
    app.config["TODAY"] = "2026-11-27"
    bdc = read_bdc(path)
    with app.app_context():
        _, errors = schemas.validate_declaration(build_prefill(bdc))
    assert [e.field for e in errors] == _unknown_to_pvo2(bdc)
    assert all(e.message.endswith("est obligatoire") for e in errors)


def test_optional_values_of_a_bdc() -> None:
    bdc = read_bdc(PEUGEOT)
    produit = ProduitAdditionnel("Contrat d'entretien 24 mois", Decimal("490.00"), FIDELISATION)
    offer = replace(bdc.offer, produits_additionnels=(produit,), valeur_reprise=Decimal("4500"))
    vehicle = replace(bdc.vehicle, cylindree=1199)
    prefill = build_prefill(replace(bdc, offer=replace(offer, vehicle=vehicle)))
    assert prefill["prix_vente"] == "16 890,00"
    assert prefill["valeur_reprise"] == "4 500,00"
    assert prefill["reprise_vo"] == "on"
    assert prefill["produit_fidelisation"] == FIDELISATION
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
