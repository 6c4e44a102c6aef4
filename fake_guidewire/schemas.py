"""The Cloud API's request and response schemas: validation and the OpenAPI document from one place.

Messages are in English, as Guidewire answers them; the French a dealer reads is the client's.
PSA's own data on a submission (the vehicle, the chosen cover) travels in extension properties
named `..._Ext`, Guidewire's convention for a customer's additions to the base data model.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields, validate, validates

from fake_guidewire import envelope, rules
from sandbox import formats
from sandbox.validation import EARLIEST_DATE, LATEST_DATE, is_plausible_date


def _check(check: Any, message: str) -> validate.Validator:
    def validator(value: str) -> None:
        if not check(value):
            raise ValidationError(message)

    return validator  # type: ignore[return-value]


class RefInSchema(Schema):
    """A reference to another resource or a typelist entry by id."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class TypeKeyInSchema(Schema):
    code = fields.String(required=True, validate=validate.Length(min=1, max=64))


class TypeKeyOutSchema(Schema):
    code = fields.String()
    name = fields.String()


class ReferenceOutSchema(Schema):
    id = fields.String()
    displayName = fields.String()
    type = fields.String()
    uri = fields.String()


class Day(fields.Date):
    """A date between 1900 and 2099: year 9999 would make the end of the policy period
    unrepresentable (bind-and-issue adds the cover's months to it)."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "range": f"Not a plausible date: between {EARLIEST_DATE} and {LATEST_DATE}."
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        day = super()._deserialize(value, attr, data, **kwargs)
        if not is_plausible_date(day):
            raise self.make_error("range")
        return day


AMOUNT_PATTERN = r"^[0-9]{1,7}(\.[0-9]{1,2})?$"


class Amount(fields.Decimal):
    """An amount as Guidewire writes it, a decimal string ("15000.00"), and only that."""

    default_error_messages: ClassVar[dict[str, str]] = {
        "invalid": "Not a valid amount: a decimal string, e.g. '15000.00'."
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if not isinstance(value, str) or not re.fullmatch(AMOUNT_PATTERN, value):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class MoneySchema(Schema):
    amount = Amount(
        required=True,
        places=2,
        as_string=True,
        metadata={"type": "string", "pattern": AMOUNT_PATTERN, "example": "15000.00"},
    )
    currency = fields.String(load_default="eur", validate=validate.OneOf(["eur"]))


# Accounts


class AddressSchema(Schema):
    addressLine1 = fields.String(required=True, validate=validate.Length(min=1, max=100))
    addressLine2 = fields.String(validate=validate.Length(max=100))
    city = fields.String(required=True, validate=validate.Length(min=1, max=100))
    postalCode = fields.String(
        required=True, validate=_check(formats.is_postal_code, "Not a French postal code.")
    )
    country = fields.String(load_default="FR", validate=validate.OneOf(["FR"]))


class PhoneSchema(Schema):
    phoneNumber = fields.String(
        required=True, validate=_check(formats.is_phone, "Not a French phone number.")
    )


class PersonInSchema(Schema):
    """The buyer, account holder of the policy."""

    contactSubtype = fields.String(load_default="Person", validate=validate.OneOf(["Person"]))
    firstName = fields.String(required=True, validate=validate.Length(min=1, max=60))
    lastName = fields.String(required=True, validate=validate.Length(min=1, max=60))
    dateOfBirth = Day(required=True)
    emailAddress1 = fields.String(
        required=True, validate=_check(formats.is_email, "Not a valid email address.")
    )
    cellPhone = fields.Nested(PhoneSchema, required=True)
    primaryAddress = fields.Nested(AddressSchema, required=True)


class AccountAttributesInSchema(Schema):
    initialAccountHolder = fields.Nested(PersonInSchema, required=True)
    producerCodes = fields.List(
        fields.Nested(RefInSchema), required=True, validate=validate.Length(min=1, max=5)
    )


class PersonOutSchema(Schema):
    displayName = fields.String()
    contactSubtype = fields.String()
    firstName = fields.String()
    lastName = fields.String()
    dateOfBirth = fields.String(metadata={"format": "date"})
    emailAddress1 = fields.String()
    cellPhone = fields.Nested(PhoneSchema)
    primaryAddress = fields.Nested(AddressSchema)


class AccountAttributesOutSchema(Schema):
    id = fields.String()
    accountNumber = fields.String(metadata={"description": "10 digits, e.g. 2000000001"})
    accountStatus = fields.Nested(TypeKeyOutSchema)
    accountHolder = fields.Nested(PersonOutSchema)
    producerCodes = fields.List(fields.Nested(ReferenceOutSchema))


# Submissions and jobs


class VehicleInSchema(Schema):
    """The used vehicle sold; the rating needs its age, mileage and price (not needed to create)."""

    vin = fields.String(required=True, validate=_check(formats.is_vin, "Not a valid VIN."))
    licensePlate = fields.String(
        required=True, validate=_check(formats.is_plate, "Not a French registration.")
    )
    make = fields.String(required=True, validate=validate.Length(min=1, max=40))
    model = fields.String(required=True, validate=validate.Length(min=1, max=60))
    firstRegistrationDate = Day()
    odometer = fields.Integer(
        validate=validate.Range(min=0, max=2_000_000), metadata={"description": "Kilometres"}
    )
    price = fields.Nested(MoneySchema, metadata={"description": "Sale price, VAT included"})


class SubmissionAttributesInSchema(Schema):
    account = fields.Nested(RefInSchema, required=True)
    baseState = fields.Nested(TypeKeyInSchema, required=True)
    jobEffectiveDate = Day(required=True)
    producerCode = fields.Nested(RefInSchema, required=True)
    product = fields.Nested(RefInSchema, required=True)
    vehicle_Ext = fields.Nested(VehicleInSchema, required=True)
    cover_Ext = fields.Nested(
        TypeKeyInSchema, metadata={"description": f"One of {', '.join(rules.COVERS)}"}
    )

    @validates("baseState")
    def _france(self, value: dict[str, Any], **_: Any) -> None:
        if value["code"] != "FR":
            raise ValidationError("PSA Assurance writes this product in base state FR only.")

    @validates("product")
    def _product(self, value: dict[str, Any], **_: Any) -> None:
        if value["id"] not in rules.PRODUCTS:
            raise ValidationError(f"Unknown product; known: {', '.join(rules.PRODUCTS)}.")

    @validates("cover_Ext")
    def _cover(self, value: dict[str, Any], **_: Any) -> None:
        if value["code"] not in rules.COVERS:
            raise ValidationError(f"Unknown cover; known: {', '.join(rules.COVERS)}.")


class VehicleOutSchema(Schema):
    vin = fields.String()
    licensePlate = fields.String()
    make = fields.String()
    model = fields.String()
    firstRegistrationDate = fields.String(metadata={"format": "date"})
    odometer = fields.Integer()
    price = fields.Nested(MoneySchema)


class JobAttributesOutSchema(Schema):
    id = fields.String()
    jobNumber = fields.String(metadata={"description": "10 digits, e.g. 0000000001"})
    jobType = fields.Nested(TypeKeyOutSchema)
    jobStatus = fields.Nested(
        TypeKeyOutSchema, metadata={"description": "Draft, Quoted, Bound or Withdrawn"}
    )
    account = fields.Nested(ReferenceOutSchema)
    baseState = fields.Nested(TypeKeyOutSchema)
    jobEffectiveDate = fields.String(metadata={"format": "date"})
    producerCode = fields.Nested(ReferenceOutSchema)
    product = fields.Nested(ReferenceOutSchema)
    vehicle_Ext = fields.Nested(VehicleOutSchema)
    cover_Ext = fields.Nested(TypeKeyOutSchema, allow_none=True)
    totalPremium = fields.Nested(MoneySchema, allow_none=True)
    policyNumber = fields.String(
        allow_none=True, metadata={"description": "Set once bound, e.g. PSAVO00000001"}
    )
    policy = fields.Nested(ReferenceOutSchema, allow_none=True)


class PolicyAttributesOutSchema(Schema):
    id = fields.String()
    policyNumber = fields.String()
    account = fields.Nested(ReferenceOutSchema)
    product = fields.Nested(ReferenceOutSchema)
    producerCodeOfService = fields.Nested(ReferenceOutSchema)
    periodStart = fields.String(metadata={"format": "date"})
    periodEnd = fields.String(metadata={"format": "date"})
    totalPremium = fields.Nested(MoneySchema)
    vehicle_Ext = fields.Nested(VehicleOutSchema)
    cover_Ext = fields.Nested(TypeKeyOutSchema)
    job = fields.Nested(ReferenceOutSchema)


class PageQueryInSchema(Schema):
    pageSize = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))
    pageOffset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    includeTotal = fields.Boolean(load_default=False)


class TokenInSchema(Schema):
    grant_type = fields.String(metadata={"description": "client_credentials"})
    client_id = fields.String(metadata={"description": "Or HTTP Basic"})
    client_secret = fields.String(metadata={"description": "Or HTTP Basic"})
    scope = fields.String(metadata={"description": "Space-separated; default: all granted"})


class TokenOutSchema(Schema):
    access_token = fields.String()
    token_type = fields.String()
    expires_in = fields.Integer()
    scope = fields.String()


AccountInSchema = envelope.request_schema(AccountAttributesInSchema, "Account")
SubmissionInSchema = envelope.request_schema(SubmissionAttributesInSchema, "Submission")
AccountOutSchema = envelope.resource_schema(AccountAttributesOutSchema, "Account")
AccountListOutSchema = envelope.collection_schema(AccountAttributesOutSchema, "Account")
JobOutSchema = envelope.resource_schema(JobAttributesOutSchema, "Job")
JobListOutSchema = envelope.collection_schema(JobAttributesOutSchema, "Job")
PolicyOutSchema = envelope.resource_schema(PolicyAttributesOutSchema, "Policy")
