"""What Icare accepts and answers, with French messages and the labels MyIcare shows.

Input and output are separate schemas; unknown fields are refused (422), never dropped.
`ContractContentSchema` is everything a declaration sends except its reference: its canonical
dump is what a retry is compared with, so "the same content" does not depend on key order or
on `12000` vs `"12000"`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from sandbox import coverage, formats
from sandbox.validation import EARLIEST_DATE, LATEST_DATE, FrenchSchema, is_plausible_date

MESSAGES = {
    "required": "Ce champ est obligatoire.",
    "null": "Ce champ ne peut pas être vide.",
    "type": "Un objet JSON est attendu.",
    "string": "Une chaîne de caractères est attendue.",
    "integer": "Un nombre entier est attendu.",
    "date": "Une date au format AAAA-MM-JJ est attendue.",
    "date_range": (
        f"Une date entre le {EARLIEST_DATE:%d/%m/%Y} et le {LATEST_DATE:%d/%m/%Y} est attendue."
    ),
    "email": "Adresse email invalide.",
    "vin": "Le VIN doit compter 17 caractères, lettres I, O et Q exclues.",
    "plate": "Immatriculation invalide : format AA-123-AA (SIV) ou 123 ABC 75 (FNI) attendu.",
    "postal_code": "Code postal invalide : 01000 à 95999, 971xx à 976xx ou 98xxx attendu.",
    "length": "Entre {min} et {max} caractères sont attendus.",
    "positive": "Un nombre positif ou nul est attendu.",
    "duration": "Une durée entre 1 et 120 mois est attendue.",
}
_BASE = {"required": MESSAGES["required"], "null": MESSAGES["null"]}
IN_FORCE = "EN_VIGUEUR"
# A contract's status in the API, derived from its period and the dealer's clock
# (`sandbox.coverage`); IN_FORCE is also the stored state of a contract not cancelled.
STATUSES = {
    coverage.UPCOMING: "A_VENIR",
    coverage.IN_FORCE: IN_FORCE,
    coverage.EXPIRED: "EXPIRE",
}


def label(text: str, **metadata: Any) -> dict[str, Any]:
    """Field metadata: the French label MyIcare shows, also the description in OpenAPI."""
    return {"label": text, "description": text, **metadata}


def check(predicate: Callable[[str], bool], message: str) -> Callable[[str], None]:
    """A validator from one of `sandbox.formats`' predicates and a message of MESSAGES."""

    def validator(value: str) -> None:
        if not predicate(value):
            raise ValidationError(MESSAGES[message])

    return validator


class Text(fields.String):
    """A trimmed string of 1 to `max_length` characters; blank means null where null is allowed."""

    default_error_messages = {**_BASE, "invalid": MESSAGES["string"]}  # noqa: RUF012

    def __init__(self, *args: Any, max_length: int = 100, **kwargs: Any) -> None:
        validators = [validate.Length(1, max_length, error=MESSAGES["length"])]
        validators += list(kwargs.pop("validate", []))
        super().__init__(*args, validate=validators, **kwargs)

    def deserialize(self, value: Any, *args: Any, **kwargs: Any) -> Any:
        if self.allow_none and isinstance(value, str) and not value.strip():
            value = None
        return super().deserialize(value, *args, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip()


class Integer(fields.Integer):
    """A whole number; as text, in ASCII digits only (int() would also read "١٢٣")."""

    default_error_messages = {**_BASE, "invalid": MESSAGES["integer"]}  # noqa: RUF012

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and not value.isascii():
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class Day(fields.Date):
    """A date between 1900 and 2099: year 9999 would make the end of a warranty unrepresentable."""

    default_error_messages = {  # noqa: RUF012
        **_BASE,
        "invalid": MESSAGES["date"],
        "range": MESSAGES["date_range"],
    }

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        day = super()._deserialize(value, attr, data, **kwargs)
        if not is_plausible_date(day):
            raise self.make_error("range")
        return day


class Nested(fields.Nested):
    default_error_messages = {**_BASE, "type": MESSAGES["type"]}  # noqa: RUF012


def optional_text(max_length: int = 100, **kwargs: Any) -> Text:
    return Text(max_length=max_length, load_default=None, allow_none=True, **kwargs)


class StrictSchema(FrenchSchema):
    """Unknown fields are refused, with a French message."""

    class Meta:
        unknown = RAISE


class ContactSchema(StrictSchema):
    """Address, phone and email: the same for the selling dealer and the holder."""

    address = Text(required=True, metadata=label("Adresse", example="12 rue Spoticar"))
    address_complement = optional_text(metadata=label("Complément d'adresse", example="Bâtiment B"))
    postal_code = Text(
        required=True,
        validate=[check(formats.is_postal_code, "postal_code")],
        metadata=label("Code postal", example="75010", pattern=formats.PATTERNS["is_postal_code"]),
    )
    city = Text(required=True, metadata=label("Ville", example="PARIS"))
    # Free text: dealers' numbers come as "+33 (0)1 41 79 31 50" as well as "01 41 79 31 50".
    phone = optional_text(30, metadata=label("Téléphone", example="01 41 79 31 50"))
    email = optional_text(
        validate=[check(formats.is_email, "email")],
        metadata=label("Email", example="contact@exemple.fr", format="email"),
    )


class SellingDealerSchema(ContactSchema):
    name = Text(required=True, metadata=label("Raison sociale", example="AXILOG AUTOMOBILES"))
    code_rrdi = Text(required=True, max_length=16, metadata=label("Code RRDI", example="0000123"))


class WarrantySchema(StrictSchema):
    # The level is checked against the eligibility table, which the configuration can change.
    level = Text(
        required=True,
        max_length=40,
        metadata=label("Niveau de garantie", example="SPOTICAR PREMIUM"),
    )
    duration_months = Integer(
        required=True,
        validate=validate.Range(1, 120, error=MESSAGES["duration"]),
        metadata=label("Durée (mois)", example=12),
    )
    start_date = Day(required=True, metadata=label("Date de début", example="2025-11-30"))
    end_date = Day(required=True, metadata=label("Date de fin", example="2026-11-30"))
    loyalty_product = optional_text(metadata=label("Produit de fidélisation", example="Aucun"))


class VehicleSchema(StrictSchema):
    vin = Text(
        required=True,
        max_length=17,
        validate=[check(formats.is_vin, "vin")],
        metadata=label("VIN", example="VR3UPHNKSNT000001", pattern=formats.PATTERNS["is_vin"]),
    )
    registration = Text(
        required=True,
        max_length=20,
        validate=[check(formats.is_plate, "plate")],
        metadata=label(
            "Immatriculation", example="AB-123-CD", pattern=formats.PATTERNS["is_plate"]
        ),
    )
    make = Text(required=True, max_length=50, metadata=label("Marque", example="PEUGEOT"))
    model = Text(required=True, max_length=80, metadata=label("Modèle", example="208"))
    version = optional_text(metadata=label("Version", example="1.2 PURETECH 100 CH S&S ALLURE"))
    vehicle_type = Text(required=True, max_length=10, metadata=label("Type véhicule", example="VP"))
    energy = Text(required=True, max_length=30, metadata=label("Energie", example="ELECTRIQUE"))
    first_registration_date = Day(
        required=True, metadata=label("Date de première immatriculation", example="2023-05-11")
    )
    mileage = Integer(
        required=True,
        validate=validate.Range(0, error=MESSAGES["positive"]),
        metadata=label("Kilométrage au jour de la vente", example=12000),
    )
    din_power = Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(0, error=MESSAGES["positive"]),
        metadata=label("Puissance DIN", example=100),
    )
    displacement = Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(0, error=MESSAGES["positive"]),
        metadata=label("Cylindrée", example=1199),
    )


