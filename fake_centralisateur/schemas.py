"""The declaration form: its fields, labels, choices and French messages, in one table.

The HTML page, the JSON API and the tests all read this module, so the form a dealer sees and
the API an integrator calls cannot drift apart. Labels and asterisks are the tutorial's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar

from marshmallow import (
    RAISE,
    ValidationError,
    fields,
    post_load,
    pre_load,
    validates_schema,
)
from marshmallow.validate import Regexp

from sandbox import formats
from sandbox.clock import today
from sandbox.french import parse_amount, parse_date
from sandbox.validation import EARLIEST_DATE, LATEST_DATE, FrenchSchema, is_plausible_date

MAX_TEXT = 100
# Icare's own limits on what the form hands it (`vehicle.make`, `vehicle.model`): checked here
# first, so that the refusal names the form's field.
MAX_MARQUE = 50
MAX_MODELE = 80

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
    # The tutorial stars the FOCUS consents, yet both its screenshots submit none checked (the
    # missing-fields banner does not list them): starred, but an empty answer is accepted.
    enforced: bool = True
    max_length: int = MAX_TEXT
    example: str = ""  # for free text; other kinds take theirs from their format

    @property
    def must_be_filled(self) -> bool:
        return self.required and self.enforced

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
# The three labels of the tutorial's title "Spoticar / DS Certified / Alfa Romeo Certified";
# DS Certified and Alfa Romeo Certified have one level each, named as the label (assumption).
GARANTIES = _options(
    "SPOTICAR ESSENTIAL",
    "SPOTICAR ADVANCED",
    "SPOTICAR PREMIUM",
    "DS CERTIFIED",
    "ALFA ROMEO CERTIFIED",
)
SPOTICAR = "SPOTICAR"


def programme(garantie: str) -> str:
    """The label a warranty level belongs to, as the documents' titles name it: "SPOTICAR",
    "DS CERTIFIED" or "ALFA ROMEO CERTIFIED"."""
    return SPOTICAR if garantie.startswith(SPOTICAR) else garantie


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
    FormField("vendeur", "Vendeur véhicule d'occasion", True, example="SP0000123103833712"),
    FormField("origine_vente", "Origine de la vente", True, CHOICE, ORIGINES),
    FormField("reprise_vo", "Reprise VO sur VO", kind=CHECKBOX),
    FormField(
        "consentement",
        "Consentement du client (FOCUS)",
        True,
        CHOICES,
        CONSENTEMENTS,
        enforced=False,
    ),
)
CLIENT_COLUMN = (
    FormField("civilite", "Civilité", True, CHOICE, CIVILITES),
    FormField("nom", "Nom", True, example="Dupond"),
    FormField("prenom", "Prenom", True, example="Jean"),
    FormField("email", "Email", check="is_email"),
    FormField("tel_fixe", "Tel. Fixe", check="is_phone"),
    FormField("tel_mobile", "Tel. Mobile", check="is_phone"),
    FormField("adresse", "Adresse", True, example="12 rue Spoticar"),
    FormField("complement_adresse", "Complément adresse 1", example="Bâtiment B"),
    FormField("code_postal", "Code Postal", True, check="is_postal_code"),
    FormField("ville", "Ville", True, example="PARIS"),
    FormField("nom_naissance", "Nom de Naissance", example="Martin"),
    FormField("pays_residence", "Pays de résidence", True, default="France"),
    FormField("date_naissance", "Date de Naissance", True, DATE),
    FormField("nationalite", "Nationalité", True, default="France"),
    FormField("lieu_naissance", "Lieu de Naissance", True, example="Tours"),
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
        FormField("marque", "Marque", True, max_length=MAX_MARQUE, example="PEUGEOT"),
        FormField("modele", "Modèle véhicule", True, max_length=MAX_MODELE, example="208"),
        FormField("version", "Version", True, example="1.2 PURETECH 100 CH S&S ALLURE"),
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
    "is_postal_code": "Le champ {label} doit être un code postal français : 5 chiffres, de "
    "01000 à 95999, 971xx à 976xx ou 98xxx (ex. 75010)",
    "is_phone": "Le champ {label} doit être un numéro français : 0 suivi de 9 chiffres, le "
    "premier de 1 à 9 (ex. 06 12 34 56 78), ou +33 suivi de ces 9 chiffres",
    "is_email": "Le champ {label} doit être une adresse email valide (ex. nom@exemple.fr)",
}
KIND_MESSAGES = {
    DATE: "Le champ {label} doit être une date au format JJ/MM/AAAA",
    # JJ/MM/AAAA already, but no such day (31/02/2024): the message must not ask for the format.
    "calendar": "Le champ {label} n'est pas une date du calendrier",
    INTEGER: "Le champ {label} doit être un nombre entier positif",
    AMOUNT: "Le champ {label} doit être un montant en euros (ex. 15 000,00)",
    CHOICE: "Le champ {label} doit être l'une des valeurs proposées",
    CHOICES: "Le champ {label} doit être l'une des valeurs proposées",
    CHECKBOX: "Le champ {label} doit être coché ou non",
}
TOO_LONG = "Le champ {label} ne doit pas dépasser {max_length} caractères"
NOT_TEXT = "Le champ {label} doit être un texte"
DATE_OUT_OF_RANGE = (
    f"Le champ {{label}} doit être une date entre le {EARLIEST_DATE:%d/%m/%Y} "
    f"et le {LATEST_DATE:%d/%m/%Y}"
)
CONTROL_CHARACTERS = "Le champ {label} contient des caractères non autorisés"
END_BEFORE_START = "La date de fin de garantie doit être postérieure à la date de début de garantie"
FIRST_REGISTRATION_FUTURE = "La date de première immatriculation ne peut pas être dans le futur"
DELIVERY_BEFORE_REGISTRATION = (
    "La date de livraison ne peut pas précéder la date de première immatriculation"
)
BIRTH_NOT_PAST = "La date de naissance doit être dans le passé"
UNKNOWN_FIELD = "Ce champ n'existe pas dans le formulaire de déclaration"


_DATE_SHAPE = re.compile(r"[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Whole numbers as the form takes them: ASCII digits only (int() would also read Arabic-Indic
# digits), at most 9 digits. Amounts: `sandbox.french.parse_amount`.
_INTEGER = re.compile(r"[0-9]{1,9}")
# A JSON number is taken as the text it would be typed as, if it is one a person could type.
_LARGEST_NUMBER = 10**15


def _without_spaces(value: str) -> str:
    return value.replace("\u202f", "").replace("\xa0", "").replace(" ", "")


def parse_integer(value: str) -> int:
    """A positive whole number, spaces between thousands allowed (120 000)."""
    cleaned = _without_spaces(value)
    if not _INTEGER.fullmatch(cleaned):
        raise ValueError(value)
    return int(cleaned)


def number_text(value: Any) -> str | None:
    """A JSON number as the text a person would have typed; None for NaN, Infinity, booleans
    and numbers no form field could hold."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return None
    try:
        finite = abs(value) < _LARGEST_NUMBER
    except (ArithmeticError, ValueError):  # NaN, and sNaN that refuses any comparison
        return None
    return str(value) if finite else None


