"""The Cloud API's request and response schemas: validation and the OpenAPI document from one place.

Messages are in English, as Guidewire answers them; the French a dealer reads is the client's.
PSA's own data on a submission (the vehicle, the chosen cover) travels in extension properties
named `..._Ext`, Guidewire's convention for a customer's additions to the base data model.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields, validate, validates

from fake_guidewire import envelope, rules, store
from sandbox import formats
from sandbox.validation import EARLIEST_DATE, LATEST_DATE, doc, is_plausible_date


def _check(check: Any, message: str) -> validate.Validator:
    def validator(value: str) -> None:
        if not check(value):
            raise ValidationError(message)

    return validator  # type: ignore[return-value]


class RefInSchema(Schema):
    """A reference to another resource or a typelist entry by id."""

    id = fields.String(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata=doc("L'identifiant de la ressource (compte, code producteur, produit)", "pc:101"),
    )


class TypeKeyInSchema(Schema):
    code = fields.String(
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata=doc("Le code d'une entrée de liste (typekey)", "FR"),
    )


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
# The longest values the Cloud API takes; PVO² checks them first (pvo_client.psa).
MAX_NAME = 60
MAX_EMAIL = 254
MAX_MAKE = 40
MAX_MODEL = 60
MAX_ODOMETER = 2_000_000


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
        metadata=doc(
            "Montant en euros, texte décimal à point (15000.00), 9 999 999.99 au plus",
            "15000.00",
            type="string",
            pattern=AMOUNT_PATTERN,
            maxLength=10,
        ),
    )
    currency = fields.String(
        load_default="eur", validate=validate.OneOf(["eur"]), metadata=doc("Devise", "eur")
    )


# Accounts


class AddressSchema(Schema):
    addressLine1 = fields.String(
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata=doc("Adresse, ligne 1", "12 rue Spoticar"),
    )
    addressLine2 = fields.String(
        validate=validate.Length(max=100), metadata=doc("Adresse, ligne 2", "Bâtiment B")
    )
    city = fields.String(
        required=True, validate=validate.Length(min=1, max=100), metadata=doc("Ville", "PARIS")
    )
    postalCode = fields.String(
        required=True,
        validate=_check(formats.is_postal_code, "Not a French postal code."),
        metadata=doc(
            "Code postal français",
            "75010",
            pattern=formats.PATTERNS["is_postal_code"],
            maxLength=5,
        ),
    )
    country = fields.String(
        load_default="FR", validate=validate.OneOf(["FR"]), metadata=doc("Pays", "FR")
    )


class PhoneSchema(Schema):
    phoneNumber = fields.String(
        required=True,
        validate=_check(formats.is_phone, "Not a French phone number."),
        metadata=doc(
            "Numéro français : 0 suivi de 9 chiffres, ou +33",
            "06 07 08 09 10",
            pattern=formats.PATTERNS["is_phone"],
            maxLength=17,
        ),
    )


class PersonInSchema(Schema):
    """The buyer, account holder of the policy."""

    contactSubtype = fields.String(
        load_default="Person",
        validate=validate.OneOf(["Person"]),
        metadata=doc("Type de contact : une personne", "Person"),
    )
    firstName = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_NAME),
        metadata=doc("Prénom", "Jean"),
    )
    lastName = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_NAME),
        metadata=doc("Nom", "Dupond"),
    )
    dateOfBirth = Day(required=True, metadata=doc("Date de naissance (AAAA-MM-JJ)", "1960-05-17"))
    emailAddress1 = fields.String(
        required=True,
        validate=[
            validate.Length(max=MAX_EMAIL),
            _check(formats.is_email, "Not a valid email address."),
        ],
        metadata=doc("Email", "jean.dupond@exemple.fr", format="email"),
    )
    cellPhone = fields.Nested(PhoneSchema, required=True)
    primaryAddress = fields.Nested(AddressSchema, required=True)


class AccountAttributesInSchema(Schema):
    initialAccountHolder = fields.Nested(PersonInSchema, required=True)
    producerCodes = fields.List(
        fields.Nested(RefInSchema),
        required=True,
        validate=validate.Length(min=1, max=5),
        metadata=doc("Les codes producteur du compte : 1 à 5", [{"id": "953617Z"}]),
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

    vin = fields.String(
        required=True,
        validate=_check(formats.is_vin, "Not a valid VIN."),
        metadata=doc(
            "VIN : 17 caractères, sans I, O ni Q",
            "VR3UPHNKSNT000001",
            pattern=formats.PATTERNS["is_vin"],
            maxLength=17,
        ),
    )
    licensePlate = fields.String(
        required=True,
        validate=_check(formats.is_plate, "Not a French registration."),
        metadata=doc(
            "Immatriculation : AA-123-AA, ou 123 ABC 75 avant 2009",
            "AB-123-CD",
            pattern=formats.PATTERNS["is_plate"],
            maxLength=12,
        ),
    )
    make = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_MAKE),
        metadata=doc("Marque", "PEUGEOT"),
    )
    model = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_MODEL),
        metadata=doc("Modèle", "208"),
    )
    firstRegistrationDate = Day(
        metadata=doc("Date de première immatriculation (AAAA-MM-JJ)", "2023-05-11")
    )
    odometer = fields.Integer(
        validate=validate.Range(min=0, max=MAX_ODOMETER),
        metadata=doc("Kilométrage au jour de la vente", 12000),
    )
    price = fields.Nested(MoneySchema, metadata={"description": "Prix de vente TTC"})


class SubmissionAttributesInSchema(Schema):
    account = fields.Nested(RefInSchema, required=True)
    baseState = fields.Nested(TypeKeyInSchema, required=True)
    jobEffectiveDate = Day(
        required=True, metadata=doc("Date d'effet de la police (AAAA-MM-JJ)", "2025-11-30")
    )
    producerCode = fields.Nested(RefInSchema, required=True)
    product = fields.Nested(RefInSchema, required=True)
    vehicle_Ext = fields.Nested(VehicleInSchema, required=True)
    cover_Ext = fields.Nested(
        TypeKeyInSchema,
        metadata={"description": f"La garantie choisie, parmi : {', '.join(rules.COVERS)}"},
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
    displayStatus = fields.String(
        metadata={
            "description": "Scheduled before periodStart, In Force from periodStart to "
            "periodEnd (its last day covered), Expired after; on the day of the producer's "
            "sandbox clock",
            "enum": list(store.DISPLAY_STATUSES.values()),
            "example": "In Force",
        }
    )
    totalPremium = fields.Nested(MoneySchema)
    vehicle_Ext = fields.Nested(VehicleOutSchema)
    cover_Ext = fields.Nested(TypeKeyOutSchema)
    job = fields.Nested(ReferenceOutSchema)


class PageQueryInSchema(Schema):
    pageSize = fields.Integer(load_default=25, validate=validate.Range(min=1, max=100))
    pageOffset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**31 - 1))
    includeTotal = fields.Boolean(load_default=False)


class TokenInSchema(Schema):
    grant_type = fields.String(
        metadata=doc("Le type d'autorisation : client_credentials", "client_credentials")
        | {"enum": ["client_credentials"]}
    )
    client_id = fields.String(
        metadata=doc("L'identifiant du client (ou en HTTP Basic)", "pvo2", maxLength=200)
    )
    client_secret = fields.String(
        metadata=doc("Le secret du client (ou en HTTP Basic)", "pvo2-secret", maxLength=200)
    )
    scope = fields.String(
        metadata=doc(
            "Les portées voulues, séparées par des espaces ; par défaut toutes celles du client",
            "pc.account pc.job pc.policy",
            maxLength=200,
        )
    )


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
