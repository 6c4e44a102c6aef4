"""PSA Assurance's rating table and underwriting limits, value by value at each boundary.

The expected values are the table of `fake_guidewire.rules`' docstring, written out here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fake_guidewire import errors
from fake_guidewire.rules import COVERS, PRODUCTS, Cover, premium, years_between

EFFECTIVE = date(2025, 11, 30)
# cover: the base premium for 0-3, 4-7 and 8-10 full years
TABLE = {
    "PANNE_MECANIQUE_12": ("180.00", "240.00", "320.00"),
    "PANNE_MECANIQUE_24": ("330.00", "440.00", "590.00"),
}
BLOCKS = "BlocksQuote"


def submission(
    cover: str = "PANNE_MECANIQUE_12",
    age: int = 2,
    odometer: int = 50_000,
    price: str | float = "15000.00",
) -> dict[str, Any]:
    registered = date(EFFECTIVE.year - age, EFFECTIVE.month, EFFECTIVE.day)
    return {
        "cover_Ext": {"code": cover},
        "vehicle_Ext": {
            "firstRegistrationDate": registered.isoformat(),
            "odometer": odometer,
            "price": {"amount": price, "currency": "eur"},
        },
    }


def declined(body: dict[str, Any], last_name: str = "MARTIN") -> errors.GuidewireException:
    with pytest.raises(errors.UWAuthorityBlocksProgressException) as caught:
        premium(body, last_name, EFFECTIVE)
    return caught.value


def test_products_and_covers_are_the_documented_ones() -> None:
    assert PRODUCTS == {"PSAUsedVehicle": "Garantie Panne Mécanique VO PSA Assurance"}
    assert {
        "PANNE_MECANIQUE_12": Cover(
            "PANNE_MECANIQUE_12",
            "Panne mécanique 12 mois",
            12,
            tuple(Decimal(v) for v in TABLE["PANNE_MECANIQUE_12"]),  # type: ignore[arg-type]
        ),
        "PANNE_MECANIQUE_24": Cover(
            "PANNE_MECANIQUE_24",
            "Panne mécanique 24 mois",
            24,
            tuple(Decimal(v) for v in TABLE["PANNE_MECANIQUE_24"]),  # type: ignore[arg-type]
        ),
    } == COVERS


@pytest.mark.parametrize("cover", TABLE)
@pytest.mark.parametrize(("age", "band"), [(0, 0), (3, 0), (4, 1), (7, 1), (8, 2), (10, 2)])
def test_base_premium_by_age_band_at_each_bound(cover: str, age: int, band: int) -> None:
    assert premium(submission(cover, age), "MARTIN", EFFECTIVE) == Decimal(TABLE[cover][band])


@pytest.mark.parametrize(
    ("odometer", "price", "expected"),
    [
        (100_000, "30000", "180.00"),  # both exactly at their threshold: no surcharge
        (100_001, "30000", "216.00"),  # x 1.20 one km over
        (100_000, "30000.01", "225.00"),  # x 1.25 one cent over
        (200_000, 45000, "270.00"),  # both, at the maximum mileage; a number as price
        (99_999, "29999.99", "180.00"),
    ],
)
def test_surcharges_start_just_above_their_thresholds(
    odometer: int, price: str | int, expected: str
) -> None:
    body = submission(odometer=odometer, price=price)
    amount = premium(body, "MARTIN", EFFECTIVE)
    assert (amount, str(amount)) == (Decimal(expected), expected)


def test_the_premium_is_rounded_half_up_to_the_cent() -> None:
    # 330.00 x 1.20 x 1.25 = 495.0000: exact; 440 x 1.2 = 528.000 shows the quantize.
    amount = premium(submission("PANNE_MECANIQUE_24", 5, 150_000), "MARTIN", EFFECTIVE)
    assert str(amount) == "528.00"


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2015, 6, 15), date(2025, 6, 14), 9),
        (date(2015, 6, 15), date(2025, 6, 15), 10),
        (date(2015, 6, 15), date(2025, 6, 16), 10),
        (date(2015, 6, 15), date(2025, 5, 20), 9),
        (date(2015, 6, 15), date(2025, 7, 1), 10),
        (date(2025, 1, 1), date(2025, 12, 31), 0),
    ],
)
def test_years_between_counts_full_years(start: date, end: date, years: int) -> None:
    assert years_between(start, end) == years


def test_eleven_years_is_declined_and_ten_is_not() -> None:
    assert premium(submission(age=10), "MARTIN", EFFECTIVE) == Decimal("320.00")
    error = declined(submission(age=11))
    assert error.status == 422
    assert error.error_code == "gw.job.uw.UWAuthorityBlocksProgressException"
    assert error.developer_message == "Underwriting issues block quoting: PSAVehicleTooOld"
    assert error.user_message == (
        "PSA Assurance declines to insure this risk: "
        "The vehicle is 11 years old; the maximum is 10 years"
    )
    assert error.details == [
        {
            "message": "The vehicle is 11 years old; the maximum is 10 years",
            "properties": {"issueType": "PSAVehicleTooOld", "blockingPoint": BLOCKS, "value": 11},
        }
    ]


def test_one_km_over_the_maximum_is_declined() -> None:
    error = declined(submission(odometer=200_001))
    assert error.developer_message == "Underwriting issues block quoting: PSAMileageTooHigh"
    assert error.details == [
        {
            "message": "The mileage is 200001 km; the maximum is 200000 km",
            "properties": {
                "issueType": "PSAMileageTooHigh",
                "blockingPoint": BLOCKS,
                "value": 200_001,
            },
        }
    ]


@pytest.mark.parametrize("last_name", ["REFUS", " refus ", "Refus"])
def test_the_declined_last_name_in_any_case_is_declined(last_name: str) -> None:
    error = declined(submission(), last_name)
    assert error.user_message == (
        "PSA Assurance declines to insure this risk: "
        "The account holder does not meet PSA Assurance's underwriting guidelines"
    )
    assert error.details == [
        {
            "message": "The account holder does not meet PSA Assurance's underwriting guidelines",
            "properties": {"issueType": "PSAAccountHolderDeclined", "blockingPoint": BLOCKS},
        }
    ]


@pytest.mark.parametrize("last_name", ["REFUSE", "DUREFUS"])
def test_a_name_containing_the_declined_one_is_rated(last_name: str) -> None:
    assert premium(submission(), last_name, EFFECTIVE) == Decimal("180.00")


def test_every_issue_is_reported_at_once_in_order() -> None:
    error = declined(submission(age=12, odometer=250_000), "REFUS")
    assert error.developer_message == (
        "Underwriting issues block quoting: "
        "PSAAccountHolderDeclined, PSAVehicleTooOld, PSAMileageTooHigh"
    )
    assert error.user_message == (
        "PSA Assurance declines to insure this risk: "
        "The account holder does not meet PSA Assurance's underwriting guidelines; "
        "The vehicle is 12 years old; the maximum is 10 years; "
        "The mileage is 250000 km; the maximum is 200000 km"
    )


def test_missing_rating_data_is_named_path_by_path() -> None:
    body = submission()
    del body["cover_Ext"]
    body["vehicle_Ext"]["odometer"] = None
    body["vehicle_Ext"]["price"] = "15000"  # not an object: its amount cannot be read
    with pytest.raises(errors.UnprocessableEntityException) as caught:
        premium(body, "MARTIN", EFFECTIVE)
    error = caught.value
    assert (error.status, error.error_code) == (
        422,
        "gw.api.rest.exceptions.UnprocessableEntityException",
    )
    assert error.developer_message == (
        "Cannot rate the job: cover_Ext.code, vehicle_Ext.odometer, "
        "vehicle_Ext.price.amount missing"
    )
    assert error.user_message == "The job cannot be quoted: rating data is missing"
    assert error.details == [
        {
            "message": "The cover is required to rate this product",
            "properties": {"property": "cover_Ext.code"},
        },
        {
            "message": "The mileage is required to rate this product",
            "properties": {"property": "vehicle_Ext.odometer"},
        },
        {
            "message": "The vehicle price is required to rate this product",
            "properties": {"property": "vehicle_Ext.price.amount"},
        },
    ]


def test_a_missing_registration_date_is_named() -> None:
    body = submission()
    del body["vehicle_Ext"]["firstRegistrationDate"]
    with pytest.raises(errors.UnprocessableEntityException) as caught:
        premium(body, "MARTIN", EFFECTIVE)
    assert caught.value.developer_message == (
        "Cannot rate the job: vehicle_Ext.firstRegistrationDate missing"
    )
    assert caught.value.details == [
        {
            "message": "The vehicle age is required to rate this product",
            "properties": {"property": "vehicle_Ext.firstRegistrationDate"},
        }
    ]
