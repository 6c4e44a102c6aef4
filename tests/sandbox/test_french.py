from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from jinja2 import Environment

from sandbox.french import (
    add_months,
    format_amount,
    format_count,
    format_date,
    last_day_covered,
    parse_amount,
    parse_date,
    register_filters,
)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 11, 30), 12, date(2026, 11, 30)),
        (date(2021, 12, 1), 6, date(2022, 6, 1)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2023, 2, 28), 12, date(2024, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 24, date(2026, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_clamped(start: date, months: int, end: date) -> None:
    assert add_months(start, months) == end


@pytest.mark.parametrize(
    ("start", "months", "last"),
    [
        (date(2025, 12, 1), 12, date(2026, 11, 30)),
        (date(2026, 1, 1), 24, date(2027, 12, 31)),
        (date(2024, 3, 31), 11, date(2025, 2, 27)),
    ],
)
def test_last_day_covered_is_the_day_before(start: date, months: int, last: date) -> None:
    assert last_day_covered(start, months) == last


def test_formats_as_the_tutorial_writes_them() -> None:
    assert format_date(date(2021, 12, 1)) == "01/12/2021"
    assert format_date("2021-12-01") == "01/12/2021"
    assert format_date("déjà écrit") == "déjà écrit"
    assert format_amount(Decimal("15000")) == "15 000,00 €"
    assert format_amount("12500.5", euro=False) == "12 500,50"
    assert format_count(12222) == "12 222"


def test_every_template_gets_the_same_filters() -> None:
    env = Environment(autoescape=True)
    register_filters(env)
    text = env.from_string(
        "{{ d | date_fr }} {{ a | amount_fr }} {{ k | count_fr }} {{ v | form_value('amount') }}"
    ).render(d=date(2025, 11, 30), a=15000, k=100000, v="1500")
    assert text == (
        '<span class="whole">30/11/2025</span> <span class="whole">15 000,00 €</span> '
        "100 000 1 500,00"
    )


def test_a_formatted_value_is_escaped_inside_its_span() -> None:
    env = Environment(autoescape=True)
    register_filters(env)
    text = env.from_string("{{ d | date_fr }}").render(d="<b>")
    assert text == '<span class="whole">&lt;b&gt;</span>'


@pytest.mark.parametrize(
    ("text", "day"),
    [("01/12/2021", date(2021, 12, 1)), ("2021-12-01", date(2021, 12, 1)), (" 30/11/2025 ", None)],
)
def test_parse_date_reads_both_spellings(text: str, day: date | None) -> None:
    assert parse_date(text) == (day or date(2025, 11, 30))


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("15 000,00", Decimal("15000.00")),
        ("15000.5", Decimal("15000.50")),
        ("15\u202f000,00 €", Decimal("15000.00")),
        ("0", Decimal("0.00")),
    ],
)
def test_parse_amount_reads_french_and_plain(text: str, amount: Decimal) -> None:
    assert parse_amount(text) == amount


@pytest.mark.parametrize("text", ["31/02/2025", "2025/11/30", "demain"])
def test_parse_date_refuses_what_is_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize("text", ["-5", "douze", "NaN", "1,2,3", "1e30", "١٥٠٠٠", "99999999"])
def test_parse_amount_refuses_what_is_not_an_amount(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)
