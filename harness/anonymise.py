"""Personal data out of a case, so that it can travel in a ticket: the client's identity,
address and birth, and the vehicle's plate and VIN, replaced by generated ones (Faker fr_FR,
through the sandbox's providers).

A value the form accepts is replaced by one it accepts too. A value it refused keeps what made
it refused (its length, spaces and punctuation, an I, O or Q, an impossible or future date), its
other letters and digits drawn again, so that the replay meets the same refusal. The sandbox's
magic values are kept: they made a fake fail on purpose, and belong to nobody. The messages of
the case say the new values where they said the old ones.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import date
from string import ascii_lowercase, ascii_uppercase, digits
from typing import Any

from faker import Faker

from fake_centralisateur.schemas import DATE, FORM_FIELDS, MAX_TEXT
from harness.generate import bdc_faker
from sandbox import formats, magic
from sandbox.french import add_months, format_date, parse_date

FIELDS = {spec.name: spec for spec in FORM_FIELDS}
# Where a BDC file holds the same data, and the salesperson's, checked as the form checks e-mails.
BDC_PATHS = {
    "client.civilite": "civilite",
    "client.nom": "nom",
    "client.prenom": "prenom",
    "client.nom_naissance": "nom_naissance",
    "client.email": "email",
    "client.telephone_fixe": "tel_fixe",
    "client.telephone_mobile": "tel_mobile",
    "client.adresse.ligne": "adresse",
    "client.adresse.complement": "complement_adresse",
    "client.adresse.code_postal": "code_postal",
    "client.adresse.ville": "ville",
    "client.date_naissance": "date_naissance",
    "client.lieu_naissance": "lieu_naissance",
    "vehicule.marque": "marque",
    "vehicule.immatriculation": "immatriculation",
    "vehicule.vin": "vin",
    "vendeur.nom": "nom_vendeur",
    "vendeur.email": "email_vendeur",
}
SELLER_CHECKS = {"nom_vendeur": None, "email_vendeur": "is_email"}
MAGIC = {row.value for row in magic.TABLE}
KEPT_LETTERS = "IOQ"  # the letters a VIN may not hold: a refused VIN keeps them where they are
ATTEMPTS = 100


def _accepted(name: str, value: str, today: date) -> bool:
    """Would the form take this value (format only: whether it is required is another matter)?"""
    spec = FIELDS.get(name)
    kind, check = (spec.kind, spec.check) if spec else (None, SELLER_CHECKS[name])
    if len(value) > MAX_TEXT or formats.has_control_characters(value):
        return False
    if kind == DATE:
        try:
            return parse_date(value) < today
        except ValueError:
            return False
    if check == "is_plate":
        value = formats.normalize_plate(value)
    elif check == "is_vin":
        value = value.upper()
    return getattr(formats, check)(value) if check else True


def _redraw(fake: Faker, value: str) -> str:
    """The same shape: letters for letters (case kept), digits for digits, the rest as is."""

    def char(c: str) -> str:
        if c in KEPT_LETTERS or c in KEPT_LETTERS.lower() or not c.isascii():
            return c
        if c.isdigit():
            return fake.random_element(digits)
        if c.isupper():
            return fake.random_element([x for x in ascii_uppercase if x not in KEPT_LETTERS])
        if c.islower():
            return fake.random_element([x for x in ascii_lowercase if x not in "ioq"])
        return c

    return "".join(map(char, value))


def _at(document: Any, path: str) -> Any:
    """The value at a dotted path of a JSON document, or None."""
    for key in path.split(".") if path else ():
        document = document.get(key) if isinstance(document, dict) else None
    return document


class Anonymiser:
    """Replaces the personal values of a declaration's form; the same seed, the same values."""

    def __init__(self, seed: int | None, today: date) -> None:
        self.fake = bdc_faker(seed)
        self.today = today
        self.replaced: dict[str, str] = {}

    def _drawn(self, values: dict[str, Any]) -> dict[str, Callable[[], str]]:
        """How each personal field is drawn anew, valid by the sandbox's own checks."""
        fake = self.fake
        madame = values.get("civilite") == "Madame"
        names: dict[str, str] = {}

        def person(key: str, draw: Callable[[], str]) -> Callable[[], str]:
            def drawn_once() -> str:
                if key not in names:
                    names[key] = draw()
                return names[key]

            return drawn_once

        nom = person("nom", fake.last_name)
        prenom = person("prenom", fake.first_name_female if madame else fake.first_name_male)
        return {
            "nom": nom,
            "prenom": prenom,
            "nom_naissance": fake.last_name,
            "email": lambda: fake.email_for(prenom(), nom()),
            "tel_fixe": lambda: fake.phone_fr(mobile=False),
            "tel_mobile": lambda: fake.phone_fr(mobile=True),
            "adresse": fake.street_address,
            "complement_adresse": lambda: fake.bothify("Bâtiment ?", letters="ABCDEF"),
            "code_postal": fake.postal_code,
            "ville": fake.city,
            "lieu_naissance": fake.city,
            "date_naissance": lambda: format_date(
                fake.date_between_dates(
                    add_months(self.today, -85 * 12), add_months(self.today, -18 * 12)
                )
            ),
            "immatriculation": fake.plate,
            "vin": lambda: fake.vin(str(values.get("marque") or "PEUGEOT").upper()),
            "nom_vendeur": lambda: f"{fake.first_name()} {fake.last_name()}",
            "email_vendeur": lambda: fake.email_for(fake.first_name(), fake.last_name()),
        }

    def _new_value(self, name: str, value: str, draw: Callable[[], str]) -> str:
        if value in MAGIC or not value.strip():
            return value
        if _accepted(name, value, self.today):
            new = draw()
            return new.upper() if value.isupper() else new
        # A refused date is kept: it says little alone, and drawn again it could pass.
        if name in FIELDS and FIELDS[name].kind == DATE:
            return value
        for _attempt in range(ATTEMPTS):
            new = _redraw(self.fake, value)
            if not _accepted(name, new, self.today):
                return new
        return value

    def values(self, values: dict[str, Any]) -> dict[str, Any]:
        """The form's values with the personal ones replaced (remembered for `text`)."""
        anonymised = dict(values)
        for name, draw in self._drawn(values).items():
            value = values.get(name)
            if isinstance(value, str):
                anonymised[name] = self._new_value(name, value, draw)
                if anonymised[name] != value:
                    self.replaced[value] = anonymised[name]
        return anonymised

    def bdc(self, data: Any) -> Any:
        """A BDC file (as sent, maybe refused) with the same data replaced as in a form."""
        if not isinstance(data, dict):
            return data
        found = {name: _at(data, path) for path, name in BDC_PATHS.items()}
        replaced = self.values({k: v for k, v in found.items() if v is not None})
        anonymised = copy.deepcopy(data)
        for path, name in BDC_PATHS.items():
            if found[name] is not None and replaced[name] != found[name]:
                *parents, last = path.split(".")
                _at(anonymised, ".".join(parents))[last] = replaced[name]
        return anonymised

    def text(self, line: str) -> str:
        """A message with the replaced values said anew, in one pass (longest first: a name
        inside an e-mail address is not replaced on its own)."""
        if not self.replaced:
            return line
        olds = sorted(self.replaced, key=len, reverse=True)
        return re.sub("|".join(map(re.escape, olds)), lambda m: self.replaced[m[0]], line)
