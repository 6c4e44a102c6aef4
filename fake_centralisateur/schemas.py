"""The declaration form: its fields, labels, choices and French messages, in one table.

The HTML page, the JSON API and the tests all read this module, so the form a dealer sees and
the API an integrator calls cannot drift apart. Labels and asterisks are the tutorial's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from marshmallow import (
    RAISE,
    Schema,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validates_schema,
)
from marshmallow.validate import Length, Predicate, Regexp

from sandbox import formats
from sandbox.clock import today
from sandbox.french import parse_amount, parse_date

MAX_TEXT = 100

# The kinds of input the form uses; each maps to a marshmallow field below.
TEXT, DATE, INTEGER, AMOUNT, CHOICE, CHECKBOX, CHOICES = (
    "text",
    "date",
    "integer",
    "amount",
    "choice",
    "checkbox",
    "choices",
)


@dataclass(frozen=True)
class FormField:
    """One input of the form: its name in HTML and JSON, the tutorial's label, its rules."""

    name: str
    label: str
    required: bool = False
    kind: str = TEXT
    choices: tuple[tuple[str, str], ...] = ()
    check: str | None = None  # name of a format check in sandbox.formats
    default: str = ""

    @property
    def message_label(self) -> str:
        """The label as messages quote it: lower case, acronyms kept (VIN, FOCUS)."""
        words = self.label.split(" ")
        return " ".join(
            w if w.strip("()").isupper() and len(w.strip("()")) > 1 else w.lower() for w in words
        )

    @property
    def required_message(self) -> str:
        return f"Le champ {self.message_label} est obligatoire"


def _options(*values: str) -> tuple[tuple[str, str], ...]:
    return tuple((value, value) for value in values)


CIVILITES = _options("Monsieur", "Madame")
ORIGINES = _options("Showroom", "Site internet", "Téléphone", "Salon / événement", "Test")
TYPES_VEHICULE = _options("VP", "VU")
# Genre national (certificate field J.1).
TYPES_CARTE_GRISE = _options("VP", "CTTE", "DERIV-VP", "VASP", "CAM", "MTL", "MTT1", "MTT2")
ENERGIES = _options(
    "ESSENCE", "DIESEL", "ELECTRIQUE", "HYBRIDE", "HYBRIDE RECHARGEABLE", "GPL", "GNV", "HYDROGENE"
)
GARANTIES = _options("SPOTICAR ESSENTIAL", "SPOTICAR ADVANCED", "SPOTICAR PREMIUM", "DS CERTIFIED")
DUREES = (("6", "6 mois"), ("12", "12 mois"), ("24", "24 mois"))
PRODUITS_FIDELISATION = _options("Aucun", "Contrat d'entretien", "Extension de garantie")
CONSENTEMENTS = (
    ("email", "Email"),
    ("telephone", "Téléphone"),
    ("sms", "SMS"),
    ("courrier", "Courrier"),
)

