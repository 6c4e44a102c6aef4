"""The layout of a `pvo2-bdc/1` file, part by part, and the checks across fields (the format's
name, the status against the delivery and the cancellation) that no single field can make."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from marshmallow import Schema, ValidationError, post_dump, post_load, validates_schema
from marshmallow.validate import Regexp

from pvo_client.bdc_file.fields import (
    Amount,
    Choice,
    Count,
    Flag,
    FrenchDate,
    Hour,
    Text,
    WarrantyField,
    listing,
    nested,
    optional,
)
from pvo_client.bdc_file.messages import (
    BAD_STATUS,
    BDC_NUMBER,
    NOT_AN_OBJECT,
    SELLER_CODE,
    UNKNOWN,
)
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
)


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
    complement = Text(**optional())
    code_postal = Text(required=True, check="is_postal_code")
    ville = Text(required=True)


class ProfilSchema(_Part):
    build = CentralisateurProfile
    icare_id = Text(required=True)
    autogarantie = Flag(**optional())
    cirano = Flag(**optional())
    cirano_id = Text(**optional())
    code_t = Text(**optional())


class SiteSchema(_Part):
    code = Text(required=True)
    code_constructeur = Text(**optional())
    libelle = Text(required=True)
    raison_sociale = Text(required=True)
    siret = Text(required=True, check="is_siret")
    ape = Text(required=True, check="is_ape")
    capital = Count(required=True)
    type_societe = Text(required=True)
    code_rrdi = Text(**optional())
    marques = listing(Text(required=True), **optional())
    adresse = nested(AdresseSchema, required=True)
    telephone = Text(check="is_phone", **optional())
    garantisseurs = listing(
        Choice(tuple(g.value for g in Garantisseur), Garantisseur.parse, lambda g: g.value),
        **optional(),
    )
    profil = nested(ProfilSchema, **optional())

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
    adresse = nested(AdresseSchema, required=True)
    telephone_fixe = Text(check="is_phone", **optional())
    telephone_mobile = Text(check="is_phone", **optional())
    email = Text(check="is_email", **optional())
    date_naissance = FrenchDate(**optional())
    lieu_naissance = Text(**optional())
    nom_naissance = Text(**optional())
    nationalite = Text(**optional())
    pays_naissance = Text(**optional())
    pays_residence = Text(**optional())
    consentements = listing(Choice(CONSENTEMENTS), **optional())
    co_titulaire = nested(CoTitulaireSchema, **optional())

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
    vin = Text(check="is_vin", **optional())
    numero_police = Text(required=True)
    genre = Choice(GENRES, required=True)
    energie = Choice(_energie_choices(), Energie.parse, lambda e: e.libelle, required=True)
    boite = Choice(tuple(b.value for b in Boite), Boite, lambda b: b.value, required=True)
    date_mec = FrenchDate(required=True)
    km = Count(required=True)
    puissance_fiscale = Count(required=True)
    puissance_din = Count(required=True)
    cylindree = Count(**optional())
    label = Choice(tuple(lb.value for lb in Label), Label, lambda lb: lb.value, **optional())
    garantie = WarrantyField(**optional())
    date_dernier_ct = FrenchDate(**optional())
    teinte = Text(**optional())
    provenance = Text(**optional())
    premiere_main = Flag(**optional())
    quatre_quatre = Flag(**optional())
    km_garantie_constructeur = Count(**optional())
    cote = Amount(**optional())


class ProduitSchema(_Part):
    build = ProduitAdditionnel
    libelle = Text(required=True)
    prix_ttc = Amount(required=True)
    fidelisation = Choice(FIDELISATIONS, **optional())


class OffreSchema(_Part):
    """The offer's own data; site, seller, customer and vehicle are siblings in the file."""

    numero = Text(required=True)
    date_creation = FrenchDate(required=True)
    prix_ttc = Amount(required=True)
    produits_additionnels = listing(nested(ProduitSchema), **optional())
    origine_vente = Choice(ORIGINES_VENTE, **optional())
    valeur_reprise = Amount(**optional())
    commentaire = Text(**optional())

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data = {k: v for k, v in data.items() if v is not None}
        if "produits_additionnels" in data:
            data["produits_additionnels"] = tuple(data["produits_additionnels"])
        return data


class LivraisonSchema(_Part):
    build = Livraison
    date = FrenchDate(required=True)
    heure = Hour(**optional())
    site = Text(**optional())


class BdcSchema(_Part):
    """The whole file; loads into a BonDeCommande, dumps one (see the module's table)."""

    format = Text(**optional())
    # It names the dossier's page and its printed file: ASCII digits only.
    numero = Text(required=True, validate=Regexp(r"^[0-9]{1,20}$", error=BDC_NUMBER))
    date = FrenchDate(required=True)
    statut = Choice(tuple(s.value for s in BdcStatus), BdcStatus, lambda s: s.value, **optional())
    annule = Flag(**optional())
    date_cloture = FrenchDate(**optional())
    site = nested(SiteSchema, required=True)
    vendeur = nested(VendeurSchema, required=True)
    client = nested(ClientSchema, required=True)
    vehicule = nested(VehiculeSchema, required=True)
    offre = nested(OffreSchema, required=True)
    livraison = nested(LivraisonSchema, **optional())

    @validates_schema
    def check_status(self, data: dict[str, Any], **kwargs: Any) -> None:
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
