"""A bon de commande as a JSON file: what PVO² knows of a BDC, open or closed, in one document.

Fixtures, support cases and the CLI exchange BDCs in this format; loading checks every value
the way the back offices will (plates, VINs, SIRET, postal codes, phones) and names the bad
field in French, so a malformed file is fixed before anything is sent.

Format `pvo2-bdc/1`. Keys are French, as PVO² labels them. Dates are `JJ/MM/AAAA` as PVO²
shows them (ISO `AAAA-MM-JJ` is also read). Amounts are euros TTC as strings, written
`"15 000,00"` (`"15000.00"` or a JSON number also read). Unknown keys are refused. `?` marks an
optional key, which may also be `null`.

    format?         "pvo2-bdc/1"
    numero          BDC number, e.g. "7414134"
    date            day the BDC was generated ("BDC édité le")
    statut?         "En cours", "Clôturé" or "Annulé"; checked against livraison and annule
    annule?         true once "Annuler la commande" was used (false by default)
    date_cloture?   day of "Clôturer" ("BDC clôturé le")
    site            Fiche d'identité du site:
                      code, code_constructeur?, libelle, raison_sociale,
                      siret (14 digits, Luhn), ape ("45.11Z" or "00111"), capital (integer),
                      type_societe, code_rrdi? (code RRDI Spoticar, "953617Z"),
                      marques? (list), adresse, telephone?,
                      garantisseurs? (labels of the Garantisseur list; both plugins if absent),
                      profil? (Centralisateur Profil: icare_id, autogarantie?, cirano?,
                      cirano_id?, code_t?)
    vendeur         nom, email, code (seller number, digits; "SP" + code RRDI + code is the
                    Centralisateur's "Vendeur véhicule d'occasion")
    client          civilite ("Monsieur", "Madame"), nom, prenom, adresse, telephone_fixe?,
                    telephone_mobile?, email?, date_naissance?, lieu_naissance?,
                    nom_naissance?, nationalite?, pays_naissance?, pays_residence? ("France"
                    by default), consentements? (among "email", "telephone", "sms",
                    "courrier"), co_titulaire? (civilite, nom, prenom)
    vehicule        marque, modele, version, immatriculation ("AA-123-AA" or FNI),
                    vin? (17 characters, no I/O/Q), numero_police (N° d'entrée ou de police),
                    genre (J.1 "VP", "CTTE"... or PVO²'s "Voitures"), energie ("Essence",
                    "Diesel", "Electrique"...), boite ("Manuelle", "Automatique", "Robotisée"),
                    date_mec, km, puissance_fiscale, puissance_din, cylindree?,
                    label? ("SPOTICAR", "DS CERTIFIED", "ALFA ROMEO CERTIFIED"), garantie?
                    ("Spoticar-Premium 12 mois", "Spoticar-Essential 6 mois", "DS Certified 24
                    mois", "Alfa Romeo Certified 12 mois"...), date_dernier_ct?,
                    teinte?, provenance?, premiere_main?, quatre_quatre?,
                    km_garantie_constructeur?, cote?
    offre           numero, date_creation (valid 7 days from it), prix_ttc,
                    produits_additionnels? (list of libelle, prix_ttc, fidelisation? =
                    "Contrat d'entretien" or "Extension de garantie"), origine_vente?
                    ("Showroom" by default, "Site internet", "Téléphone",
                    "Salon / événement", "Test"), valeur_reprise?, commentaire?
    livraison?      date (its presence closes the BDC), heure? ("HH:MM"),
                    site? (place; the site's libellé by default)

An `adresse` is `ligne`, `complement`?, `code_postal` (5 digits), `ville`. Phones are French
(`06 12 34 56 78` or `+33`). Errors come as `BdcFileError.errors`, pairs (path, message) where
the path names the field: `vehicule.vin`, `offre.produits_additionnels[0].prix_ttc`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, fields, post_dump, post_load, validates_schema
from marshmallow.validate import Regexp

from pvo_client.domain import (
    CONSENTEMENTS,
    FIDELISATIONS,
    GENRES,
    ORIGINES_VENTE,
    Adresse,
    BdcStatus,
    Boite,
    BonDeCommande,
    CentralisateurProfile,
    Civilite,
    Client,
    CoTitulaire,
    Energie,
    Garantisseur,
    Label,
    Livraison,
    Offer,
    ProduitAdditionnel,
    Site,
    Vehicle,
    Vendeur,
    Warranty,
)
from pvo_client.rules import PvoError
from sandbox import formats
from sandbox.french import format_amount

FORMAT = "pvo2-bdc/1"
MAX_TEXT = 200

REQUIRED = "Ce champ est obligatoire"
NULL = "Ce champ ne peut pas être vide (null)"
UNKNOWN = "Ce champ n'existe pas dans le format BDC"
NOT_AN_OBJECT = "Ce champ doit être un objet JSON ({...})"
NOT_A_LIST = "Ce champ doit être une liste JSON ([...])"
NOT_TEXT = "Ce champ doit être un texte"
TOO_LONG = f"Ce champ ne doit pas dépasser {MAX_TEXT} caractères"
CONTROL = "Ce champ contient des caractères non autorisés"
NOT_A_DATE = "Ce champ doit être une date au format JJ/MM/AAAA (ex. 01/12/2021)"
NOT_AN_HOUR = "Ce champ doit être une heure au format HH:MM (ex. 14:30)"
NOT_AN_AMOUNT = "Ce champ doit être un montant positif en euros (ex. 15 000,00)"
NOT_AN_INTEGER = "Ce champ doit être un nombre entier positif"
NOT_A_BOOLEAN = "Ce champ doit valoir true ou false"
NOT_A_CHOICE = "Ce champ doit valoir l'une de ces valeurs : {choices}"
NOT_A_WARRANTY = (
    "Ce champ doit être une garantie de la fiche véhicule (ex. « Spoticar-Premium 12 mois », "
    "« Spoticar-Essential 6 mois », « DS Certified 24 mois »)"
)
SELLER_CODE = "Le code vendeur ne doit contenir que des chiffres (ex. 103833712)"
BAD_FORMAT = "Le format doit être « " + FORMAT + " »"
BAD_STATUS = "Le statut « {given} » ne correspond pas au bon de commande, qui est « {actual} »"
INVALID_JSON = "Le fichier n'est pas un JSON valide (ligne {line}, colonne {column}) : {reason}"
FORMAT_MESSAGES = {
    "is_plate": "L'immatriculation doit être au format AA-123-AA (ou 123 ABC 75 avant 2009)",
    "is_vin": "Le VIN doit compter 17 caractères, chiffres et lettres sauf I, O et Q",
    "is_siret": "Le SIRET doit compter 14 chiffres valides (clé de Luhn)",
    "is_ape": "Le code APE doit être au format 45.11Z ou en chiffres (ex. 00111)",
    "is_postal_code": "Le code postal doit être français : 5 chiffres, de 01000 à 95999, 971xx à "
    "976xx ou 98xxx (ex. 75010)",
    "is_phone": "Le téléphone doit être français : 0 suivi de 9 chiffres, le premier de 1 à 9 "
    "(ex. 06 12 34 56 78), ou +33 suivi de ces 9 chiffres",
    "is_email": "L'email doit être une adresse valide (ex. nom@exemple.fr)",
}


class BdcFileError(PvoError):
    """A BDC file that cannot be used: `errors` lists (field path, French message)."""

    code = "FICHIER_BDC_INVALIDE"

    def __init__(self, errors: list[tuple[str, str]], source: str = "") -> None:
        what = f"Le fichier BDC {source}" if source else "Le BDC"
        lines = "\n".join(
            f"- {path} : {message}" if path else f"- {message}" for path, message in errors
        )
        super().__init__(f"{what} est invalide :\n{lines}")
        self.errors = errors
        self.source = source


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
    }

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else value.strftime("%d/%m/%Y")

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if isinstance(value, str):
            for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
                try:
                    return datetime.strptime(value.strip(), pattern).date()
                except ValueError:
                    continue
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
        cleaned = str(value).replace("€", "").replace(",", ".")
        cleaned = "".join(cleaned.split()).replace("\u202f", "")
        try:
            amount = Decimal(cleaned)
        except InvalidOperation:
            raise self.make_error("invalid") from None
        if not amount.is_finite() or amount < 0:
            raise self.make_error("invalid")
        return amount.quantize(Decimal("0.01"))


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


def _nested(schema: type[Schema], **kwargs: Any) -> fields.Nested:
    return fields.Nested(
        schema,
        error_messages={"required": REQUIRED, "null": NULL, "type": NOT_AN_OBJECT},
        **kwargs,
    )


def _list(inner: fields.Field, **kwargs: Any) -> fields.List:
    return fields.List(
        inner,
        error_messages={"required": REQUIRED, "null": NULL, "invalid": NOT_A_LIST},
        **kwargs,
    )


def _optional() -> dict[str, Any]:
    return {"load_default": None, "allow_none": True}


class _Part(Schema):
    """French messages for the structure; None values are left out of written files."""

    error_messages: ClassVar[dict[str, str]] = {"unknown": UNKNOWN, "type": NOT_AN_OBJECT}
    build: Callable[..., Any] | None = None

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> Any:
        data = {k: v for k, v in data.items() if v is not None}
        return type(self).build(**data) if type(self).build else data  # type: ignore[misc]

    @post_dump
    def drop_none(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {k: v for k, v in data.items() if v is not None and v != ""}


class AdresseSchema(_Part):
    build = Adresse
    ligne = Text(required=True)
    complement = Text(**_optional())
    code_postal = Text(required=True, check="is_postal_code")
    ville = Text(required=True)


class ProfilSchema(_Part):
    build = CentralisateurProfile
    icare_id = Text(required=True)
    autogarantie = Flag(**_optional())
    cirano = Flag(**_optional())
    cirano_id = Text(**_optional())
    code_t = Text(**_optional())


def _garantisseurs(value: Any) -> tuple[Garantisseur, ...]:
    return tuple(value)


class SiteSchema(_Part):
    code = Text(required=True)
    code_constructeur = Text(**_optional())
    libelle = Text(required=True)
    raison_sociale = Text(required=True)
    siret = Text(required=True, check="is_siret")
    ape = Text(required=True, check="is_ape")
    capital = Count(required=True)
    type_societe = Text(required=True)
    code_rrdi = Text(**_optional())
    marques = _list(Text(required=True), **_optional())
    adresse = _nested(AdresseSchema, required=True)
    telephone = Text(check="is_phone", **_optional())
    garantisseurs = _list(
        Choice(tuple(g.value for g in Garantisseur), Garantisseur.parse, lambda g: g.value),
        **_optional(),
    )
    profil = _nested(ProfilSchema, **_optional())

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> Site:
        data = {k: v for k, v in data.items() if v is not None}
        for key in ("marques", "garantisseurs"):
            if key in data:
                data[key] = tuple(data[key])
        return Site(**data)


class VendeurSchema(_Part):
    build = Vendeur
    nom = Text(required=True)
    email = Text(required=True, check="is_email")
    code = Text(required=True, validate=Regexp(r"^\d{1,20}$", error=SELLER_CODE))


def _civilite() -> Choice:
    return Choice(tuple(c.value for c in Civilite), Civilite, lambda c: c.value, required=True)


class CoTitulaireSchema(_Part):
    build = CoTitulaire
    civilite = _civilite()
    nom = Text(required=True)
    prenom = Text(required=True)


class ClientSchema(_Part):
    civilite = _civilite()
    nom = Text(required=True)
    prenom = Text(required=True)
    adresse = _nested(AdresseSchema, required=True)
    telephone_fixe = Text(check="is_phone", **_optional())
    telephone_mobile = Text(check="is_phone", **_optional())
    email = Text(check="is_email", **_optional())
    date_naissance = FrenchDate(**_optional())
    lieu_naissance = Text(**_optional())
    nom_naissance = Text(**_optional())
    nationalite = Text(**_optional())
    pays_naissance = Text(**_optional())
    pays_residence = Text(**_optional())
    consentements = _list(Choice(CONSENTEMENTS), **_optional())
    co_titulaire = _nested(CoTitulaireSchema, **_optional())

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> Client:
        data = {k: v for k, v in data.items() if v is not None}
        if "consentements" in data:
            data["consentements"] = tuple(data["consentements"])
        return Client(**data)


def _energie_choices() -> tuple[str, ...]:
    return tuple(e.libelle for e in Energie)


class VehiculeSchema(_Part):
    build = Vehicle
    marque = Text(required=True)
    modele = Text(required=True)
    version = Text(required=True)
    immatriculation = Text(required=True, check="is_plate")
    vin = Text(check="is_vin", **_optional())
    numero_police = Text(required=True)
    genre = Choice(GENRES, required=True)
    energie = Choice(_energie_choices(), Energie.parse, lambda e: e.libelle, required=True)
    boite = Choice(tuple(b.value for b in Boite), Boite, lambda b: b.value, required=True)
    date_mec = FrenchDate(required=True)
    km = Count(required=True)
    puissance_fiscale = Count(required=True)
    puissance_din = Count(required=True)
    cylindree = Count(**_optional())
    label = Choice(tuple(lb.value for lb in Label), Label, lambda lb: lb.value, **_optional())
    garantie = WarrantyField(**_optional())
    date_dernier_ct = FrenchDate(**_optional())
    teinte = Text(**_optional())
    provenance = Text(**_optional())
    premiere_main = Flag(**_optional())
    quatre_quatre = Flag(**_optional())
    km_garantie_constructeur = Count(**_optional())
    cote = Amount(**_optional())


class ProduitSchema(_Part):
    build = ProduitAdditionnel
    libelle = Text(required=True)
    prix_ttc = Amount(required=True)
    fidelisation = Choice(FIDELISATIONS, **_optional())


class OffreSchema(_Part):
    """The offer's own data; site, seller, customer and vehicle are siblings in the file."""

    numero = Text(required=True)
    date_creation = FrenchDate(required=True)
    prix_ttc = Amount(required=True)
    produits_additionnels = _list(_nested(ProduitSchema), **_optional())
    origine_vente = Choice(ORIGINES_VENTE, **_optional())
    valeur_reprise = Amount(**_optional())
    commentaire = Text(**_optional())

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data = {k: v for k, v in data.items() if v is not None}
        if "produits_additionnels" in data:
            data["produits_additionnels"] = tuple(data["produits_additionnels"])
        return data


