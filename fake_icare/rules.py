"""Which vehicles each warranty level accepts: the sandbox's assumptions, as one data table.

Icare's real grid is not public. These values follow the public Spoticar / DS Certified offers
closely enough to exercise every refusal; they are the sandbox's assumptions, not Icare's:

| level              | durations (months) | max age at warranty start | max mileage |
| ------------------ | ------------------ | ------------------------- | ----------- |
| SPOTICAR ESSENTIAL | 6                  | 15 years                  | 200 000 km  |
| SPOTICAR ADVANCED  | 12                 | 8 years                   | 150 000 km  |
| SPOTICAR PREMIUM   | 12, 24             | 5 years                   | 100 000 km  |
| DS CERTIFIED       | 12, 24             | 6 years                   | 100 000 km  |

Config `ELIGIBILITY` (env `ICARE_ELIGIBILITY`, JSON) overrides it level by level:
`{"SPOTICAR PREMIUM": {"durations_months": [12, 24, 36], "max_age_months": 72,
"max_mileage_km": 120000}}`; a level set to `null` is withdrawn, a new name adds a level.

Rules, checked in this order so the dealer sees the first thing to fix: the level exists, the
duration is offered, the end date is start + duration, the vehicle is young enough (age from the
first registration to the warranty start, up to and including the limit), its mileage at the
sale is at most the limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app

from fake_icare import errors
from sandbox.french import add_months, format_count, format_date


@dataclass(frozen=True)
class Level:
    durations_months: tuple[int, ...]
    max_age_months: int
    max_mileage_km: int


DEFAULT_TABLE: dict[str, Level] = {
    "SPOTICAR ESSENTIAL": Level((6,), max_age_months=15 * 12, max_mileage_km=200_000),
    "SPOTICAR ADVANCED": Level((12,), max_age_months=8 * 12, max_mileage_km=150_000),
    "SPOTICAR PREMIUM": Level((12, 24), max_age_months=5 * 12, max_mileage_km=100_000),
    "DS CERTIFIED": Level((12, 24), max_age_months=6 * 12, max_mileage_km=100_000),
}


def build_table(overrides: Mapping[str, Any] | None) -> dict[str, Level]:
    """The default table with the configured levels replaced, added or (None) withdrawn.

    Raises ValueError on a malformed override, so that a bad configuration stops the start.
    """
    table = dict(DEFAULT_TABLE)
    for name, entry in (overrides or {}).items():
        if entry is None:
            table.pop(name, None)
            continue
        try:
            durations = tuple(int(months) for months in entry["durations_months"])
            table[name] = Level(
                durations, int(entry["max_age_months"]), int(entry["max_mileage_km"])
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"ELIGIBILITY[{name!r}] needs durations_months (list), max_age_months and "
                f"max_mileage_km (integers): {error}"
            ) from error
    return table


def current_table() -> dict[str, Level]:
    """The table of the running app, read at each call so a test may change the config."""
    return build_table(current_app.config.get("ELIGIBILITY"))


def _years(months: int) -> str:
    if months % 12:
        return f"{months} mois"
    years = months // 12
    return f"{years} an{'s' if years > 1 else ''}"


def check(warranty: Mapping[str, Any], vehicle: Mapping[str, Any], table: dict[str, Level]) -> None:
    """Accept the warranty for the vehicle, or raise the first refusal a dealer has to fix.

    Raises LevelNotOffered, DurationNotOffered, DatesInconsistent (and its
    RegistrationAfterStart), VehicleTooOld, VehicleMileageTooHigh.
    """
    name = warranty["level"]
    level = table.get(name)
    if level is None:
        raise errors.LevelNotOffered(level=name, levels=", ".join(table))
    duration = warranty["duration_months"]
    if duration not in level.durations_months:
        raise errors.DurationNotOffered(
            duration=duration,
            level=name,
            durations=" ou ".join(str(months) for months in level.durations_months),
        )
    start, end = warranty["start_date"], warranty["end_date"]
    expected_end = add_months(start, duration)
    if end != expected_end:
        raise errors.DatesInconsistent(
            end=format_date(end),
            duration=duration,
            start=format_date(start),
            expected_end=format_date(expected_end),
        )
    first_registration = vehicle["first_registration_date"]
    if first_registration > start:
        raise errors.RegistrationAfterStart(
            first_registration=format_date(first_registration), start=format_date(start)
        )
    if start > add_months(first_registration, level.max_age_months):
        raise errors.VehicleTooOld(
            level=name,
            first_registration=format_date(first_registration),
            start=format_date(start),
            limit=_years(level.max_age_months),
        )
    if vehicle["mileage"] > level.max_mileage_km:
        raise errors.VehicleMileageTooHigh(
            level=name,
            mileage=format_count(vehicle["mileage"]),
            limit=format_count(level.max_mileage_km),
        )
