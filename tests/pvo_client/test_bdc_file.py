"""The `pvo2-bdc/1` JSON format: round trip, and French errors that name the field."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pvo_client.bdc_file import BdcFileError, dump_bdc, dumps_bdc, load_bdc, loads_bdc, read_bdc
from pvo_client.domain import Civilite, Energie, Garantisseur, Label, WarrantyLevel
from pvo_client.mapping import build_prefill
from pvo_client.rules import check_declarable
from sandbox import formats
from tests.pvo_client.pvo_paths import ALL, DS3

# The tutorial's own (fictitious) addresses: the salesperson's and M. TEST2's on the printed BDC.
TUTORIAL_EMAILS = ("hakimab@axilog.com", "lionel@psg1.fr")


def _data() -> dict[str, Any]:
    return json.loads(DS3.read_text(encoding="utf-8"))


def _errors(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(BdcFileError) as error:
        load_bdc(data, "exemple.json")
    return error.value.errors


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_fixtures_round_trip(path: Path) -> None:
    bdc = read_bdc(path)
    assert load_bdc(dump_bdc(bdc)) == bdc
    # Files are written by dumps_bdc: loading and writing back changes nothing.
    assert dumps_bdc(bdc) == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_fixtures_are_well_formed_and_fictitious(path: Path) -> None:
    bdc = read_bdc(path)
    assert formats.is_siret(bdc.site.siret)
    assert formats.is_plate(bdc.vehicle.immatriculation)
    assert bdc.vehicle.vin and formats.is_vin(bdc.vehicle.vin)
    assert formats.is_postal_code(bdc.client.adresse.code_postal)
    assert bdc.site.code_rrdi == "953617Z"
    emails = [e for e in (bdc.client.email, bdc.vendeur.email) if e]
    assert all(e in TUTORIAL_EMAILS or e.split("@")[1].split(".")[0] == "example" for e in emails)


def test_the_tutorial_site_settings() -> None:
    """Paramètres > Fiche d'identité du site as the tutorial shows it, Genre "Voitures"."""
    site = read_bdc(DS3).site
    assert (site.code, site.libelle, site.raison_sociale) == (
        "PE01",
        "DEMO CDDS SPOTICAR",
        "L'ARGUS",
    )
    assert (site.siret, site.ape, site.capital, site.type_societe) == (
        "00000000000018",
        "00111",
        11111,
        "ABC",
    )
    data = _data()
    data["site"]["code_rrdi"] = "FR10350"
    bdc = load_bdc(data)
    assert bdc.site.code_rrdi == "FR10350"
    assert bdc.vehicle.genre == "Voitures"
    assert bdc.vehicle.genre_j1 == "VP"
    assert bdc.vehicle.type_vehicule == "VP"
    assert check_declarable(bdc, Garantisseur.SPOTICAR) is Garantisseur.SPOTICAR
    assert build_prefill(bdc)["vendeur"] == "SPFR10350103833712"


def test_the_tutorial_bdc_loads_into_the_domain() -> None:
    bdc = read_bdc(DS3)
    assert bdc.numero == "7414134"
    assert bdc.site.libelle == "DEMO CDDS SPOTICAR"
    assert bdc.vendeur.nom == "Hakim AB"
    assert bdc.client.civilite is Civilite.MONSIEUR
    assert bdc.vehicle.energie is Energie.ELECTRIQUE
    assert bdc.vehicle.label is Label.SPOTICAR
    assert bdc.vehicle.garantie is not None
    assert bdc.vehicle.garantie.level is WarrantyLevel.ESSENTIAL
    assert bdc.site.garantisseurs == (Garantisseur.SPOTICAR, Garantisseur.PSA_INSURANCE)
    assert str(bdc.offer.total_ht) == "12500.00"