class FormValue(fields.Field):
    """A form field typed by its FormField: parses the French formats, says what is wrong."""

    def __init__(self, spec: FormField, **kwargs: Any) -> None:
        super().__init__(
            required=spec.must_be_filled,
            error_messages={"required": spec.required_message},
            **kwargs,
        )
        self.spec = spec

    def _fail(self, template: str) -> ValidationError:
        spec = self.spec
        return ValidationError(
            template.format(label=spec.message_label, max_length=spec.max_length)
        )

    def openapi_properties(self) -> dict[str, Any]:
        """What OpenAPI says of this field (`sandbox.openapi` reads it)."""
        return openapi_properties(self.spec)

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
        return self._parse_text(self._text(value, spec.max_length, TOO_LONG))

    def _text(self, value: Any, max_length: int, too_long: str) -> str:
        """The value as text: a string, or a number a person could have typed."""
        text = value if isinstance(value, str) else number_text(value)
        if text is None:
            raise self._fail(KIND_MESSAGES.get(self.spec.kind, NOT_TEXT))
        if formats.has_control_characters(text):
            raise self._fail(CONTROL_CHARACTERS)
        if len(text) > max_length:
            raise self._fail(too_long)
        return text

    def _parse_number_or_date(self, text: str) -> Any:
        """Dates, whole numbers and amounts parsed; other kinds are returned as they are."""
        parse = {DATE: parse_date, INTEGER: parse_integer, AMOUNT: parse_amount}.get(self.spec.kind)
        if parse is None:
            return text
        try:
            parsed = parse(text)
        except ValueError as error:
            calendar = self.spec.kind == DATE and _DATE_SHAPE.fullmatch(text.strip())
            raise self._fail(KIND_MESSAGES["calendar" if calendar else self.spec.kind]) from error
        if self.spec.kind == DATE and not is_plausible_date(parsed):
            raise self._fail(DATE_OUT_OF_RANGE)
        return parsed

    def _parse_text(self, text: str) -> Any:
        spec = self.spec
        if spec.kind in (DATE, INTEGER, AMOUNT):
            return self._parse_number_or_date(text)
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


