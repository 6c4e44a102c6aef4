"""French administrative formats, checked the way the portals check them.

Sources: SIV plates (arrêté du 9 février 2009), ISO 3779 VIN, INSEE SIREN/SIRET (python-stdnum:
Luhn, La Poste's exception), La Poste postal codes, RFC 5322 emails (marshmallow).
Each check returns True/False; the French message belongs to the schema that uses it.
"""

from __future__ import annotations

import re

from marshmallow import ValidationError
from marshmallow.validate import Email
from stdnum.fr import siren, siret

# SIV: two letters, three digits 001-999, two letters; no I, O, U; SS forbidden; WW only on the
# left (temporary plates).
_SIV_LETTERS = "[A-HJ-NP-TV-Z]{2}"
_SIV = re.compile(rf"^(?P<left>{_SIV_LETTERS})-(?P<num>\d{{3}})-(?P<right>{_SIV_LETTERS})$")
# FNI (before 2009): 1-4 digits, 1-3 letters, department (2 digits, 2A/2B, or 97x).
_FNI = re.compile(r"^\d{1,4} [A-Z]{1,3} (?:0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$")
# VIN: 17 characters, no I, O, Q; the check digit is not mandatory in Europe.
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
# Metropolitan departments 01-95 (Corsica 20xxx), overseas 971-976, Monaco and territories 98xxx.
_POSTAL_CODE = re.compile(r"^(?:0[1-9]|[1-8]\d|9[0-5])\d{3}$|^97[1-6]\d{2}$|^98\d{3}$")
_PHONE = re.compile(r"^(?:0[1-9]|\+33 ?[1-9])(?:[ .]?\d{2}){4}$")
_APE = re.compile(r"^\d{2}\.?\d{2}[A-Z]$")
# An address has a domain whose last label is a real top-level domain: letters, or IDNA (xn--).
_TLD = re.compile(r"\.(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")
_EMAIL = Email()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_plate(value: str) -> bool:
    """A SIV (AA-123-AA) or an old FNI (123 ABC 75) registration."""
    siv = _SIV.match(value)
    if siv:
        return (
            siv["num"] != "000" and "SS" not in (siv["left"], siv["right"]) and siv["right"] != "WW"
        )
    return bool(_FNI.match(value))


def normalize_plate(value: str) -> str:
    """Upper-case a plate and give a SIV typed without dashes (AB123CD) its dashes."""
    value = " ".join(value.upper().split())
    if re.fullmatch(r"[A-Z]{2}\d{3}[A-Z]{2}", value):
        return f"{value[:2]}-{value[2:5]}-{value[5:]}"
    return value


def is_vin(value: str) -> bool:
    return bool(_VIN.match(value))


def is_postal_code(value: str) -> bool:
    return bool(_POSTAL_CODE.match(value))


def is_phone(value: str) -> bool:
    """10 digits starting with 0 (spaces or dots allowed) or the +33 form."""
    return bool(_PHONE.match(value))


def is_email(value: str) -> bool:
    """marshmallow's address check (so `a@b..fr` is refused) and a top-level domain
    (`nom@exemple.fr`, not `nom@localhost` nor an IP literal)."""
    try:
        _EMAIL(value)
    except ValidationError:
        return False
    return bool(_TLD.search(value))


def is_siren(value: str) -> bool:
    """9 digits whose Luhn key holds."""
    return value.isdigit() and siren.is_valid(value)


def is_siret(value: str) -> bool:
    """14 digits written together; the SIRET's Luhn key and its SIREN's both hold, except La
    Poste's establishments (SIREN 356000000), whose digits add up to a multiple of 5."""
    return value.isdigit() and siret.is_valid(value)


def is_ape(value: str) -> bool:
    """APE/NAF code, e.g. 45.11Z."""
    return bool(_APE.match(value))


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))
