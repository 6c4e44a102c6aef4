"""The desk's forms: their fields, the tutorial's labels and asterisks, and their messages.

The rules and most messages are `pvo_client`'s (`rules`, `bdc_file`): a refusal of PVO² is a
`PvoError` whose message is shown as is, and the Fiche d'identité is checked by the BDC
format's own `SiteSchema`. What is left here is what only a screen needs: labels, the order of
the fields, and the few messages about the screen itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from marshmallow import EXCLUDE, Schema, fields, validate

from pvo_client.bdc_file import fields as bdc_fields
from pvo_client.bdc_file.fields import FrenchDate, Hour, Text
from pvo_client.bdc_file.messages import FORMAT_MESSAGES, MAX_TEXT
from pvo_client.bdc_file.schema import BdcSchema
from pvo_client.domain import Label, Warranty, WarrantyLevel
from pvo_client.printing import PrintDocument, PrintOptions
from sandbox import formats
from sandbox.openapi import FIELD_PROPERTIES


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    required: bool = False

    @property
    def shown(self) -> str:
        """The label with the tutorial's asterisk: "Libellé *"."""
        return f"{self.label} *" if self.required else self.label


BAD_LOGIN = "Identifiant ou mot de passe incorrect."
GARANTISSEUR_REQUIRED = "Choisissez un garantisseur dans la liste."
DOCUMENT_REQUIRED = "Sélectionnez le document à imprimer."
SITE_SAVED = "La fiche d'identité du site est enregistrée."
SHEET_SAVED = "La fiche du véhicule est enregistrée."
BDC_GENERATED = "Le bon de commande n°{numero} est généré."
MARQUE_ADDED = "La marque {marque} est ajoutée."
IMPORT_REFUSED = "Le fichier BDC est refusé : corrigez les champs signalés."
FOREIGN_CODE_RRDI = (
    "Le code RRDI {code} est celui d'un autre distributeur : ce site ne peut porter que le "
    "sien ({own})."
)

# Paramètres > Fiche d'identité du site, block Identification, in the tutorial's order.
IDENTIFICATION = (
    FormField("code", "Code", True),
    FormField("code_constructeur", "Code constructeur"),
    FormField("libelle", "Libellé", True),
    FormField("raison_sociale", "Raison sociale", True),
    FormField("siret", "SIRET", True),
    FormField("ape", "N° APE", True),
    FormField("capital", "Capital", True),
    FormField("type_societe", "Type société", True),
    FormField("code_rrdi", "Code RRDI"),
)
# Paramètres: the tiles, as the tutorial lays them out; the desk opens "Fiche d'identité du site".
TILES = (
    ("Utilisateurs", None),
    ("Listes déroulantes", None),
    ("Valeur et cote Argus®", None),
    ("Labels", None),
    ("Objectifs reporting", None),
    ("Garanties", None),
    ("Import", None),
    ("Regroupements", None),
    ("Options", None),
    ("Délai moyen de vente", None),
    ("Âge moyen de stock", None),
    ("Prix de revient (fixation du prix)", None),
    ("Fiche d'identité du site", "desk.site_identity"),
    ("Gestion des FRE", None),
    ("Produits additionnels", None),
)
# "Modification de la date de livraison".
LIVRAISON = (
    FormField("date", "Livraison prévue le"),
    FormField("heure", "Heure (facultatif)"),
    FormField("site", "Site"),
)
GARANTISSEUR = FormField("garantisseur", "Garantisseur", True)
NOM_SOCIETE = FormField("nom_societe", "Nom de la société pour l'impression")
# The print dialog lists the documents in this order (the tutorial's).
PRINT_DOCUMENTS = (
    PrintDocument.DS_CERTIFIED,
    PrintDocument.SPOTICAR_CITROEN,
    PrintDocument.SPOTICAR_DS,
    PrintDocument.SPOTICAR_OPEL,
    PrintDocument.SPOTICAR_PEUGEOT,
)


# The vehicle sheet's lists a salesperson may still change once the offer exists.
SHEET_CHOICES = (
    ("label", "Label constructeur :", tuple(label.value for label in Label)),
    (
        "garantie",
        "Garantie *",
        tuple(Warranty(level, m).name for level in WarrantyLevel for m in level.durations),
    ),
)
# Step 2 of the print dialog: Client (Code ESA), Garantie (du, au), Options d'affichage.
PRINT_OPTIONS = (
    ("code_esa", "Code ESA"),
    ("garantie_du", "du"),
    ("garantie_au", "au"),
    ("numero_garantie", "N° garantie"),
    ("usage_prevu", "Usager prévu"),
)


class LivraisonInSchema(Schema):
    """The dialog's values; a missing date is `rules.close_bdc`'s refusal, not a format error."""

    date = FrenchDate(load_default=None, allow_none=True)
    heure = Hour(load_default=None, allow_none=True)
    site = Text(load_default=None, allow_none=True)