class BlanksAreMissing(FrenchSchema):
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

    error_messages: ClassVar[dict[str, str]] = {  # type: ignore[misc]
        **FrenchSchema.error_messages,
        "unknown": UNKNOWN_FIELD,
    }

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
            elif spec.kind == CHOICES:
                data.setdefault(spec.name, [])
        return data


DeclarationFormInSchema = _DeclarationRules.from_dict(
    {spec.name: FormValue(spec) for spec in FORM_FIELDS}, name="DeclarationFormInSchema"
)
# Schemas hold no request state: one instance serves every request (building one copies
# its 31 fields, which costs more than the validation itself).
_DECLARATION = DeclarationFormInSchema()


MAX_DRAFT_TEXT = 1000
DRAFT_TOO_LONG = f"Le champ {{label}} ne doit pas dépasser {MAX_DRAFT_TEXT} caractères"

# How each kind of input is written, for the OpenAPI document: pattern, longest text, example,
# and the words that describe it.
_SPACE = "[ \u00a0\u202f]?"
KIND_FORMATS: dict[str, tuple[str, int, str, str]] = {
    DATE: (
        "^(?:[0-9]{2}/[0-9]{2}/[0-9]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2})$",
        10,
        "30/11/2025",
        f"date JJ/MM/AAAA (ou AAAA-MM-JJ), entre le {EARLIEST_DATE:%d/%m/%Y} et le "
        f"{LATEST_DATE:%d/%m/%Y}",
    ),
    INTEGER: (
        f"^[0-9](?:{_SPACE}[0-9]){{0,8}}$",
        17,
        "12000",
        "nombre entier positif, 9 chiffres au plus, une espace permise entre les chiffres "
        "(120 000)",
    ),
    AMOUNT: (
        f"^[0-9](?:{_SPACE}[0-9]){{0,6}}(?:[.,][0-9]{{1,2}})?(?: ?€)?$",
        18,
        "15 000,00",
        "montant en euros, au plus 9 999 999,99 : 15 000,00, 15000.00 ou 15 000,00 €",
    ),
}
CHECK_EXAMPLES = {
    "is_plate": "AB-123-CD",
    "is_vin": "VR3UPHNKSNT000001",
    "is_postal_code": "75010",
    "is_phone": "06 07 08 09 10",
    "is_email": "jean.dupond@exemple.fr",
}


