"""French administrative formats, checked the way the portals check them.

Sources: SIV plates (arrêté du 9 février 2009), ISO 3779 VIN, INSEE SIRET (Luhn), La Poste codes.
Each check returns True/False; the French message belongs to the schema that uses it. Digits are
ASCII digits: the classes say `[0-9]`, never `\\d` (which also matches "١٢٣" and "１２３").
"""

from __future__ import annotations

import re

# SIV: two letters, three digits 001-999, two letters; no I, O, U; SS forbidden; WW only on the
# left (temporary plates).
_SIV_LETTERS = "[A-HJ-NP-TV-Z]{2}"
_SIV = re.compile(rf"^(?P<left>{_SIV_LETTERS})-(?P<num>[0-9]{{3}})-(?P<right>{_SIV_LETTERS})$")
# FNI (before 2009): 1-4 digits, 1-3 letters, department (2 digits, 2A/2B, or 97x).
_FNI = re.compile(r"^[0-9]{1,4} [A-Z]{1,3} (?:0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$")
# VIN: 17 characters, no I, O, Q; the check digit is not mandatory in Europe.
_VIN = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
# Metropolitan departments 01-95 (Corsica 20xxx), overseas 971-976, Monaco and territories 98xxx.
_POSTAL_CODE = re.compile(r"^(?:0[1-9]|[1-8][0-9]|9[0-5])[0-9]{3}$|^97[1-6][0-9]{2}$|^98[0-9]{3}$")
_PHONE = re.compile(r"^(?:0[1-9]|\+33 ?[1-9])(?:[ .]?[0-9]{2}){4}$")
_APE = re.compile(r"^[0-9]{2}\.?[0-9]{2}[A-Z]$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_plate(value: str) -> bool:
    """A SIV (AA-123-AA) or an old FNI (123 ABC 75) registration."""
    siv = _SIV.fullmatch(value)
    if siv:
        return (
            siv["num"] != "000" and "SS" not in (siv["left"], siv["right"]) and siv["right"] != "WW"
        )
    return bool(_FNI.fullmatch(value))


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
    return bool(_EMAIL.fullmatch(value))


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char) * (2 if index % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def is_siren(value: str) -> bool:
    return len(value) == 9 and value.isascii() and value.isdigit() and _luhn(value)


def is_siret(value: str) -> bool:
    """14 digits, Luhn; La Poste's SIRETs (SIREN 356000000) use a digit sum instead."""
    if len(value) != 14 or not (value.isascii() and value.isdigit()):
        return False
    if value.startswith("356000000"):
        return sum(int(c) for c in value) % 5 == 0
    return _luhn(value)


def is_ape(value: str) -> bool:
    """APE/NAF code, e.g. 45.11Z."""
    return bool(_APE.fullmatch(value))


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL.search(value))