class LivraisonSchema(_Part):
    build = Livraison
    date = FrenchDate(required=True)
    heure = Hour(**_optional())
    site = Text(**_optional())


class BdcSchema(_Part):
    """The whole file; loads into a BonDeCommande, dumps one (see the module's table)."""

    format = Text(**_optional())
    numero = Text(required=True)
    date = FrenchDate(required=True)
    statut = Choice(tuple(s.value for s in BdcStatus), BdcStatus, lambda s: s.value, **_optional())
    annule = Flag(**_optional())
    date_cloture = FrenchDate(**_optional())
    site = _nested(SiteSchema, required=True)
    vendeur = _nested(VendeurSchema, required=True)
    client = _nested(ClientSchema, required=True)
    vehicule = _nested(VehiculeSchema, required=True)
    offre = _nested(OffreSchema, required=True)
    livraison = _nested(LivraisonSchema, **_optional())

    @validates_schema
    def check_format_and_status(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("format") not in (None, FORMAT):
            raise ValidationError(BAD_FORMAT, field_name="format")
        given = data.get("statut")
        if given is not None:
            if data.get("annule"):
                actual = BdcStatus.ANNULE
            else:
                actual = BdcStatus.CLOTURE if data.get("livraison") else BdcStatus.EN_COURS
            if given is not actual:
                raise ValidationError(
                    BAD_STATUS.format(given=given.value, actual=actual.value), field_name="statut"
                )

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> BonDeCommande:
        offer = Offer(
            site=data["site"],
            vendeur=data["vendeur"],
            client=data["client"],
            vehicle=data["vehicule"],
            **data["offre"],
        )
        livraison = data.get("livraison")
        if livraison is not None and not livraison.site:
            livraison = Livraison(livraison.date, livraison.heure, offer.site.libelle)
        return BonDeCommande(
            numero=data["numero"],
            date=data["date"],
            offer=offer,
            livraison=livraison,
            date_cloture=data.get("date_cloture"),
            annule=bool(data.get("annule")),
        )


def _flatten(messages: Any, path: str = "") -> list[tuple[str, str]]:
    """Marshmallow's nested error dict as (dotted path, message), list items as [i]."""
    if isinstance(messages, Mapping):
        result: list[tuple[str, str]] = []
        for key, value in messages.items():
            if isinstance(key, int):
                child = f"{path}[{key}]"
            elif key == "_schema":
                child = path
            else:
                child = f"{path}.{key}" if path else str(key)
            result.extend(_flatten(value, child))
        return result
    if isinstance(messages, list | tuple):
        return [pair for item in messages for pair in _flatten(item, path)]
    return [(path, str(messages))]


def _bdc_view(bdc: BonDeCommande) -> dict[str, Any]:
    """The file's layout of a BDC: the offer's parts become siblings, the status is written."""
    return {
        "format": FORMAT,
        "numero": bdc.numero,
        "date": bdc.date,
        "statut": bdc.status,
        "annule": bdc.annule or None,
        "date_cloture": bdc.date_cloture,
        "site": bdc.site,
        "vendeur": bdc.vendeur,
        "client": bdc.client,
        "vehicule": bdc.vehicle,
        "offre": bdc.offer,
        "livraison": bdc.livraison,
    }


def load_bdc(data: Any, source: str = "") -> BonDeCommande:
    """A BDC from decoded JSON. Raises BdcFileError naming each bad field in French."""
    try:
        return BdcSchema().load(data)
    except ValidationError as error:
        raise BdcFileError(_flatten(error.messages), source) from None
    except ValueError as error:  # a domain invariant the schema could not see field by field
        raise BdcFileError([("", str(error))], source) from None


def loads_bdc(text: str, source: str = "") -> BonDeCommande:
    """A BDC from JSON text. Raises BdcFileError (also for text that is not JSON)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = INVALID_JSON.format(line=error.lineno, column=error.colno, reason=error.msg)
        raise BdcFileError([("", message)], source) from None
    return load_bdc(data, source)


def read_bdc(path: str | Path) -> BonDeCommande:
    """A BDC from a `pvo2-bdc/1` file. Raises BdcFileError, OSError when unreadable."""
    path = Path(path)
    return loads_bdc(path.read_text(encoding="utf-8"), str(path))


def dump_bdc(bdc: BonDeCommande) -> dict[str, Any]:
    """The BDC as JSON-ready data; `load_bdc(dump_bdc(bdc)) == bdc`."""
    return BdcSchema().dump(_bdc_view(bdc))


def dumps_bdc(bdc: BonDeCommande) -> str:
    return json.dumps(dump_bdc(bdc), ensure_ascii=False, indent=2) + "\n"


def write_bdc(bdc: BonDeCommande, path: str | Path) -> None:
    Path(path).write_text(dumps_bdc(bdc), encoding="utf-8")