class DeclarerInSchema(Schema):
    garantisseur = fields.String(required=True, error_messages={"required": GARANTISSEUR_REQUIRED})


class PrintInSchema(Schema):
    """ "Imprimer des documents": step 1 (company name, one document), step 2 (options)."""

    class Meta:
        unknown = EXCLUDE  # the dialog's own inputs (its step) are not options

    nom_societe = Text(load_default=None, allow_none=True)
    document = fields.String(
        required=True,
        validate=validate.OneOf([d.value for d in PrintDocument], error=DOCUMENT_REQUIRED),
        error_messages={"required": DOCUMENT_REQUIRED},
    )
    code_esa = Text(load_default="", allow_none=True)
    garantie_du = FrenchDate(load_default=None, allow_none=True)
    garantie_au = FrenchDate(load_default=None, allow_none=True)
    numero_garantie = Text(load_default="", allow_none=True)
    usage_prevu = Text(load_default="", allow_none=True)


def load_print(values: dict[str, str]) -> tuple[PrintOptions, PrintDocument]:
    """The dialog's choices as `pvo_client.printing` takes them. Raises ValidationError."""
    data = PrintInSchema().load({k: v for k, v in values.items() if v})
    document = PrintDocument(data.pop("document"))
    return PrintOptions(**data), document


class ImportArgsInSchema(Schema):
    site = fields.String(
        load_default="bureau",
        validate=validate.OneOf(("bureau", "fichier")),
        metadata={
            "description": "bureau: the BDC takes the desk's site (Paramètres); fichier: the "
            "desk's site becomes the file's block `site` (a case replayed as the dealer had it)"
        },
    )
    etape = fields.String(
        load_default="bdc",
        validate=validate.OneOf(("bdc", "offre")),
        metadata={"description": "bdc: a generated BDC; offre: an offer whose BDC is not yet"},
    )


class BdcInSchema(BdcSchema):
    """The import's request body: a whole `pvo2-bdc/1` file (`load_bdc` reads it)."""


class BdcOutSchema(BdcSchema):
    """A dossier as the desk gives it back: a whole `pvo2-bdc/1` file (`dump_bdc` writes it)."""


class ImportedOutSchema(Schema):
    numero = fields.String()
    statut = fields.String()
    url = fields.String(metadata={"description": "the dossier's page on the desk"})


def form_errors(messages: dict[str, Any]) -> dict[str, str]:
    """marshmallow's messages as one French line per field (the first)."""
    return {
        name: (value[0] if isinstance(value, list) else str(value))
        for name, value in messages.items()
    }


# The BDC file's values in the OpenAPI document, from the field classes that read them.
WARRANTIES = tuple(Warranty(level, m).name for level in WarrantyLevel for m in level.durations)


def _text(field: bdc_fields.Text) -> dict[str, Any]:
    check = field.check
    if check == "is_email":
        return {"type": "string", "format": "email", "maxLength": MAX_TEXT}
    pattern = formats.PATTERNS.get(check or "", formats.NO_CONTROL_CHARACTERS)
    words = FORMAT_MESSAGES.get(check or "", f"Texte de {MAX_TEXT} caractères au plus")
    return {"type": "string", "pattern": pattern, "maxLength": MAX_TEXT, "description": words}


def _choice(field: bdc_fields.Choice) -> dict[str, Any]:
    longest = max(map(len, field.choices))
    return {"type": "string", "enum": list(field.choices), "maxLength": longest}


FIELD_PROPERTIES.update(
    {
        bdc_fields.Text: _text,
        bdc_fields.FrenchDate: lambda _: {
            "type": "string",
            "pattern": "^[0-9]{2}/[0-9]{2}/[0-9]{4}$",
            "maxLength": 10,
            "example": "30/11/2025",
            "description": "Date JJ/MM/AAAA",
        },
        bdc_fields.Hour: lambda _: {
            "type": "string",
            "pattern": "^ *[0-9]{1,2}:[0-9]{2} *$",
            "maxLength": 7,
            "example": "14:30",
            "description": "Heure HH:MM",
        },
        bdc_fields.Amount: lambda _: {
            "type": "string",
            "pattern": "^[0-9][0-9  ]{0,12}(?:[.,][0-9]{1,2})?(?: ?€)?$",
            "maxLength": 18,
            "example": "15 000,00",
            "description": "Montant en euros : 15 000,00 ou 15000.00 (ou un nombre JSON)",
        },
        bdc_fields.Count: lambda _: {
            "type": "integer",
            "minimum": 0,
            "example": 12222,
            "description": 'Nombre entier positif (ou un texte : "12 222")',
        },
        bdc_fields.Choice: _choice,
        bdc_fields.WarrantyField: lambda _: {
            "type": "string",
            "enum": list(WARRANTIES),
            "maxLength": max(map(len, WARRANTIES)),
            "example": WARRANTIES[0],
            "description": "La garantie de la fiche véhicule",
        },
    }
)