def openapi_properties(spec: FormField) -> dict[str, Any]:
    """A form field in OpenAPI, from its FormField: type, pattern or enum, longest text,
    example and a French description saying its format and whether "Déclarer et Garantir"
    requires it (also `x-obligatoire`)."""
    needed = "obligatoire" if spec.must_be_filled else "facultatif"
    keys = [key for key, _ in spec.choices]
    if spec.kind == CHECKBOX:
        prop: dict[str, Any] = {"type": "boolean", "example": False}
        words = "case à cocher (true ou false)"
    elif spec.kind == CHOICES:
        items = {"type": "string", "enum": keys, "maxLength": max(map(len, keys))}
        prop = {"type": "array", "items": items, "example": keys[:1]}
        words = "cases cochées : " + ", ".join(keys)
    elif spec.kind == CHOICE:
        prop = {"type": "string", "enum": keys, "maxLength": max(map(len, keys))}
        prop["example"] = spec.default or keys[0]
        words = "une des valeurs : " + ", ".join(keys)
    elif spec.kind in KIND_FORMATS:
        pattern, longest, example, words = KIND_FORMATS[spec.kind]
        prop = {"type": "string", "pattern": pattern, "maxLength": longest, "example": example}
    elif spec.check:
        prop = {"type": "string", "maxLength": spec.max_length}
        if spec.check in formats.PATTERNS:
            prop["pattern"] = formats.PATTERNS[spec.check]
        else:
            prop.update(format="email", pattern=formats.NO_CONTROL_CHARACTERS)
        prop["example"] = CHECK_EXAMPLES[spec.check]
        words = FORMAT_MESSAGES[spec.check].format(label=spec.message_label)
        words = f"{words[0].lower()}{words[1:]}"
    else:
        prop = {"type": "string", "maxLength": spec.max_length}
        prop.update(pattern=formats.NO_CONTROL_CHARACTERS, example=spec.example or spec.default)
        words = f"texte de {spec.max_length} caractères au plus"
    description = f"{spec.label} : {words}. {needed.capitalize()} pour « Déclarer et Garantir »."
    return {**prop, "description": description, "x-obligatoire": spec.must_be_filled}


class DraftValue(FormValue):
    """A pre-filled value, kept as typed: "Déclarer et Garantir" checks it, and the dealer
    corrects it on the form. What no form could hold is refused at once, with the field's
    message: an object, NaN, a number of 50 digits, a date out of range, a control character."""

    def __init__(self, spec: FormField) -> None:
        fields.Field.__init__(self, allow_none=True)
        self.spec = spec

    def openapi_properties(self) -> dict[str, Any]:
        return {**openapi_properties(self.spec), "nullable": True}

    def _deserialize(
        self, value: Any, attr: str | None, data: Mapping[str, Any] | None, **kwargs: Any
    ) -> Any:
        spec = self.spec
        if spec.kind == CHECKBOX and isinstance(value, bool):
            return value
        if spec.kind == CHOICES and isinstance(value, list):
            if not all(isinstance(v, str) and len(v) <= MAX_TEXT for v in value):
                raise self._fail(KIND_MESSAGES[CHOICES])
            return value
        text = self._text(value, MAX_DRAFT_TEXT, DRAFT_TOO_LONG)
        if text.strip():
            self._parse_number_or_date(text.strip())
        return text


class _DraftRules(FrenchSchema):
    """What PVO² may pre-fill: any subset of the form, as typed; checked only on submission."""

    class Meta:
        unknown = RAISE

    # Said in the OpenAPI document (`sandbox.openapi` reads it).
    openapi_extra: ClassVar[dict[str, Any]] = {
        "description": "Les valeurs du formulaire de déclaration (page 2), par nom de champ. Un "
        "brouillon en garde n'importe quel sous-ensemble, tel que saisi (texte de "
        f"{MAX_DRAFT_TEXT} caractères au plus ; dates, nombres et montants doivent déjà se "
        'lire) : null ou "" efface une valeur. « Déclarer et Garantir » (`POST '
        "…/submit`, `?submit=true`) exige alors les champs de `x-obligatoires-pour-declarer` "
        "et les formats de chaque propriété ; sinon 422 `FORM_INVALID` et ses `field_errors`. "
        "Les formats sont ceux du formulaire, en français (JJ/MM/AAAA, 15 000,00) ; une "
        "réponse rend les valeurs d'une déclaration enregistrée nettoyées (voir "
        "`DeclarationOut.fields`).",
        "x-obligatoires-pour-declarer": [f.name for f in FORM_FIELDS if f.must_be_filled],
    }

    error_messages = _DeclarationRules.error_messages


DraftFieldsInSchema = _DraftRules.from_dict(
    {spec.name: DraftValue(spec) for spec in FORM_FIELDS}, name="DraftFieldsInSchema"
)


