"""Valid, varied `pvo2-bdc/1` files for load tests and property-based tests: closed BDCs of the
demo dealers, with fr_FR customers and places (Faker) and vehicles whose plates, VINs and the
site's SIRET come from the providers of `harness.providers`.

Every BDC is declarable on the day given (`on`, the sandbox clock's day): the offer is at most 7
days older than the BDC, the BDC is closed and delivered by `on`, and the vehicle is young enough
and has few enough kilometres for its warranty level at Icare and for PSA Assurance.

    fake = bdc_faker(seed=42)
    data = generate_bdc(fake, date(2025, 11, 30))   # a dict in the `pvo2-bdc/1` layout
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from faker import Faker

from harness.providers import CompanyIdProvider, FrenchContactProvider, VehicleProvider
from pvo_client.bdc_file import FORMAT, dumps_bdc, load_bdc
from pvo_client.domain import Garantisseur, WarrantyLevel
from sandbox.dealers import DEMO_DEALERS, DemoDealer
from sandbox.french import add_months, format_amount, format_date


@dataclass(frozen=True)
class Model:
    marque: str
    modele: str
    version: str
    energie: str
    boite: str
    puissance_fiscale: int
    puissance_din: int
    cylindree: int | None
    price: int  # typical used price, euros TTC


MODELS = (
    Model(
        "PEUGEOT",
        "208",
        "1.2 PureTech 100 ch S&S Allure",
        "Essence",
        "Manuelle",
        5,
        100,
        1199,
        16_400,
    ),
    Model(
        "PEUGEOT",
        "3008",
        "1.5 BlueHDi 130 ch EAT8 GT",
        "Diesel",
        "Automatique",
        7,
        130,
        1499,
        27_900,
    ),
    Model(
        "PEUGEOT",
        "e-208",
        "Électrique 136 ch Active",
        "Electrique",
        "Automatique",
        4,
        136,
        None,
        21_500,
    ),
    Model("CITROËN", "C3", "PureTech 83 Feel Pack", "Essence", "Manuelle", 4, 83, 1199, 12_900),
    Model(
        "CITROËN",
        "C5 Aircross",
        "Hybride rechargeable 225 ë-EAT8",
        "Hybride rechargeable",
        "Automatique",
        10,
        225,
        1598,
        29_900,
    ),
    Model(
        "DS",
        "DS 7",
        "E-Tense 225 Performance Line",
        "Hybride rechargeable",
        "Automatique",
        10,
        225,
        1598,
        34_500,
    ),
    Model("DS", "DS 3", "PureTech 130 EAT8 Rivoli", "Essence", "Automatique", 7, 130, 1199, 24_900),
    Model(
        "OPEL", "Corsa", "1.2 Turbo 100 ch Elegance", "Essence", "Manuelle", 5, 100, 1199, 14_500
    ),
    Model(
        "ALFA ROMEO",
        "Tonale",
        "1.5 Hybrid 160 ch Ti",
        "Hybride",
        "Automatique",
        8,
        160,
        1469,
        32_900,
    ),
)
# The label a brand's vehicles are sold under; Spoticar for the others.
BRAND_LEVELS = {
    "DS": WarrantyLevel.DS_CERTIFIED,
    "ALFA ROMEO": WarrantyLevel.ALFA_ROMEO_CERTIFIED,
}
# Level, months of cover, and the bounds Icare's table and PSA Assurance's underwriting accept
# (age at the warranty start in months, mileage), kept inside both.
LEVEL_BOUNDS = {
    WarrantyLevel.ESSENTIAL: (108, 150_000),
    WarrantyLevel.ADVANCED: (90, 140_000),
    WarrantyLevel.PREMIUM: (54, 95_000),
    WarrantyLevel.DS_CERTIFIED: (66, 95_000),
    WarrantyLevel.ALFA_ROMEO_CERTIFIED: (66, 95_000),
}


def bdc_faker(seed: int | None = None) -> Faker:
    """A fr_FR Faker with the sandbox's providers; the same seed gives the same BDCs."""
    fake = Faker("fr_FR")
    for provider in (VehicleProvider, CompanyIdProvider, FrenchContactProvider):
        fake.add_provider(provider)
    if seed is not None:
        fake.seed_instance(seed)
    return fake


def _site(fake: Faker, dealer: DemoDealer | None) -> dict[str, Any]:
    dealer = dealer or fake.random_element(DEMO_DEALERS)
    return {
        "code": fake.bothify("PE##"),
        "libelle": f"SPOTICAR {dealer.city.upper()}",
        "raison_sociale": dealer.name,
        "siret": fake.siret(),
        "ape": "45.11Z",
        "capital": fake.random_element((10_000, 50_000, 150_000)),
        "type_societe": fake.random_element(("SAS", "SARL", "SA")),
        "code_rrdi": dealer.code_rrdi,
        "marques": ["PEUGEOT", "CITROËN", "DS", "OPEL"],
        "adresse": {
            "ligne": dealer.address,
            "code_postal": dealer.postal_code,
            "ville": dealer.city,
        },
        "garantisseurs": [g.value for g in Garantisseur],
        "profil": {"icare_id": dealer.icare_id, "code_t": dealer.code_t},
    }


