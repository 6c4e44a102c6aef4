"""PSA Assurance's products, covers and rating table for used vehicles (the sandbox's own data).

Premium of a cover = base by vehicle age (full years from first registration to the job's
effective date) x 1.20 above 100 000 km x 1.25 above 30 000 € of price, rounded to the cent:

| cover                | months | 0-3 years | 4-7 years | 8-10 years |
| -------------------- | ------ | --------- | --------- | ---------- |
| `PANNE_MECANIQUE_12` | 12     | 180.00    | 240.00    | 320.00     |
| `PANNE_MECANIQUE_24` | 24     | 330.00    | 440.00    | 590.00     |

Underwriting declines the quote (UWAuthorityBlocksProgressException) when the vehicle is more
than 10 years old, has more than 200 000 km, or when the account holder's last name is `REFUS`
(the sandbox's magic value for "PSA Assurance refuses this buyer").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from fake_guidewire import errors
from sandbox.magic import GUIDEWIRE_DECLINED_LAST_NAME

PRODUCTS = {"PSAUsedVehicle": "Garantie Panne Mécanique VO PSA Assurance"}


@dataclass(frozen=True)
class Cover:
    code: str
    name: str
    months: int
    base_by_age_band: tuple[Decimal, Decimal, Decimal]


COVERS = {
    cover.code: cover
    for cover in (
        Cover(
            "PANNE_MECANIQUE_12",
            "Panne mécanique 12 mois",
            12,
            (Decimal("180.00"), Decimal("240.00"), Decimal("320.00")),
        ),
        Cover(
            "PANNE_MECANIQUE_24",
            "Panne mécanique 24 mois",
            24,
            (Decimal("330.00"), Decimal("440.00"), Decimal("590.00")),
        ),
    )
}
AGE_BANDS = (3, 7, 10)  # upper bounds (years, inclusive) of the three columns
HIGH_MILEAGE, HIGH_MILEAGE_FACTOR = 100_000, Decimal("1.20")
HIGH_PRICE, HIGH_PRICE_FACTOR = Decimal("30000"), Decimal("1.25")
MAX_MILEAGE = 200_000
DECLINED_LAST_NAME = GUIDEWIRE_DECLINED_LAST_NAME  # one table: sandbox.magic

# Rating inputs: the property path in the submission and why it matters.
RATING_DATA = (
    ("cover_Ext.code", "cover"),
    ("vehicle_Ext.firstRegistrationDate", "vehicle age"),
    ("vehicle_Ext.odometer", "mileage"),
    ("vehicle_Ext.price.amount", "vehicle price"),
)


def _get(values: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        if not isinstance(values, dict) or values.get(key) is None:
            return None
        values = values[key]
    return values


def years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def premium(submission: dict[str, Any], holder_last_name: str, effective_date: date) -> Decimal:
    """The premium of a submission, or the refusal Guidewire would answer.

    Raises UnprocessableEntityException when rating data is missing and
    UWAuthorityBlocksProgressException when underwriting declines.
    """
    missing = [(path, why) for path, why in RATING_DATA if _get(submission, path) is None]
    if missing:
        raise errors.UnprocessableEntityException(
            "Cannot rate the job: " + ", ".join(path for path, _ in missing) + " missing",
            details=[
                errors.detail(f"The {why} is required to rate this product", property=path)
                for path, why in missing
            ],
        )
    vehicle = submission["vehicle_Ext"]
    age = years_between(date.fromisoformat(vehicle["firstRegistrationDate"]), effective_date)
    issues = []
    if holder_last_name.strip().upper() == DECLINED_LAST_NAME:
        issues.append(
            errors.detail(
                "The account holder does not meet PSA Assurance's underwriting guidelines",
                issueType="PSAAccountHolderDeclined",
                blockingPoint="BlocksQuote",
            )
        )
    if age > AGE_BANDS[-1]:
        issues.append(
            errors.detail(
                f"The vehicle is {age} years old; the maximum is {AGE_BANDS[-1]} years",
                issueType="PSAVehicleTooOld",
                blockingPoint="BlocksQuote",
                value=age,
            )
        )
    if vehicle["odometer"] > MAX_MILEAGE:
        issues.append(
            errors.detail(
                f"The mileage is {vehicle['odometer']} km; the maximum is {MAX_MILEAGE} km",
                issueType="PSAMileageTooHigh",
                blockingPoint="BlocksQuote",
                value=vehicle["odometer"],
            )
        )
    if issues:
        raise errors.UWAuthorityBlocksProgressException(
            "Underwriting issues block quoting: "
            + ", ".join(i["properties"]["issueType"] for i in issues),
            user_message="PSA Assurance declines to insure this risk: "
            + "; ".join(i["message"] for i in issues),
            details=issues,
        )
    cover = COVERS[submission["cover_Ext"]["code"]]
    band = next(i for i, bound in enumerate(AGE_BANDS) if age <= bound)
    amount = cover.base_by_age_band[band]
    if vehicle["odometer"] > HIGH_MILEAGE:
        amount *= HIGH_MILEAGE_FACTOR
    if Decimal(str(vehicle["price"]["amount"])) > HIGH_PRICE:
        amount *= HIGH_PRICE_FACTOR
    return amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