# What the answers say of the form's values (`DeclarationOut.fields`), for the OpenAPI document.
ANSWERED_FIELDS: dict[str, Any] = {
    "description": "Les valeurs du formulaire, par nom de champ (voir `DraftFieldsIn`). Pour un "
    "brouillon, telles que saisies. Pour une déclaration enregistrée, nettoyées : dates ISO "
    '8601 (AAAA-MM-JJ), montants en texte décimal à point et deux décimales ("16400.00"), '
    "nombres entiers en nombres JSON, immatriculation normalisée (AB-123-CD), VIN en "
    "majuscules, cases en booléens.",
    "example": {"immatriculation": "AB-123-CD", "date_livraison": "2025-11-30", "km_vente": 12000},
}
CONTRACT_DOCS: dict[str, dict[str, Any]] = {
    "number": {
        "description": "Le numéro du contrat Icare ; null tant qu'il est en attente",
        "example": "IC2026-0000001",
        "maxLength": 40,
    },
    "status": {
        "description": "créé, ou en attente quand Icare n'a pas répondu (relancez par "
        "`POST …/contract`)",
        "enum": ["créé", "en attente"],
        "example": "créé",
    },
    "myicare_url": {
        "description": "La page du contrat sur MyIcare",
        "format": "uri",
        "maxLength": 2000,
        "example": "http://127.0.0.1:8002/contrats/IC2026-0000001",
    },
    "message": {
        "type": "string",
        "nullable": True,
        "description": "Ce que le vendeur lit tant que le contrat est en attente",
        "maxLength": 1000,
        "example": "Icare n'a pas répondu : votre déclaration est bien enregistrée, mais le "
        "contrat est en attente. Relancez la création du contrat dans quelques instants.",
    },
}
DOCUMENT_LINKS: dict[str, Any] = {
    "type": "object",
    "nullable": True,
    "description": "Le relevé et le certificat d'une déclaration enregistrée, en page et en "
    "PDF ; null pour un brouillon.",
    "properties": {
        name: {
            "type": "string",
            "format": "uri",
            "maxLength": 2000,
            "description": f"Le {word}{' en PDF' if name.endswith('_pdf') else ''}",
            "example": f"http://127.0.0.1:8001/declarations/Xk3f2a9Q/{name.replace('_', '.')}",
        }
        for name, word in (
            ("releve", "relevé"),
            ("releve_pdf", "relevé"),
            ("certificat", "certificat"),
            ("certificat_pdf", "certificat"),
        )
    },
}


class WholeObject(fields.Nested):
    """The answered object itself, dumped by another schema (the contract's columns of a
    declaration); null while `when` says it has none."""

    def __init__(self, nested: Any, when: Any, **kwargs: Any) -> None:
        super().__init__(nested, allow_none=True, **kwargs)
        self.when = when

    def get_value(self, obj: Any, attr: str, accessor: Any = None, default: Any = None) -> Any:
        return obj if self.when(obj) else None


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
            result.extend(FieldError(name, name, t) for t in texts)
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
ICARE_ID_NOT_YOURS = (
    "L'identifiant Icare « {icare_id} » n'est pas celui de votre point de vente : renseignez "
    "l'identifiant qu'Icare vous a attribué"
)
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

    icare_id = _identifier(
        "identifiant Icare",
        ICARE_ID_REQUIRED,
        required=True,
        metadata={
            "description": "L'identifiant Icare du point de vente (garantie Spoticar, NPO)",
            "example": "IC-953617",
            "maxLength": 20,
        },
    )
    autogarantie = fields.Boolean(
        load_default=False,
        metadata={
            "description": "Le point de vente déclare aussi en autogarantie",
            "example": False,
        },
    )
    cirano = fields.Boolean(
        load_default=False,
        metadata={"description": "Le point de vente déclare aussi chez Cirano", "example": False},
    )
    cirano_id = _identifier(
        "identifiant Cirano",
        CIRANO_ID_REQUIRED,
        allow_none=True,
        metadata={
            "description": "L'identifiant Cirano, obligatoire quand `cirano` est vrai",
            "example": "CI-0042",
            "maxLength": 20,
        },
    )

    @validates_schema(skip_on_field_errors=False)
    def cirano_needs_its_identifier(self, data: Mapping[str, Any], **kwargs: Any) -> None:
        if data.get("cirano") and not data.get("cirano_id"):
            raise ValidationError(CIRANO_ID_REQUIRED, field_name="cirano_id")
