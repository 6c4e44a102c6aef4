"""marshmallow in French: the Centralisateur and Icare show their messages to a car dealer, so the
library's English defaults ("Not a valid string.", "Unknown field.") never reach an answer.

`FrenchSchema` is the base of their schemas: when a field is bound, every message that is still
marshmallow's English default is replaced by its French equivalent; a message a schema chose
(the form's own wording) is kept. Validators take their French message where they are built.

`flatten_messages` gives marshmallow's nested messages as one flat list, the shape every fake and
the BDC file report problems in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, ClassVar

from marshmallow import Schema, fields

# marshmallow's default messages (by their English text) and what a French reader is told.
FRENCH_DEFAULTS = {
    "Missing data for required field.": "Ce champ est obligatoire.",
    "Field may not be null.": "Ce champ ne peut pas être vide.",
    "Invalid value.": "Valeur invalide.",
    "Invalid type.": "Type de valeur invalide.",
    "Invalid input type.": "Un objet JSON est attendu.",
    "Not a valid string.": "Une chaîne de caractères est attendue.",
    "Not a valid utf-8 string.": "Une chaîne de caractères UTF-8 est attendue.",
    "Not a valid number.": "Un nombre est attendu.",
    "Not a valid integer.": "Un nombre entier est attendu.",
    "Number too large.": "Ce nombre est trop grand.",
    "Special numeric values (nan or infinity) are not permitted.": (
        "Les valeurs NaN et Infinity ne sont pas acceptées : un nombre est attendu."
    ),
    "Not a valid boolean.": "Une valeur booléenne (true ou false) est attendue.",
    "Not a valid date.": "Une date au format AAAA-MM-JJ est attendue.",
    "Not a valid datetime.": "Une date et heure au format ISO 8601 est attendue.",
    "Not a valid list.": "Une liste est attendue.",
    "Not a valid tuple.": "Une liste est attendue.",
    "Not a valid mapping type.": "Un objet JSON est attendu.",
    "Not a valid URL.": "Une adresse web (URL) est attendue.",
    "Not a valid email address.": "Adresse email invalide.",
}
UNKNOWN_FIELD = "Ce champ n'est pas attendu."
ONE_OF = "Une des valeurs suivantes est attendue : {choices}."
AT_LEAST = "Un nombre supérieur ou égal à {min} est attendu."
BETWEEN = "Un nombre entre {min} et {max} est attendu."


def frenchify(field: fields.Field) -> None:
    """Replace the field's English default messages, and those of the fields it contains."""
    field.error_messages = {
        key: FRENCH_DEFAULTS.get(text, text) if isinstance(text, str) else text
        for key, text in field.error_messages.items()
    }
    for inner in (
        getattr(field, "inner", None),
        getattr(field, "key_field", None),
        getattr(field, "value_field", None),
        *getattr(field, "tuple_fields", ()),
    ):
        if isinstance(inner, fields.Field):
            frenchify(inner)


class FrenchSchema(Schema):
    """A schema whose every message is French (see the module docstring)."""

    error_messages: ClassVar[dict[str, str]] = {  # type: ignore[misc]
        "unknown": UNKNOWN_FIELD,
        "type": FRENCH_DEFAULTS["Invalid input type."],
    }

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        frenchify(field_obj)


# Dates a form or an API accepts: anything outside is a typing mistake (year 1, year 9999), and
# dates computed from it (an end of warranty) must stay within what `date` can hold.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2099, 12, 31)


def is_plausible_date(value: date) -> bool:
    return EARLIEST_DATE <= value <= LATEST_DATE


def flatten_messages(messages: Any, path: str = "") -> list[tuple[str, str]]:
    """`{"vehicule": {"vin": ["…"]}}` -> `[("vehicule.vin", "…")]`.

    List items are written `[i]` (`offre.produits_additionnels[0].prix_ttc`) and a schema-level
    message (`_schema`) belongs to the object that holds it.
    """
    if isinstance(messages, Mapping):
        result: list[tuple[str, str]] = []
        for key, value in messages.items():
            if isinstance(key, int):
                child = f"{path}[{key}]"
            elif key == "_schema":
                child = path
            else:
                child = f"{path}.{key}" if path else str(key)
            result.extend(flatten_messages(value, child))
        return result
    if isinstance(messages, list | tuple):
        return [pair for item in messages for pair in flatten_messages(item, path)]
    return [(path, str(messages))]


def doc(description: str, example: Any, **more: Any) -> dict[str, Any]:
    """A field's words in an OpenAPI document (its metadata): French, with an example."""
    return {"description": description, "example": example, **more}
