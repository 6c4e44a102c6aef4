"""French formats and calendar arithmetic, as the tutorial and the back offices have them: dates
JJ/MM/AAAA, amounts `15 000,00 €`, counts `12 222`, read and written, and "the same day N months
later".

One home for what the fakes' templates, `pvo_client`'s printed BDC and the messages show; the
Jinja filters of every template are registered from here (`register_filters`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    from jinja2 import Environment

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Amounts as a person types them: ASCII digits, at most 9 999 999,99.
_AMOUNT = re.compile(r"[0-9]{1,7}(?:\.[0-9]{1,2})?")


def format_date(value: date | str | None) -> str:
    """A date, or an ISO date string, as JJ/MM/AAAA; None as ""; any other text unchanged."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not _ISO_DATE.match(value):
            return value
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def format_amount(value: Decimal | int | float | str | None, euro: bool = True) -> str:
    """15000 -> "15 000,00 €" (spaces between thousands); `euro=False` leaves the sign out."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    units, cents = f"{amount:,.2f}".split(".")
    text = f"{units.replace(',', ' ')},{cents}"
    return f"{text} €" if euro else text


def parse_date(text: str) -> date:
    """JJ/MM/AAAA as a person types it, or AAAA-MM-JJ as JSON clients send it.

    Raises ValueError for anything else.
    """
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_amount(text: str) -> Decimal:
    """Euros, "15 000,00", "15000.00" or "15 000,00 €", to the cent.

    Raises ValueError for anything else: a negative amount, more than two decimals, digits
    other than ASCII ones (Decimal() would read "١٥"), NaN, exponents, and more than
    9 999 999,99 €.
    """
    cleaned = "".join(text.replace("€", "").split()).replace(",", ".")
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(text)
    return Decimal(cleaned).quantize(Decimal("0.01"))


def format_count(value: int | None) -> str:
    """12222 -> "12 222", as mileages are written."""
    return "" if value is None else f"{value:,}".replace(",", " ")


def form_value(value: Any, kind: str) -> str:
    """A stored value as the form shows it back to the dealer."""
    if value is None:
        return ""
    if kind == "date":
        return format_date(str(value))
    if kind == "amount" and re.fullmatch(r"\d+(\.\d+)?", str(value)):
        return format_amount(str(value), euro=False)
    return str(value)


def add_months(start: date, months: int) -> date:
    """Same day `months` later, clamped to the month's end (31/01 + 1 month -> 28/02)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def last_day_covered(start: date, months: int) -> date:
    """The last day of a cover of `months` starting on `start`: the day before `add_months`
    (01/12/2025 for 12 months -> 30/11/2026), as insurers date a policy's end."""
    return add_months(start, months) - timedelta(days=1)


def _kept_whole(format_value: Callable[..., str]) -> Callable[..., Markup]:
    """`format_value` for a page's text, in a span the pages' style keeps on one line
    (`.whole`): "15 000,00 €" or a date wrapped at a space is misread."""

    def whole(value: Any, *args: Any, **kwargs: Any) -> Markup:
        return Markup('<span class="whole">{}</span>').format(format_value(value, *args, **kwargs))

    whole.__name__ = format_value.__name__
    return whole


FILTERS = {
    "date_fr": _kept_whole(format_date),
    "amount_fr": _kept_whole(format_amount),
    "count_fr": format_count,
    "form_value": form_value,
}


def register_filters(env: Environment) -> None:
    """The one set of filters every template uses: `date_fr`, `amount_fr`, `count_fr`,
    `form_value`."""
    env.filters.update(FILTERS)
