from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validates_schema

from sandbox.validation import flatten_messages


class Line(Schema):
    price = fields.Decimal(required=True)


class Order(Schema):
    number = fields.String(required=True)
    lines = fields.List(fields.Nested(Line), required=True)

    @validates_schema
    def not_empty(self, data: dict, **kwargs: object) -> None:
        if not data.get("lines"):
            raise ValidationError("An order has lines")


def test_nested_messages_become_one_line_per_problem() -> None:
    try:
        Order().load({"lines": [{"price": "1"}, {"price": "x"}], "extra": 1})
    except ValidationError as error:
        pairs = flatten_messages(error.messages)
    assert pairs == [
        ("number", "Missing data for required field."),
        ("lines[1].price", "Not a valid number."),
        ("extra", "Unknown field."),
    ]


def test_a_schema_message_belongs_to_its_object() -> None:
    assert flatten_messages({"json": {"_schema": ["An order has lines"]}}) == [
        ("json", "An order has lines")
    ]
