"""Icare's eligibility grid, value by value: each limit is accepted exactly at it, refused one over.

The expected grid is written here from the table in `fake_icare.rules`' docstring (what the sandbox
promises its users), not read from the code, so that a value moved in the code fails a test.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from fake_icare import create_app, errors
from fake_icare.rules import DEFAULT_TABLE, Level, build_table, check, current_table
from sandbox.french import add_months

# level: (durations in months, max age in years, max mileage in km), as documented
GRID: dict[str, tuple[tuple[int, ...], int, int]] = {
    "SPOTICAR ESSENTIAL": ((6,), 15, 200_000),
    "SPOTICAR ADVANCED": ((12,), 8, 150_000),
    "SPOTICAR PREMIUM": ((12, 24), 5, 100_000),
    "DS CERTIFIED": ((12, 24), 6, 100_000),
    "ALFA ROMEO CERTIFIED": ((12, 24), 6, 100_000),
}
START = date(2025, 11, 30)
LEVELS = ", ".join(GRID)


def warranty(level: str, months: int, start: date = START) -> dict[str, Any]:
    return {
        "level": level,
        "duration_months": months,
        "start_date": start,
        "end_date": add_months(start, months),
    }


def vehicle(first_registration: date, mileage: int = 10_000) -> dict[str, Any]:
    return {"first_registration_date": first_registration, "mileage": mileage}


def refusal(level: str, months: int, car: dict[str, Any]) -> errors.IcareError:
    with pytest.raises(errors.IcareError) as caught:
        check(warranty(level, months), car, DEFAULT_TABLE)
    return caught.value


def test_the_default_table_is_the_documented_grid() -> None:
    assert {
        name: Level(durations, years * 12, km) for name, (durations, years, km) in GRID.items()
    } == DEFAULT_TABLE


@pytest.mark.parametrize("level", GRID)
def test_each_offered_duration_is_accepted_and_its_neighbours_refused(level: str) -> None:
    durations = GRID[level][0]
    car = vehicle(START)
    for months in durations:
        check(warranty(level, months), car, DEFAULT_TABLE)
    offered = " ou ".join(str(months) for months in durations)
    for months in {m + step for m in durations for step in (-1, 1)} - set(durations):
        error = refusal(level, months, car)
        assert type(error) is errors.DurationNotOffered
        assert error.error_code == "DURATION_NOT_OFFERED"
        assert error.message == (
            f"La durée de {months} mois n'est pas proposée pour la garantie {level}. "
            f"Durée(s) proposée(s) : {offered} mois."
        )


@pytest.mark.parametrize("level", GRID)
def test_age_limit_is_accepted_on_the_day_and_refused_the_day_after(level: str) -> None:
    durations, years, _ = GRID[level]
    months = durations[0]
    # Registered exactly `years` before the start: at the limit, accepted; so is a day younger.
    at_limit = date(START.year - years, START.month, START.day)
    check(warranty(level, months), vehicle(at_limit), DEFAULT_TABLE)
    check(warranty(level, months), vehicle(at_limit + timedelta(days=1)), DEFAULT_TABLE)
    one_day_over = at_limit - timedelta(days=1)
    error = refusal(level, months, vehicle(one_day_over))
    assert type(error) is errors.VehicleTooOld
    assert error.error_code == "VEHICLE_NOT_ELIGIBLE"
    limit = f"{years} ans"
    assert error.message == (
        f"Véhicule non éligible à la garantie {level} : mis en circulation le "
        f"{one_day_over:%d/%m/%Y}, il a plus de {limit} au début de la garantie (30/11/2025). "
        f"La limite d'âge est de {limit}."
    )


@pytest.mark.parametrize("level", GRID)
def test_mileage_limit_is_accepted_and_one_km_more_refused(level: str) -> None:
    durations, _, km = GRID[level]
    for mileage in (km - 1, km):
        check(warranty(level, durations[0]), vehicle(START, mileage), DEFAULT_TABLE)
    error = refusal(level, durations[0], vehicle(START, km + 1))
    assert type(error) is errors.VehicleMileageTooHigh
    assert error.error_code == "VEHICLE_NOT_ELIGIBLE"
    written = f"{km + 1:,}".replace(",", " ")
    limit = f"{km:,}".replace(",", " ")
    assert error.message == (
        f"Véhicule non éligible à la garantie {level} : {written} km au jour de la vente, "
        f"la limite de kilométrage est de {limit} km."
    )


def test_an_unknown_level_names_the_levels_offered() -> None:
    error = refusal("SPOTICAR GOLD", 12, vehicle(START))
    assert type(error) is errors.LevelNotOffered
    assert error.error_code == "LEVEL_NOT_OFFERED"
    assert error.message == (
        "Le niveau de garantie « SPOTICAR GOLD » n'est pas proposé par Icare. "
        f"Niveaux proposés : {LEVELS}."
    )


@pytest.mark.parametrize("days", [-1, 1])
def test_an_end_date_a_day_off_is_refused_with_the_expected_end(days: int) -> None:
    request = warranty("SPOTICAR PREMIUM", 12)
    request["end_date"] += timedelta(days=days)
    with pytest.raises(errors.DatesInconsistent) as caught:
        check(request, vehicle(START), DEFAULT_TABLE)
    assert type(caught.value) is errors.DatesInconsistent
    assert caught.value.error_code == "DATES_INCONSISTENT"
    assert caught.value.message == (
        f"La date de fin de garantie ({request['end_date']:%d/%m/%Y}) ne correspond pas à la "
        "durée : une garantie de 12 mois qui commence le 30/11/2025 se termine le 30/11/2026."
    )


def test_registration_the_day_after_the_start_is_refused_and_on_the_day_accepted() -> None:
    check(warranty("SPOTICAR PREMIUM", 12), vehicle(START), DEFAULT_TABLE)
    error = refusal("SPOTICAR PREMIUM", 12, vehicle(START + timedelta(days=1)))
    assert type(error) is errors.RegistrationAfterStart
    assert error.error_code == "DATES_INCONSISTENT"
    assert error.message == (
        "La date de première immatriculation (01/12/2025) est postérieure à la date de début de "
        "garantie (30/11/2025)."
    )


def test_the_first_failing_rule_is_the_one_reported() -> None:
    """Order: level, duration, dates, registration, age, mileage."""
    old_and_driven = vehicle(date(2000, 1, 1), 900_000)
    assert type(refusal("SPOTICAR PREMIUM", 13, old_and_driven)) is errors.DurationNotOffered
    error = refusal("SPOTICAR PREMIUM", 12, old_and_driven)
    assert type(error) is errors.VehicleTooOld


@pytest.mark.parametrize(
    ("months", "written"), [(12, "1 an"), (24, "2 ans"), (18, "18 mois"), (13, "13 mois")]
)
def test_a_configured_age_limit_is_written_in_years_or_months(months: int, written: str) -> None:
    table = build_table(
        {
            "SPOTICAR PREMIUM": {
                "durations_months": [12],
                "max_age_months": months,
                "max_mileage_km": 1,
            }
        }
    )
    registered = add_months(START, -months) - timedelta(days=1)
    with pytest.raises(errors.VehicleTooOld) as caught:
        check(warranty("SPOTICAR PREMIUM", 12), vehicle(registered, 0), table)
    assert caught.value.message == (
        "Véhicule non éligible à la garantie SPOTICAR PREMIUM : mis en circulation le "
        f"{registered:%d/%m/%Y}, il a plus de {written} au début de la garantie (30/11/2025). "
        f"La limite d'âge est de {written}."
    )


def test_overrides_replace_add_and_withdraw_levels_and_leave_the_rest() -> None:
    table = build_table(
        {
            "SPOTICAR PREMIUM": {
                "durations_months": ["36"],
                "max_age_months": "7",
                "max_mileage_km": 9,
            },
            "SPOTICAR GOLD": {"durations_months": [48], "max_age_months": 1, "max_mileage_km": 2},
            "DS CERTIFIED": None,
            "NEVER OFFERED": None,
        }
    )
    expected = dict(DEFAULT_TABLE)
    del expected["DS CERTIFIED"]
    expected["SPOTICAR PREMIUM"] = Level((36,), 7, 9)
    expected["SPOTICAR GOLD"] = Level((48,), 1, 2)
    assert table == expected
    assert build_table(None) == DEFAULT_TABLE
    assert build_table({}) == DEFAULT_TABLE


@pytest.mark.parametrize(
    ("entry", "cause"),
    [
        ({"max_age_months": 1, "max_mileage_km": 1}, "'durations_months'"),
        (
            {"durations_months": 12, "max_age_months": 1, "max_mileage_km": 1},
            "'int' object is not iterable",
        ),
        (
            {"durations_months": [12], "max_age_months": "un an", "max_mileage_km": 1},
            "invalid literal for int() with base 10: 'un an'",
        ),
    ],
)
def test_a_malformed_override_stops_the_start(entry: dict[str, Any], cause: str) -> None:
    message = (
        "ELIGIBILITY['SPOTICAR PREMIUM'] needs durations_months (list), max_age_months and "
        f"max_mileage_km (integers): {cause}"
    )
    with pytest.raises(ValueError) as caught:
        build_table({"SPOTICAR PREMIUM": entry})
    assert str(caught.value) == message
    with pytest.raises(ValueError) as caught:
        create_app({"ELIGIBILITY": {"SPOTICAR PREMIUM": entry}, "DATABASE_URL": "sqlite://"})
    assert str(caught.value) == message


def test_the_running_app_reads_its_configured_table(tmp_path: Any) -> None:
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'icare.db'}", "TESTING": True})
    with app.app_context():
        assert current_table() == DEFAULT_TABLE
        app.config["ELIGIBILITY"] = {"DS CERTIFIED": None}
        assert "DS CERTIFIED" not in current_table()
