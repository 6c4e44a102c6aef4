"""What PSA Assurance's Cloud API checks on the values PVO² hands it, checked first by PVO².

A BDC takes texts of 200 characters, any date and any mileage; Guidewire takes a name of 60, a
make of 40... and answers a value beyond with a `BadInputException` that names a JSON path the
dealer never saw. Checked here first, the refusal names the BDC's field and the sheet where the
dealer corrects it. The limits are Guidewire's (`fake_guidewire.schemas`, tests compare them).
"""

from __future__ import annotations

from datetime import date

from pvo_client.domain import BonDeCommande
from sandbox.french import format_count
from sandbox.validation import EARLIEST_DATE, LATEST_DATE, is_plausible_date

MAX_NAME = 60  # firstName, lastName
MAX_ADDRESS = 100  # addressLine1, city
MAX_MAKE = 40
MAX_MODEL = 60
MAX_ODOMETER = 2_000_000
MAX_PRODUCER_CODE = 64

CLIENT_SHEET = "la fiche client"
VEHICLE_SHEET = "la fiche du véhicule"
SITE_SHEET = "la fiche d'identité du site"
BDC = "le bon de commande"
TOO_LONG = (
    "{what} ne doit pas dépasser {limit} caractères pour PSA Assurance ({length} saisis) : "
    "corrigez {where} dans PVO²."
)
MISSING = "{what} est nécessaire à PSA Assurance : complétez {where} dans PVO²."
OUT_OF_RANGE = (
    f"{{what}} doit être comprise entre le {EARLIEST_DATE:%d/%m/%Y} et le "
    f"{LATEST_DATE:%d/%m/%Y} pour PSA Assurance : corrigez {{where}} dans PVO²."
)
MILEAGE = (
    f"Le kilométrage ne doit pas dépasser {format_count(MAX_ODOMETER)} km pour PSA Assurance : "
    f"corrigez {VEHICLE_SHEET} dans PVO²."
)


def _length(what: str, text: str, limit: int, where: str) -> list[str]:
    if len(text) <= limit:
        return []
    return [TOO_LONG.format(what=what, limit=limit, length=len(text), where=where)]


def _day(what: str, day: date | None, where: str) -> list[str]:
    if day is None or is_plausible_date(day):
        return []
    return [OUT_OF_RANGE.format(what=what, where=where)]


def problems(bdc: BonDeCommande) -> list[str]:
    """One French line per value PSA Assurance would refuse, in the order of the sheets."""
    buyer, vehicle = bdc.client, bdc.vehicle
    found = _length("Le prénom du client", buyer.prenom, MAX_NAME, CLIENT_SHEET)
    found += _length("Le nom du client", buyer.nom, MAX_NAME, CLIENT_SHEET)
    found += _day("La date de naissance du client", buyer.date_naissance, CLIENT_SHEET)
    if not (buyer.telephone_mobile or buyer.telephone_fixe):
        found.append(MISSING.format(what="Le téléphone du client", where=CLIENT_SHEET))
    found += _length("L'adresse du client", buyer.adresse.ligne, MAX_ADDRESS, CLIENT_SHEET)
    found += _length("La ville du client", buyer.adresse.ville, MAX_ADDRESS, CLIENT_SHEET)
    if not vehicle.vin:
        found.append(MISSING.format(what="Le VIN du véhicule", where=VEHICLE_SHEET))
    found += _length("La marque du véhicule", vehicle.marque, MAX_MAKE, VEHICLE_SHEET)
    found += _length("Le modèle du véhicule", vehicle.modele, MAX_MODEL, VEHICLE_SHEET)
    found += _day("La date de mise en circulation", vehicle.date_mec, VEHICLE_SHEET)
    if vehicle.km > MAX_ODOMETER:
        found.append(MILEAGE)
    found += _day("La date de début de garantie", bdc.debut_garantie or bdc.date, BDC)
    code = bdc.site.code_rrdi or ""
    found += _length("Le code RRDI du site", code, MAX_PRODUCER_CODE, SITE_SHEET)
    return found