def test_lenient_inputs() -> None:
    data = _data()
    data["date"] = "2021-12-01"
    data["offre"]["prix_ttc"] = 15000
    data["vehicule"]["immatriculation"] = "cc333cc"
    data["vehicule"]["km"] = "5 000"
    data["site"].pop("garantisseurs")
    data.pop("statut")
    bdc = load_bdc(data)
    assert bdc.vehicle.immatriculation == "CC-333-CC"
    assert bdc.vehicle.km == 5000
    assert bdc.site.garantisseurs == tuple(Garantisseur)
    assert bdc == read_bdc(DS3)


def test_bad_vin_names_the_field() -> None:
    data = _data()
    data["vehicule"]["vin"] = "VF1BR1GOH41002400"
    with pytest.raises(BdcFileError) as error:
        load_bdc(data, "exemple.json")
    assert error.value.errors == [
        ("vehicule.vin", "Le VIN doit compter 17 caractères, chiffres et lettres sauf I, O et Q")
    ]
    assert str(error.value) == (
        "Le fichier BDC exemple.json est invalide :\n- vehicule.vin : Le VIN doit compter 17 "
        "caractères, chiffres et lettres sauf I, O et Q"
    )


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            lambda d: d["vehicule"].pop("immatriculation"),
            "vehicule.immatriculation",
            "Ce champ est obligatoire",
        ),
        (lambda d: d["client"].update(nom="  "), "client.nom", "Ce champ est obligatoire"),
        (
            lambda d: d["livraison"].update(date="31/02/2021"),
            "livraison.date",
            "Le 31/02/2021 n'existe pas dans le calendrier : vérifiez le jour et le mois",
        ),
        (
            lambda d: d["livraison"].update(date="2021/12/01"),
            "livraison.date",
            "Ce champ doit être une date au format JJ/MM/AAAA (ex. 01/12/2021)",
        ),
        (
            lambda d: d["livraison"].update(heure="25h"),
            "livraison.heure",
            "Ce champ doit être une heure au format HH:MM (ex. 14:30)",
        ),
        (
            lambda d: d["offre"].update(prix_ttc="quinze mille"),
            "offre.prix_ttc",
            "Ce champ doit être un montant positif en euros (ex. 15 000,00)",
        ),
        (
            lambda d: d["offre"].update(prix_ttc="-1"),
            "offre.prix_ttc",
            "Ce champ doit être un montant positif en euros (ex. 15 000,00)",
        ),
        (
            lambda d: d["vehicule"].update(km=-5),
            "vehicule.km",
            "Ce champ doit être un nombre entier positif",
        ),
        (
            # Luhn holds on the 14 digits but not on the SIREN 821453068
            lambda d: d["site"].update(siret="82145306800016"),
            "site.siret",
            "Le SIRET doit compter 14 chiffres valides (clé de Luhn)",
        ),
        (
            lambda d: d["site"]["adresse"].update(code_postal="9434"),
            "site.adresse.code_postal",
            "Le code postal doit être français : 5 chiffres, de 01000 à 95999, 971xx à 976xx ou "
            "98xxx (ex. 75010)",
        ),
        (
            lambda d: d["client"].update(telephone_fixe="12345"),
            "client.telephone_fixe",
            "Le téléphone doit être français : 0 suivi de 9 chiffres, le premier de 1 à 9 "
            "(ex. 06 12 34 56 78), ou +33 suivi de ces 9 chiffres",
        ),
        (
            lambda d: d["vehicule"].update(immatriculation="CC333C1"),
            "vehicule.immatriculation",
            "L'immatriculation doit être au format AA-123-AA (ou 123 ABC 75 avant 2009)",
        ),
        (
            lambda d: d["client"].update(civilite="Mlle"),
            "client.civilite",
            "Ce champ doit valoir l'une de ces valeurs : « Monsieur », « Madame »",
        ),
        (
            lambda d: d["vehicule"].update(garantie="Spoticar-Essential 12 mois"),
            "vehicule.garantie",
            "La garantie Spoticar-Essential se vend pour 6 mois, pas pour 12 mois",
        ),
        (
            lambda d: d["vehicule"].update(garantie="Spoticar-Gold 12 mois"),
            "vehicule.garantie",
            "Ce champ doit être une garantie de la fiche véhicule (ex. « Spoticar-Premium 12 "
            "mois », « Spoticar-Essential 6 mois », « DS Certified 24 mois »)",
        ),
        (
            lambda d: d["site"].update(garantisseurs=["Garantie Maison"]),
            "site.garantisseurs[0]",
            "Ce champ doit valoir l'une de ces valeurs : « Déclaration de garantie Spoticar », "
            "« Déclaration PSA Insurance »",
        ),
        (
            lambda d: d["client"].update(consentements="email"),
            "client.consentements",
            "Ce champ doit être une liste JSON ([...])",
        ),
        (
            lambda d: d.update(vendeur="Hakim AB"),
            "vendeur",
            "Ce champ doit être un objet JSON ({...})",
        ),
        (
            lambda d: d["vendeur"].update(code="AB12"),
            "vendeur.code",
            "Le code vendeur ne doit contenir que des chiffres (ex. 103833712)",
        ),
        (
            lambda d: d["vehicule"].update(couleur="Noir"),
            "vehicule.couleur",
            "Ce champ n'existe pas dans le format BDC",
        ),
        (
            lambda d: d["vehicule"].update(premiere_main="non"),
            "vehicule.premiere_main",
            "Ce champ doit valoir true ou false",
        ),
        (
            lambda d: d.update(format="pvo2-bdc/2"),
            "format",
            "Ce fichier est au format « pvo2-bdc/2 », pas au format attendu « pvo2-bdc/1 »",
        ),
        (
            lambda d: d.pop("livraison"),
            "statut",
            "Le statut « Clôturé » ne correspond pas au bon de commande, qui est « En cours »",
        ),
        (
            lambda d: d["client"].update(nom="Dupont\x00"),
            "client.nom",
            "Ce champ contient des caractères non autorisés",
        ),
    ],
)
def test_malformed_field(change: Any, path: str, message: str) -> None:
    data = _data()
    change(data)
    assert _errors(data) == [(path, message)]


