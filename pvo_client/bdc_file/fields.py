"""How one value of a BDC file is read and written: trimmed text checked by the sandbox's format
checks, French dates and amounts, counts, flags, fixed choices, the warranty; each names its
problem in French."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields

from pvo_client.bdc_file.messages import (
    CONTROL,
    FORMAT_MESSAGES,
    MAX_TEXT,
    NO_SUCH_DAY,
    NOT_A_BOOLEAN,
    NOT_A_CHOICE,
    NOT_A_DATE,
    NOT_A_LIST,
    NOT_A_WARRANTY,
    NOT_AN_AMOUNT,
    NOT_AN_HOUR,
    NOT_AN_INTEGER,
    NOT_AN_OBJECT,
    NOT_TEXT,
    NULL,
    REQUIRED,
    TOO_LONG,
)
from pvo_client.domain import Warranty
from sandbox import formats
from sandbox.french import format_amount, format_date, parse_amount, parse_date

_DATE_SHAPE = re.compile(r"\d{2}/\d{2}/\d{4}", re.ASCII)


def _control_free(value: str) -> None:
    if formats.has_control_characters(value):
        raise ValidationError(CONTROL)


class Text(fields.String):
    """Trimmed text; blank counts as missing; optionally checked by a sandbox.formats check."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "required": REQUIRED,
        "null": NULL,
        "invalid": NOT_TEXT,
    }

    def __init__(self, *, check: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.check = check

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            if self.required:
                raise self.make_error("required")
            return None
        _control_free(text)
        if len(text) > MAX_TEXT:
            raise ValidationError(TOO_LONG)
        if self.check == "is_plate":
            text = formats.normalize_plate(text)
        elif self.check == "is_vin":
            text = text.upper()
        if self.check and not getattr(formats, self.check)(text):
            raise ValidationError(FORMAT_MESSAGES[self.check])
        return text


class FrenchDate(fields.Field):
    default_error_messages: ClassVar[dict[str, str]] = {
        "required": REQUIRED,
        "null": NULL,
        "invalid": NOT_A_DATE,
        "no_such_day": NO_SUCH_DAY,
    }

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else format_date(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        """A date typed JJ/MM/AAAA (or AAAA-MM-JJ); 31/02/2026 has the format but no such day,
        and the message says which of the two is wrong."""
        if isinstance(value, str):
            try:
                return parse_date(value)
            except ValueError:
                if _DATE_SHAPE.fullmatch(value.strip()):
                    raise self.make_error("no_such_day", value=value.strip()) from None
        raise self.make_error("invalid")


class Hour(fields.Field):
    default_error_messages: ClassVar[dict[str, str]] = {
        "required": REQUIRED,
        "null": NULL,
        "invalid": NOT_AN_HOUR,
    }

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else value.strftime("%H:%M")

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> time:
        if isinstance(value, str):
            try:
                return datetime.strptime(value.strip(), "%H:%M").time()
            except ValueError:
                pass
        raise self.make_error("invalid")


class Amount(fields.Field):
    """Euros: "15 000,00", "15000.00" or a JSON number; written "15 000,00"."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "required": REQUIRED,
        "null": NULL,
        "invalid": NOT_AN_AMOUNT,
    }

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else format_amount(value, euro=False)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.make_error("invalid")
        try:
            return parse_amount(str(value))
        except ValueError:
            raise self.make_error("invalid") from None


class Count(fields.Field):
    """A non-negative integer: 12222 or "12 222"."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "required": REQUIRED,
        "null": NULL,
        "invalid": NOT_AN_INTEGER,
    }

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return value

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, str) and "".join(value.split()).isdigit():
            return int("".join(value.split()))
        if isinstance(value, int) and value >= 0:
            return value
        raise self.make_error("invalid")


class Flag(fields.Boolean):
    default_error_messages: ClassVar[dict[str, str]] = {
        "required": REQUIRED,
        "null": NULL,
        "invalid": NOT_A_BOOLEAN,
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


class Choice(fields.Field):
    """A value among fixed ones, parsed into its domain type; the message lists them."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "required": REQUIRED,
        "null": NULL,
        "invalid": NOT_A_CHOICE,
    }

    def __init__(
        self,
        choices: tuple[str, ...],
        parse: Callable[[str], Any] | None = None,
        dump: Callable[[Any], str] = str,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.choices = choices
        self.parse = parse
        self.dump = dump

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else self.dump(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str):
            if self.parse is None:
                if value in self.choices:
                    return value
            else:
                try:
                    return self.parse(value)
                except ValueError:
                    pass
        raise self.make_error("invalid", choices=", ".join(f"« {c} »" for c in self.choices))


class WarrantyField(fields.Field):
    default_error_messages: ClassVar[dict[str, str]] = {
        "required": REQUIRED,
        "null": NULL,
        "invalid": NOT_A_WARRANTY,
    }

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else value.name

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Warranty:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        try:
            return Warranty.parse(value)
        except ValueError as error:
            # A duration not sold for the level has its own message; a parse failure has none.
            detail = str(error)
            raise ValidationError(
                detail if detail.startswith("La garantie ") else NOT_A_WARRANTY
            ) from None


def nested(schema: type[Schema], **kwargs: Any) -> fields.Nested:
    """A part of the file (an object), whose structural problems are said in French."""
    return fields.Nested(
        schema,
        error_messages={"required": REQUIRED, "null": NULL, "type": NOT_AN_OBJECT},
        **kwargs,
    )


def listing(inner: fields.Field, **kwargs: Any) -> fields.List:
    """A JSON list of `inner`, whose structural problems are said in French."""
    return fields.List(
        inner,
        error_messages={"required": REQUIRED, "null": NULL, "invalid": NOT_A_LIST},
        **kwargs,
    )


def optional() -> dict[str, Any]:
    """The options of a `?` key of the format: absent or null both mean "not given"."""
    return {"load_default": None, "allow_none": True}
