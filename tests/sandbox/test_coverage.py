"""A period's state on each day around its boundaries, for both ways of dating its end."""

from __future__ import annotations

from datetime import date

import pytest

from sandbox.coverage import EXPIRED, IN_FORCE, UPCOMING, state_on

START = date(2025, 11, 30)


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 11, 29), UPCOMING),  # the day before the start
        (date(2025, 11, 30), IN_FORCE),  # the start day
        (date(2026, 11, 29), IN_FORCE),  # the last day covered
        (date(2026, 11, 30), EXPIRED),  # the day after: the end day itself is not covered
    ],
)
def test_a_half_open_period(day: date, expected: str) -> None:
    assert state_on(day, START, date(2026, 11, 30), end_covered=False) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 11, 29), UPCOMING),
        (date(2025, 11, 30), IN_FORCE),
        (date(2026, 11, 29), IN_FORCE),  # periodEnd, the last day covered
        (date(2026, 11, 30), EXPIRED),
    ],
)
def test_a_period_whose_end_is_covered(day: date, expected: str) -> None:
    assert state_on(day, START, date(2026, 11, 29), end_covered=True) == expected