def test_every_bad_field_is_listed() -> None:
    data = _data()
    data["vehicule"]["vin"] = "123"
    data["client"]["email"] = "pas-un-email"
    paths = [path for path, _ in _errors(data)]
    assert sorted(paths) == ["client.email", "vehicule.vin"]


def test_not_json_at_all() -> None:
    with pytest.raises(BdcFileError) as error:
        loads_bdc('{"numero": ', "casse.json")
    assert error.value.message.startswith("Le fichier BDC casse.json est invalide : Le fichier")
    assert "n'est pas un JSON valide (ligne 1, colonne 12)" in error.value.message


def test_another_format_is_named_with_the_one_expected() -> None:
    data = _data()
    data["format"] = "pvo2-bdc/99"
    del data["vehicule"]
    assert _errors(data) == [
        ("format", "Ce fichier est au format « pvo2-bdc/99 », pas au format attendu « pvo2-bdc/1 »")
    ]


def test_not_an_object() -> None:
    assert _errors([]) == [("", "Ce champ doit être un objet JSON ({...})")]


def test_dump_is_french() -> None:
    data = dump_bdc(read_bdc(DS3))
    assert data["format"] == "pvo2-bdc/1"
    assert data["statut"] == "Clôturé"
    assert data["offre"]["prix_ttc"] == "15 000,00"
    assert data["vehicule"]["date_mec"] == "01/01/2021"
    assert data["vehicule"]["garantie"] == "Spoticar-Essential 6 mois"
    assert data["livraison"] == {
        "date": "01/12/2021",
        "heure": "00:00",
        "site": "DEMO CDDS SPOTICAR",
    }
    original = copy.deepcopy(data)
    assert dump_bdc(load_bdc(data)) == original
