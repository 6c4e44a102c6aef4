"""The French administrative formats, value by value."""

from __future__ import annotations

import pytest

from sandbox import formats


@pytest.mark.parametrize("plate", ["AB-123-CD", "WW-123-AB", "FY-544-EW", "123 ABC 75", "12 AB 2A"])
def test_valid_plates(plate: str) -> None:
    assert formats.is_plate(plate)


@pytest.mark.parametrize(
    "plate",
    [
        "AA-000-AA",  # number 000 is not issued
        "AI-123-CD",  # I, O, U are never used
        "AB-123-OU",
        "SS-123-AB",  # SS is never used
        "AB-123-SS",
        "AB-123-WW",  # WW only on the left (temporary plates)
        "AB123CD",  # normalised elsewhere; the check wants dashes
        "CC333C1",
        "",
    ],
)
def test_invalid_plates(plate: str) -> None:
    assert not formats.is_plate(plate)


def test_plate_typed_without_dashes_is_normalised() -> None:
    assert formats.normalize_plate(" ab123cd ") == "AB-123-CD"


@pytest.mark.parametrize(
    ("vin", "ok"),
    [
        ("VF1BR1G0H41002400", True),
        ("12345678910111213", True),  # the check digit is not mandatory in Europe
        ("VF1BR1G0H4100240", False),  # 16 characters
        ("VF1BR1G0H41002400X", False),
        ("VF1BR1G0H4100240O", False),  # O is not allowed
        ("VF1BR1G0H4100240I", False),
        ("VF1BR1G0H4100240Q", False),
    ],
)
def test_vin(vin: str, ok: bool) -> None:
    assert formats.is_vin(vin) is ok


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("75010", True),
        ("20000", True),
        ("97100", True),
        ("97600", True),
        ("98000", True),
        ("00100", False),
        ("97700", False),
        ("7501", False),
        ("750100", False),
        ("7501A", False),
    ],
)
def test_postal_code(code: str, ok: bool) -> None:
    assert formats.is_postal_code(code) is ok


@pytest.mark.parametrize(
    ("phone", "ok"),
    [
        ("0607080910", True),
        ("06 07 08 09 10", True),
        ("01.02.03.04.05", True),
        ("+33 6 07 08 09 10", True),
        ("+33607080910", True),
        ("060708091", False),
        ("0007080910", False),
        ("+44 6 07 08 09 10", False),
        ("06-07-08", False),
    ],
)
def test_phone(phone: str, ok: bool) -> None:
    assert formats.is_phone(phone) is ok


@pytest.mark.parametrize(
    ("siret", "ok"),
    [
        ("73282932000074", True),  # Luhn-valid
        ("73282932000075", False),
        ("7328293200007", False),
        ("35600000049837", True),  # La Poste: digit sum multiple of 5
        ("35600000000048", True),  # La Poste's head office: plain Luhn
        ("00000000000018", True),  # the tutorial's own site
        ("82145306800016", False),  # Luhn holds, its SIREN 821453068 fails
        ("732 829 320 00074", False),  # written together, as the forms take it
    ],
)
def test_siret(siret: str, ok: bool) -> None:
    assert formats.is_siret(siret) is ok


def test_siren_and_ape() -> None:
    assert formats.is_siren("732829320")
    assert not formats.is_siren("732829321")
    assert not formats.is_siren("821453068")
    assert formats.is_ape("45.11Z") and formats.is_ape("4511Z")
    assert not formats.is_ape("45.11")


def test_control_characters() -> None:
    assert formats.has_control_characters("Du\x00pond")
    assert not formats.has_control_characters("Dupond\tJean")


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("jean.dupond@example.fr", True),
        ("élise@exemple.fr", True),
        ("x@exemple.xn--p1ai", True),
        ("a@b..fr", False),
        ("a@localhost", False),
        ("a@[127.0.0.1]", False),
        ("a@b.c", False),
        ("jean dupond@example.fr", False),
    ],
)
def test_email(email: str, ok: bool) -> None:
    assert formats.is_email(email) is ok