# The form, block by block and column by column, in the order a person reads it; messages are
# listed in this order.
DECLARATION_BLOCK = (
    FormField("vendeur", "Vendeur véhicule d'occasion", True),
    FormField("origine_vente", "Origine de la vente", True, CHOICE, ORIGINES),
    FormField("reprise_vo", "Reprise VO sur VO", kind=CHECKBOX),
    FormField("consentement", "Consentement du client (FOCUS)", True, CHOICES, CONSENTEMENTS),
)
CLIENT_COLUMN = (
    FormField("civilite", "Civilité", True, CHOICE, CIVILITES),
    FormField("nom", "Nom", True),
    FormField("prenom", "Prenom", True),
    FormField("email", "Email", check="is_email"),
    FormField("tel_fixe", "Tel. Fixe", check="is_phone"),
    FormField("tel_mobile", "Tel. Mobile", check="is_phone"),
    FormField("adresse", "Adresse", True),
    FormField("complement_adresse", "Complément adresse 1"),
    FormField("code_postal", "Code Postal", True, check="is_postal_code"),
    FormField("ville", "Ville", True),
    FormField("nom_naissance", "Nom de Naissance"),
    FormField("pays_residence", "Pays de résidence", True, default="France"),
    FormField("date_naissance", "Date de Naissance", True, DATE),
    FormField("nationalite", "Nationalité", True, default="France"),
    FormField("lieu_naissance", "Lieu de Naissance", True),
    FormField("pays_naissance", "Pays de Naissance", True, default="France"),
)
VEHICLE_COLUMNS = (
    (
        FormField("type_vehicule", "Type véhicule", True, CHOICE, TYPES_VEHICULE),
        FormField("type_carte_grise", "Type carte grise", kind=CHOICE, choices=TYPES_CARTE_GRISE),
        FormField("energie", "Energie", True, CHOICE, ENERGIES),
        FormField("puissance_fiscale", "Puissance Fiscale", kind=INTEGER),
        FormField("puissance_kw", "Puissance KW", kind=INTEGER),
        FormField("quatre_quatre", "4x4", kind=CHECKBOX),
    ),
    (
        FormField("immatriculation", "Immatriculation", True, check="is_plate"),
        FormField("date_premiere_immat", "Date première immat.", True, DATE),
        FormField("cylindree", "Cylindrée", kind=INTEGER),
        FormField("puissance_din", "Puissance Din", True, INTEGER),
        FormField("km_vente", "Km jour de la vente", True, INTEGER),
        FormField("date_livraison", "Date de livraison", True, DATE),
        FormField("km_garantie_constructeur", "Km gtie constructeur", True, INTEGER),
    ),
    (
        FormField("marque", "Marque", True),
        FormField("modele", "Modèle véhicule", True),
        FormField("version", "Version", True),
        FormField("vin", "VIN", True, check="is_vin"),
        FormField("prix_vente", "Prix de vente", kind=AMOUNT),
        FormField("valeur_reprise", "Valeur de reprise", kind=AMOUNT),
        FormField("cote_vehicule", "Côte du véhicule", kind=AMOUNT),
    ),
)
GARANTIE_COLUMN = (
    FormField("garantie", "Garantie", True, CHOICE, GARANTIES),
    FormField("duree", "Durée", True, CHOICE, DUREES),
    FormField("date_debut_garantie", "Date début de garantie", True, DATE),
    FormField("date_fin_garantie", "Date fin de garantie", True, DATE),
    FormField(
        "produit_fidelisation",
        "Produit fidélisation",
        True,
        CHOICE,
        PRODUITS_FIDELISATION,
        default="Aucun",
    ),
)
FORM_FIELDS: tuple[FormField, ...] = (
    *DECLARATION_BLOCK,
    *CLIENT_COLUMN,
    *(f for col in VEHICLE_COLUMNS for f in col),
    *GARANTIE_COLUMN,
)
FIELDS_BY_NAME: dict[str, FormField] = {f.name: f for f in FORM_FIELDS}

# Messages for badly formed values, by format check; {label} is the field's message label.
FORMAT_MESSAGES = {
    "is_plate": "L'immatriculation doit être au format AA-123-AA (ou 123 ABC 75 pour une "
    "immatriculation d'avant 2009)",
    "is_vin": "Le VIN doit compter 17 caractères, chiffres et lettres sauf I, O et Q",
    "is_postal_code": "Le champ {label} doit compter 5 chiffres (ex. 75010)",
    "is_phone": "Le champ {label} doit être un numéro à 10 chiffres (ex. 06 12 34 56 78) ou +33",
    "is_email": "Le champ {label} doit être une adresse email valide (ex. nom@exemple.fr)",
}
KIND_MESSAGES = {
    DATE: "Le champ {label} doit être une date au format JJ/MM/AAAA",
    INTEGER: "Le champ {label} doit être un nombre entier positif",
    AMOUNT: "Le champ {label} doit être un montant en euros (ex. 15 000,00)",
    CHOICE: "Le champ {label} doit être l'une des valeurs proposées",
    CHOICES: "Le champ {label} doit être l'une des valeurs proposées",
    CHECKBOX: "Le champ {label} doit être coché ou non",
}
TOO_LONG = f"Le champ {{label}} ne doit pas dépasser {MAX_TEXT} caractères"
CONTROL_CHARACTERS = "Le champ {label} contient des caractères non autorisés"
END_BEFORE_START = "La date de fin de garantie doit être postérieure à la date de début de garantie"
FIRST_REGISTRATION_FUTURE = "La date de première immatriculation ne peut pas être dans le futur"
DELIVERY_BEFORE_REGISTRATION = (
    "La date de livraison ne peut pas précéder la date de première immatriculation"
)
BIRTH_NOT_PAST = "La date de naissance doit être dans le passé"
UNKNOWN_FIELD = "Ce champ n'existe pas dans le formulaire de déclaration"


