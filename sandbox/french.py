"""French display formats: dates JJ/MM/AAAA and amounts `15 000,00 €`, as the tutorial has them."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NARROW_SPACE = "\u202f"


def format_date(value: date | str | None) -> str:
    """A date, or an ISO date string, as JJ/MM/AAAA; anything else unchanged."""
    if value is None:
        return ""
    if isinstance(value, str):
        if not _ISO_DATE.match(value):
            return value
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def format_amount(value: Decimal | int | float | str | None, euro: bool = True) -> str:
    """15000 -> "15 000,00 €" (thin spaces between thousands as French typography has them)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(value)
    units, cents = f"{amount:,.2f}".split(".")
    text = f"{units.replace(',', ' ')},{cents}"
    return f"{text} €" if euro else text


def form_value(value: Any, kind: str) -> str:
    """A stored value as the form shows it back to the dealer."""
    if value is None:
        return ""
    if kind == "date":
        return format_date(str(value))
    if kind == "amount" and re.fullmatch(r"\d+(\.\d+)?", str(value)):
        return format_amount(str(value), euro=False)
    return str(value)