def _person(fake: Faker, on: date) -> dict[str, Any]:
    madame = fake.boolean()
    prenom = fake.first_name_female() if madame else fake.first_name_male()
    nom = fake.last_name()
    return {
        "civilite": "Madame" if madame else "Monsieur",
        "nom": nom,
        "prenom": prenom,
        "adresse": {
            "ligne": fake.street_address(),
            "code_postal": fake.postal_code(),
            "ville": fake.city(),
        },
        "telephone_mobile": fake.phone_fr(mobile=True),
        "email": fake.email_for(prenom, nom),
        "date_naissance": format_date(
            fake.date_between_dates(add_months(on, -85 * 12), add_months(on, -18 * 12))
        ),
        "lieu_naissance": fake.city(),
        "nationalite": "France",
        "pays_naissance": "France",
        "pays_residence": "France",
        "consentements": fake.random_elements(
            ("email", "telephone", "sms", "courrier"), unique=True, length=fake.random_int(1, 4)
        ),
    }


def _vehicle(fake: Faker, model: Model, start: date) -> dict[str, Any]:
    level = BRAND_LEVELS.get(model.marque) or fake.random_element(
        (WarrantyLevel.ESSENTIAL, WarrantyLevel.ADVANCED, WarrantyLevel.PREMIUM)
    )
    max_age, max_km = LEVEL_BOUNDS[level]
    age = fake.random_int(6, max_age)
    first_registration = add_months(start, -age) + timedelta(days=fake.random_int(0, 20))
    months = fake.random_element(level.durations)
    return {
        "marque": model.marque,
        "modele": model.modele,
        "version": model.version,
        "immatriculation": fake.plate(),
        "vin": fake.vin(model.marque),
        "numero_police": fake.bothify("ST########"),
        "genre": "VP",
        "energie": model.energie,
        "boite": model.boite,
        "date_mec": format_date(first_registration),
        "km": fake.random_int(1_000, max_km),
        "puissance_fiscale": model.puissance_fiscale,
        "puissance_din": model.puissance_din,
        "cylindree": model.cylindree,
        "label": level.label.value,
        "garantie": f"{level.pvo_name} {months} mois",
        "teinte": fake.random_element(("Blanc Nacré", "Gris Artense", "Noir Perla Nera", "Bleu")),
        "premiere_main": fake.boolean(),
    }


def generate_bdc(fake: Faker, on: date, dealer: DemoDealer | None = None) -> dict[str, Any]:
    """A closed BDC, delivered on or before `on`, as `pvo2-bdc/1` data; of `dealer`'s site, or
    of a demo dealer drawn at random."""
    delivered = on - timedelta(days=fake.random_int(0, 10))
    bdc_day = delivered - timedelta(days=fake.random_int(0, 10))
    offer_day = bdc_day - timedelta(days=fake.random_int(0, 6))
    model = fake.random_element(MODELS)
    numero = fake.numerify("7######")
    price = model.price + 100 * fake.random_int(-20, 20)
    site = _site(fake, dealer)
    seller_first, seller_last = fake.first_name(), fake.last_name()
    data: dict[str, Any] = {
        "format": FORMAT,
        "numero": numero,
        "date": format_date(bdc_day),
        "statut": "Clôturé",
        "date_cloture": format_date(delivered),
        "site": site,
        "vendeur": {
            "nom": f"{seller_first} {seller_last}",
            "email": fake.email_for(seller_first, seller_last),
            "code": fake.numerify("1########"),
        },
        "client": _person(fake, on),
        "vehicule": _vehicle(fake, model, delivered),
        "offre": {
            "numero": numero,
            "date_creation": format_date(offer_day),
            "prix_ttc": format_amount(price, euro=False),
            "origine_vente": fake.random_element(("Showroom", "Site internet", "Téléphone")),
        },
        "livraison": {
            "date": format_date(delivered),
            "heure": f"{fake.random_int(9, 18):02d}:{fake.random_element(('00', '30'))}",
            "site": site["libelle"],
        },
    }
    return data


def write_bdcs(directory: Path, count: int, seed: int | None, on: date) -> list[Path]:
    """`count` BDC files in `directory`, each loaded back before it is written (so a file that
    the format would refuse is never left behind). Raises BdcFileError if one is refused."""
    fake = bdc_faker(seed)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(1, count + 1):
        data = generate_bdc(fake, on)
        bdc = load_bdc(data, source=f"#{index}")
        path = directory / f"{bdc.numero}-{index:04d}.json"
        path.write_text(dumps_bdc(bdc), encoding="utf-8")
        paths.append(path)
    return paths