class HolderSchema(ContactSchema):
    civility = Text(required=True, max_length=20, metadata=label("Civilité", example="Monsieur"))
    last_name = Text(required=True, metadata=label("Nom", example="Dupond"))
    first_name = Text(required=True, metadata=label("Prénom", example="Jean"))
    birth_date = Day(required=True, metadata=label("Date de naissance", example="1960-05-17"))
    birth_place = optional_text(metadata=label("Lieu de naissance", example="Tours"))
    nationality = optional_text(metadata=label("Nationalité", example="France"))


class ContractContentSchema(StrictSchema):
    """A contract's content: what must be identical for a retry of the same declaration."""

    dealer_icare_id = Text(
        required=True,
        max_length=20,
        metadata=label("Identifiant Icare du distributeur", example="IC-953617"),
    )
    selling_dealer = Nested(SellingDealerSchema, required=True)
    warranty = Nested(WarrantySchema, required=True)
    vehicle = Nested(VehicleSchema, required=True)
    holder = Nested(HolderSchema, required=True)


# One instance for every request: building a schema and its nested fields costs more than
# loading a contract with it, and a schema keeps no state between loads.
CONTRACT_CONTENT = ContractContentSchema()


class ContractInSchema(ContractContentSchema):
    """`POST /api/v1/contracts`: the declaration's content under its stable reference."""

    declaration_ref = Text(
        required=True,
        max_length=64,
        metadata=label(
            "Référence stable de la déclaration chez le Centralisateur : la renvoyer avec le "
            "même contenu rend le même contrat (clé d'idempotence)",
            example="Xk3f2a9Q",
        ),
    )


class ContractOutSchema(Schema):
    """A contract as Icare answers it."""

    contract_number = fields.String(metadata=label("Numéro de contrat", example="IC2026-0000001"))
    status = fields.String(
        metadata=label(
            "Statut",
            description="Statut : A_VENIR avant la date de début, EN_VIGUEUR de la date de "
            "début à la veille de la date de fin, EXPIRE à partir de la date de fin (au jour "
            "de l'horloge du distributeur)",
            enum=list(STATUSES.values()),
        )
    )
    declaration_ref = fields.String(metadata=label("Référence de la déclaration"))
    dealer_icare_id = fields.String(metadata=label("Identifiant Icare du distributeur"))
    selling_dealer = fields.Nested(SellingDealerSchema)
    warranty = fields.Nested(WarrantySchema)
    vehicle = fields.Nested(VehicleSchema)
    holder = fields.Nested(HolderSchema)
    created_at = fields.DateTime(metadata=label("Créé le"))
    myicare_url = fields.Url(metadata=label("Page du contrat sur MyIcare"))


@cache
def labels(schema: type[Schema]) -> dict[str, str]:
    """Field name -> French label, for the HTML pages (built once: building the schema was a
    quarter of a MyIcare page's CPU)."""
    return {name: field.metadata.get("label", name) for name, field in schema().fields.items()}