class FormValue(fields.Field):
    """A form field typed by its FormField: parses the French formats, says what is wrong."""

    def __init__(self, spec: FormField, **kwargs: Any) -> None:
        super().__init__(
            required=spec.required, error_messages={"required": spec.required_message}, **kwargs
        )
        self.spec = spec

    def _fail(self, template: str) -> ValidationError:
        return ValidationError(template.format(label=self.spec.message_label))

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> Any:
        spec = self.spec
        if spec.kind == CHECKBOX:
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("on", "true", "1", "oui"):
                return True
            if str(value).lower() in ("off", "false", "0", "non"):
                return False
            raise self._fail(KIND_MESSAGES[CHECKBOX])
        if spec.kind == CHOICES:
            values = value if isinstance(value, list | tuple) else [value]
            allowed = {key for key, _ in spec.choices}
            if not all(isinstance(v, str) and v in allowed for v in values):
                raise self._fail(KIND_MESSAGES[CHOICES])
            return [key for key, _ in spec.choices if key in values]
        text = str(value) if isinstance(value, int | float | Decimal) else value
        if not isinstance(text, str):
            raise self._fail(KIND_MESSAGES.get(spec.kind, TOO_LONG))
        if formats.has_control_characters(text):
            raise self._fail(CONTROL_CHARACTERS)
        if len(text) > MAX_TEXT:
            raise self._fail(TOO_LONG)
        return self._parse_text(text)

    def _parse_text(self, text: str) -> Any:
        spec = self.spec
        try:
            if spec.kind == DATE:
                return parse_date(text)
            if spec.kind == INTEGER:
                number = int(text.replace(" ", "").replace("\xa0", ""))
                if number < 0:
                    raise ValueError(text)
                return number
            if spec.kind == AMOUNT:
                return parse_amount(text)
        except ValueError as error:
            raise self._fail(KIND_MESSAGES[spec.kind]) from error
        if spec.kind == CHOICE and text not in {key for key, _ in spec.choices}:
            raise self._fail(KIND_MESSAGES[CHOICE])
        if spec.check == "is_plate":
            text = formats.normalize_plate(text)
        elif spec.check == "is_vin":
            text = text.upper()
        if spec.check and not getattr(formats, spec.check)(text):
            raise self._fail(FORMAT_MESSAGES[spec.check])
        return text


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


