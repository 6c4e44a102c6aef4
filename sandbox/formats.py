"""French administrative formats, checked the way the portals check them.

Sources: SIV plates (arrêté du 9 février 2009), ISO 3779 VIN, INSEE SIREN/SIRET (python-stdnum:
Luhn, La Poste's exception), La Poste postal codes, RFC 5322 emails (marshmallow).
Each check returns True/False; the French message belongs to the schema that uses it. A check
refuses what does not have the shape, never what a registry has not issued: the tutorial's own
`AA-000-AA` and `12345678910111213` were accepted by the real portal. Digits are ASCII digits:
the classes say `[0-9]`, never `\\d` (which also matches "١٢٣" and "１２３"), and a whole value
must match (`fullmatch`: `$` would accept a trailing newline).
"""

from __future__ import annotations

import re

from marshmallow import ValidationError
from marshmallow.validate import Email
from stdnum.fr import siren, siret

# SIV: the shape, two letters, three digits, two letters. Which series the registry issues (no
# I, O, U; no SS; 001-999) is not the shape: the tutorial's AA-000-AA was accepted.
_SIV = re.compile(r"^[A-Z]{2}-[0-9]{3}-[A-Z]{2}$")
# FNI (before 2009): 1-4 digits, 1-3 letters, department (2 digits, 2A/2B, or 97x).
_FNI = re.compile(r"^[0-9]{1,4} [A-Z]{1,3} (?:0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$")
# VIN: 17 characters, no I, O, Q; the check digit is not mandatory in Europe.
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
# Metropolitan departments 01-95 (Corsica 20xxx), overseas 971-976, Monaco and territories 98xxx.
_POSTAL_CODE = re.compile(r"^(?:0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}$|^97[1-6][0-9]{2}$|^98[0-9]{3}$")
_PHONE = re.compile(r"^(?:0[1-9]|\+33 ?[1-9])(?:[ .]?[0-9]{2}){4}$")
# APE/NAF: "45.11Z" as INSEE writes it, or digits only as PVO² takes it (the tutorial's "00111").
_APE = re.compile(r"^[0-9]{2}\.?[0-9]{2}[A-Z]$|^[0-9]{4,5}$")
# An address has a domain whose last label is a real top-level domain: letters, or IDNA (xn--).
_TLD = re.compile(r"\.(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$")
_EMAIL = Email()
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The checks as JSON Schema patterns (ECMA-262 reads them as Python does), for OpenAPI documents.
PATTERNS = {
    "is_plate": f"{_SIV.pattern}|{_FNI.pattern}",
    "is_vin": _VIN.pattern,
    "is_postal_code": _POSTAL_CODE.pattern,
    "is_phone": _PHONE.pattern,
    "is_ape": _APE.pattern,
    "is_siret": "^[0-9]{14}$",
}
NO_CONTROL_CHARACTERS = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"


def is_plate(value: str) -> bool:
    """The shape of a SIV (AA-123-AA) or of an old FNI (123 ABC 75) registration."""
    return bool(_SIV.fullmatch(value) or _FNI.fullmatch(value))


def normalize_plate(value: str) -> str:
    """Upper-case a plate and give a SIV typed without dashes (AB123CD) its dashes."""
    value = " ".join(value.upper().split())
    if re.fullmatch(r"[A-Z]{2}[0-9]{3}[A-Z]{2}", value):
        return f"{value[:2]}-{value[2:5]}-{value[5:]}"
    return value


def is_vin(value: str) -> bool:
    return bool(_VIN.fullmatch(value))


def is_postal_code(value: str) -> bool:
    return bool(_POSTAL_CODE.fullmatch(value))


def is_phone(value: str) -> bool:
    """10 digits starting with 0 (spaces or dots allowed) or the +33 form."""
    return bool(_PHONE.fullmatch(value))


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
    return value.isascii() and value.isdigit() and siren.is_valid(value)


def is_siret(value: str) -> bool:
    """14 digits written together; the SIRET's Luhn key and its SIREN's both hold, except La
    Poste's establishments (SIREN 356000000), whose digits add up to a multiple of 5."""
    return value.isascii() and value.isdigit() and siret.is_valid(value)


def is_ape(value: str) -> bool:
    """APE/NAF code: 45.11Z, 4511Z, or the digits PVO² accepts (00111)."""
    return bool(_APE.fullmatch(value))


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))
