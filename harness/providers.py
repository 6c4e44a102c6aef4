"""Faker providers for the values the sandbox checks: plates, VINs, SIREN/SIRET, French phones,
postal codes, e-mail addresses.

Each value is drawn, then passed through the check the fakes themselves use (`sandbox.formats`),
and drawn again until it passes: what these providers make is valid by the sandbox's own
definition, not by a second copy of its rules.

    fake = Faker("fr_FR"); fake.add_provider(VehicleProvider); fake.plate()  # "GH-472-KT"
"""

from __future__ import annotations

from collections.abc import Callable
from string import ascii_uppercase, digits

from faker.providers import BaseProvider
from faker.utils.text import slugify
from stdnum import luhn

from sandbox import formats

ATTEMPTS = 1000
# World manufacturer identifiers of the brands that sell Spoticar / DS Certified vehicles.
WMI = {"PEUGEOT": "VF3", "CITROËN": "VF7", "DS": "VR1", "OPEL": "W0L", "ALFA ROMEO": "ZAR"}
# Letters the SIV issues: never I, O (read as 1, 0) or U (read as V); never SS in either group,
# never WW first (the WW series is for temporary registrations).
SIV_LETTERS = "".join(c for c in ascii_uppercase if c not in "IOU")
_VIN_ALPHABET = "".join(c for c in ascii_uppercase + digits if c not in "IOQ")


def _checked(draw: Callable[[], str], check: Callable[[str], bool]) -> str:
    """A drawn value that the sandbox's check accepts (raises RuntimeError if none does)."""
    for _attempt in range(ATTEMPTS):
        value = draw()
        if check(value):
            return value
    raise RuntimeError(f"no value accepted by {check.__name__} in {ATTEMPTS} draws")


def is_issued_plate(plate: str) -> bool:
    """A plate of the SIV's shape that the registry could have issued: `formats.is_plate` checks
    the shape only (the tutorial's own AA-000-AA was accepted), generated data goes further."""
    first, _digits, last = plate.split("-", 2) if plate.count("-") == 2 else ("", "", "")
    return (
        formats.is_plate(plate)
        and not set(first + last) - set(SIV_LETTERS)
        and "SS" not in (first, last)
        and first != "WW"
    )


class VehicleProvider(BaseProvider):
    """SIV plates and VINs."""

    def plate(self) -> str:
        """A SIV plate as the registry issues them, AA-123-AA (see `is_issued_plate`)."""
        return _checked(lambda: self.bothify("??-###-??", letters=SIV_LETTERS), is_issued_plate)

    def vin(self, brand: str = "PEUGEOT") -> str:
        """A 17-character VIN with the brand's manufacturer prefix (VF3 for Peugeot...)."""
        prefix = WMI.get(brand, "VF3")

        def draw() -> str:
            return prefix + "".join(self.random_elements(_VIN_ALPHABET, 14, use_weighting=False))

        return _checked(draw, formats.is_vin)


class CompanyIdProvider(BaseProvider):
    """SIREN and SIRET whose Luhn keys hold."""

    def siren(self) -> str:
        def draw() -> str:
            body = self.numerify("%#######")
            return body + luhn.calc_check_digit(body)

        return _checked(draw, formats.is_siren)

    def siret(self) -> str:
        """An establishment of a new SIREN: SIREN + NIC, the whole keyed by Luhn."""

        def draw() -> str:
            body = self.siren() + self.numerify("000#")
            return body + luhn.calc_check_digit(body)

        return _checked(draw, formats.is_siret)


class FrenchContactProvider(BaseProvider):
    """French phones, postal codes and e-mails as the forms accept them."""

    def phone_fr(self, mobile: bool = True) -> str:
        """`06 12 34 56 78` (a mobile) or `01 23 45 67 89`."""
        start = self.random_element(("06", "07") if mobile else ("01", "02", "03", "04", "05"))
        return _checked(lambda: start + self.numerify(" ## ## ## ##"), formats.is_phone)

    def postal_code(self) -> str:
        return _checked(lambda: self.generator.postcode(), formats.is_postal_code)

    def email_for(self, first_name: str, last_name: str) -> str:
        """`prenom.nom@example.fr`, accents and spaces left out (reserved domains only)."""

        def draw() -> str:
            local = f"{first_name}.{last_name}".lower()
            local = slugify(local, allow_dots=True) or self.lexify("????")
            domain = self.random_element(("example.fr", "example.com", "example.org"))
            return f"{local}@{domain}"

        return _checked(draw, formats.is_email)