class BlanksAreMissing(Schema):
    """Empty values count as missing, so an empty input gets the tutorial's "est obligatoire"."""

    class Meta:
        unknown = RAISE

    @pre_load
    def drop_blanks(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        declared = {field.data_key or name for name, field in self.load_fields.items()}
        return {
            k: v.strip() if isinstance(v, str) else v
            for k, v in data.items()
            if not (_blank(v) and k in declared)  # an unknown field stays, to be refused
        }


class _DeclarationRules(BlanksAreMissing):
    """A complete declaration, as "Déclarer et Garantir" accepts it."""

    @validates_schema(skip_on_field_errors=False)
    def check_dates(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        start, end = data.get("date_debut_garantie"), data.get("date_fin_garantie")
        if start and end and end <= start:
            errors["date_fin_garantie"] = [END_BEFORE_START]
        first = data.get("date_premiere_immat")
        delivery = data.get("date_livraison")
        if first and first > today():
            errors["date_premiere_immat"] = [FIRST_REGISTRATION_FUTURE]
        elif first and delivery and delivery < first:
            errors["date_livraison"] = [DELIVERY_BEFORE_REGISTRATION]
        birth = data.get("date_naissance")
        if birth and birth >= today():
            errors["date_naissance"] = [BIRTH_NOT_PAST]
        if errors:
            raise ValidationError(errors)

    @post_load
    def add_unchecked_boxes(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        for spec in FORM_FIELDS:
            if spec.kind == CHECKBOX:
                data.setdefault(spec.name, False)
        return data


DeclarationFormInSchema = _DeclarationRules.from_dict(
    {spec.name: FormValue(spec) for spec in FORM_FIELDS}, name="DeclarationFormInSchema"
)
# Schemas hold no request state: one instance serves every request (building one copies
# its 31 fields, which costs more than the validation itself).
_DECLARATION = DeclarationFormInSchema()


DRAFT_TOO_LONG = "Une valeur pré-remplie ne doit pas dépasser 1000 caractères"
DRAFT_CONTROL_CHARACTERS = "Une valeur pré-remplie contient des caractères non autorisés"


def _draft_text() -> fields.String:
    return fields.String(
        allow_none=True,
        validate=[
            Length(max=1000, error=DRAFT_TOO_LONG),
            Predicate("isprintable", error=DRAFT_CONTROL_CHARACTERS),
        ],
    )


class _DraftRules(Schema):
    """What PVO² may pre-fill: any subset of the form, as typed; checked only on submission."""

    class Meta:
        unknown = RAISE

    @pre_load
    def stringify(self, data: Any, **kwargs: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        return {
            k: str(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
            for k, v in data.items()
        }


DraftFieldsInSchema = _DraftRules.from_dict(
    {
        spec.name: fields.Raw(allow_none=True)
        if spec.kind in (CHECKBOX, CHOICES)
        else _draft_text()
        for spec in FORM_FIELDS
    },
    name="DraftFieldsInSchema",
)


@dataclass(frozen=True)
class FieldError:
    field: str
    label: str
    message: str


def ordered_errors(messages: Mapping[str, Any]) -> list[FieldError]:
    """Marshmallow's error dict as one line per problem, in the order of the form."""
    result: list[FieldError] = []
    for spec in FORM_FIELDS:
        for message in messages.get(spec.name, []):
            result.append(FieldError(spec.name, spec.label, message))
    for name, value in messages.items():
        if name not in FIELDS_BY_NAME:
            texts = value if isinstance(value, list) else [str(value)]
            result.extend(
                FieldError(name, name, UNKNOWN_FIELD if t == "Unknown field." else t) for t in texts
            )
    return result


def validate_declaration(values: Mapping[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """Load a full declaration; returns (clean values, []) or ({}, the errors in form order)."""
    try:
        return _DECLARATION.load(values), []
    except ValidationError as error:
        messages = error.messages if isinstance(error.messages, dict) else {"_": error.messages}
        return {}, ordered_errors(messages)


def defaults() -> dict[str, str]:
    """The values an empty form starts with."""
    return {f.name: f.default for f in FORM_FIELDS if f.default}


GARANTISSEUR_REQUIRED = "Le champ garantie commerciale est obligatoire"
ICARE_ID_REQUIRED = "Le champ identifiant Icare est obligatoire"
CIRANO_ID_REQUIRED = "Le champ identifiant Cirano est obligatoire"
IDENTIFIER_FORMAT = "Le champ {label} ne doit contenir que des lettres, des chiffres et des tirets"
_IDENTIFIER = r"^[A-Za-z0-9-]{1,20}$"


def _identifier(label: str, required_message: str, **kwargs: Any) -> fields.String:
    return fields.String(
        validate=Regexp(_IDENTIFIER, error=IDENTIFIER_FORMAT.format(label=label)),
        error_messages={"required": required_message},
        **kwargs,
    )


class ProfileInSchema(BlanksAreMissing):
    """Profil, "Configuration des garanties commerciales": NPO always, with the Icare identifier."""

    icare_id = _identifier("identifiant Icare", ICARE_ID_REQUIRED, required=True)
    autogarantie = fields.Boolean(load_default=False)
    cirano = fields.Boolean(load_default=False)
    cirano_id = _identifier("identifiant Cirano", CIRANO_ID_REQUIRED, allow_none=True)

    @validates_schema(skip_on_field_errors=False)
    def cirano_needs_its_identifier(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        if data.get("cirano") and not data.get("cirano_id"):
            raise ValidationError(CIRANO_ID_REQUIRED, field_name="cirano_id")
