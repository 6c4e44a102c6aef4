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
from sandbox.validation import doc


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
    ligne = Text(required=True, metadata=doc("Numéro et voie", "11 RUE DES PETITS HOTELS"))
    complement = Text(**optional(), metadata=doc("Complément d'adresse", "Bâtiment B"))
    code_postal = Text(required=True, check="is_postal_code", metadata=doc("Code postal", "75010"))
    ville = Text(required=True, metadata=doc("Ville", "PARIS"))


class ProfilSchema(_Part):
    build = CentralisateurProfile
    icare_id = Text(
        required=True,
        metadata=doc("Identifiant Icare du site, pour le profil du Centralisateur", "IC-953617"),
    )
    autogarantie = Flag(**optional(), metadata=doc("Le site déclare aussi en autogarantie", False))
    cirano = Flag(**optional(), metadata=doc("Le site déclare aussi chez Cirano", False))
    cirano_id = Text(**optional(), metadata=doc("Identifiant Cirano", "CI-0042"))
    code_t = Text(**optional(), metadata=doc("Code T du point de vente", "RS8010004"))


class SiteSchema(_Part):
    code = Text(required=True, metadata=doc("Code du site", "PE01"))
    code_constructeur = Text(**optional(), metadata=doc("Code constructeur", "0000123"))
    libelle = Text(required=True, metadata=doc("Libellé du site", "DEMO CDDS SPOTICAR"))
    raison_sociale = Text(required=True, metadata=doc("Raison sociale", "L'ARGUS"))
    siret = Text(
        required=True,
        check="is_siret",
        metadata=doc("SIRET : 14 chiffres, clé de Luhn", "00000000000018"),
    )
    ape = Text(
        required=True, check="is_ape", metadata=doc("Code APE : 45.11Z ou en chiffres", "00111")
    )
    capital = Count(required=True, metadata=doc("Capital, en euros", 11111))
    type_societe = Text(required=True, metadata=doc("Type de société", "SAS"))
    code_rrdi = Text(**optional(), metadata=doc("Code RRDI Spoticar du site", "953617Z"))
    marques = listing(
        Text(required=True), **optional(), metadata=doc("Les marques du site", ["PEUGEOT"])
    )
    adresse = nested(AdresseSchema, required=True)
    telephone = Text(
        check="is_phone", **optional(), metadata=doc("Téléphone du site", "01 41 79 31 50")
    )
    garantisseurs = listing(
        Choice(tuple(g.value for g in Garantisseur), Garantisseur.parse, lambda g: g.value),
        metadata=doc("Les garantisseurs du site", ["Déclaration de garantie Spoticar"]),
        **optional(),
    )
    profil = nested(
        ProfilSchema,
        **optional(),
        metadata={"description": "Le profil du site au Centralisateur"},
    )

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> Site:
        data = {k: v for k, v in data.items() if v is not None}
        for key in ("marques", "garantisseurs"):
            if key in data:
                data[key] = tuple(data[key])
        return Site(**data)


class VendeurSchema(_Part):
    build = Vendeur
    nom = Text(required=True, metadata=doc("Nom du vendeur", "Hakim AB"))
    email = Text(
        required=True, check="is_email", metadata=doc("Email du vendeur", "hakimab@axilog.com")
    )
    code = Text(
        required=True,
        validate=Regexp(r"^\d{1,20}$", error=SELLER_CODE),
        metadata=doc("Code vendeur : chiffres seulement", "103833712"),
    )


def _civilite() -> Choice:
    return Choice(
        tuple(c.value for c in Civilite),
        Civilite,
        lambda c: c.value,
        required=True,
        metadata=doc("Civilité", "Monsieur"),
    )


class CoTitulaireSchema(_Part):
    build = CoTitulaire
    civilite = _civilite()
    nom = Text(required=True, metadata=doc("Nom du co-titulaire", "Dupond"))
    prenom = Text(required=True, metadata=doc("Prénom du co-titulaire", "Marie"))


class ClientSchema(_Part):
    civilite = _civilite()
    nom = Text(required=True, metadata=doc("Nom du client", "Dupond"))
    prenom = Text(required=True, metadata=doc("Prénom du client", "Jean"))
    adresse = nested(AdresseSchema, required=True)
    telephone_fixe = Text(
        check="is_phone", **optional(), metadata=doc("Téléphone fixe", "01 02 03 04 05")
    )
    telephone_mobile = Text(
        check="is_phone", **optional(), metadata=doc("Téléphone mobile", "06 07 08 09 10")
    )
    email = Text(
        check="is_email", **optional(), metadata=doc("Email du client", "jean.dupond@exemple.fr")
    )
    date_naissance = FrenchDate(
        **optional(), metadata=doc("Date de naissance, JJ/MM/AAAA", "17/05/1960")
    )
    lieu_naissance = Text(**optional(), metadata=doc("Lieu de naissance", "Tours"))
    nom_naissance = Text(**optional(), metadata=doc("Nom de naissance", "Martin"))
    nationalite = Text(**optional(), metadata=doc("Nationalité", "France"))
    pays_naissance = Text(**optional(), metadata=doc("Pays de naissance", "France"))
    pays_residence = Text(**optional(), metadata=doc("Pays de résidence", "France"))
    consentements = listing(
        Choice(CONSENTEMENTS),
        **optional(),
        metadata=doc("Consentements FOCUS du client", ["email"]),
    )
    co_titulaire = nested(
        CoTitulaireSchema,
        **optional(),
        metadata={"description": "Le co-titulaire, s'il y en a un"},
    )

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
    marque = Text(required=True, metadata=doc("Marque", "PEUGEOT"))
    modele = Text(required=True, metadata=doc("Modèle", "208"))
    version = Text(required=True, metadata=doc("Version", "1.2 PureTech 100 ch S&S Allure"))
    immatriculation = Text(
        required=True,
        check="is_plate",
        metadata=doc("Immatriculation : AA-123-AA, ou 123 ABC 75 avant 2009", "AB-123-CD"),
    )
    vin = Text(
        check="is_vin",
        **optional(),
        metadata=doc("VIN : 17 caractères, sans I, O ni Q", "VR3UPHNKSNT000001"),
    )
    numero_police = Text(
        required=True, metadata=doc("Numéro de police (de stock) du véhicule", "ST36120417")
    )
    genre = Choice(
        GENRES,
        required=True,
        metadata=doc("Genre national (certificat, J.1), ou « Voitures » comme PVO² l'écrit", "VP"),
    )
    energie = Choice(
        _energie_choices(),
        Energie.parse,
        lambda e: e.libelle,
        required=True,
        metadata=doc("Énergie", "Electrique"),
    )
    boite = Choice(
        tuple(b.value for b in Boite),
        Boite,
        lambda b: b.value,
        required=True,
        metadata=doc("Boîte de vitesses", "Manuelle"),
    )
    date_mec = FrenchDate(
        required=True,
        metadata=doc("Date de première mise en circulation, JJ/MM/AAAA", "11/05/2023"),
    )
    km = Count(required=True, metadata=doc("Kilométrage", 12000))
    puissance_fiscale = Count(required=True, metadata=doc("Puissance fiscale (CV)", 5))
    puissance_din = Count(required=True, metadata=doc("Puissance DIN (ch)", 100))
    cylindree = Count(**optional(), metadata=doc("Cylindrée (cm³)", 1199))
    label = Choice(
        tuple(lb.value for lb in Label),
        Label,
        lambda lb: lb.value,
        **optional(),
        metadata=doc("Label constructeur de la fiche véhicule", "SPOTICAR"),
    )
    garantie = WarrantyField(
        **optional(),
        metadata=doc(
            "Niveau et durée de garantie de la fiche véhicule", "Spoticar-Premium 12 mois"
        ),
    )
    date_dernier_ct = FrenchDate(
        **optional(), metadata=doc("Date du dernier contrôle technique, JJ/MM/AAAA", "02/06/2025")
    )
    teinte = Text(**optional(), metadata=doc("Teinte", "Gris Artense"))
    provenance = Text(**optional(), metadata=doc("Provenance", "Particulier"))
    premiere_main = Flag(**optional(), metadata=doc("Première main", False))
    quatre_quatre = Flag(**optional(), metadata=doc("Quatre roues motrices", False))
    km_garantie_constructeur = Count(
        **optional(), metadata=doc("Kilométrage de la garantie constructeur", 100000)
    )
    cote = Amount(**optional(), metadata=doc("Cote du véhicule, en euros", "15 000,00"))


class ProduitSchema(_Part):
    build = ProduitAdditionnel
    libelle = Text(
        required=True, metadata=doc("Libellé du produit", "Extension de garantie 12 mois")
    )
    prix_ttc = Amount(required=True, metadata=doc("Prix TTC, en euros", "290,00"))
    fidelisation = Choice(
        FIDELISATIONS,
        **optional(),
        metadata=doc("Produit de fidélisation", "Extension de garantie"),
    )


class OffreSchema(_Part):
    """The offer's own data; site, seller, customer and vehicle are siblings in the file."""

    numero = Text(required=True, metadata=doc("Numéro de l'offre", "8120417"))
    date_creation = FrenchDate(
        required=True, metadata=doc("Date de l'offre, JJ/MM/AAAA", "24/11/2025")
    )
    prix_ttc = Amount(required=True, metadata=doc("Prix de vente TTC, en euros", "16 400,00"))
    produits_additionnels = listing(
        nested(ProduitSchema),
        **optional(),
        metadata=doc("Produits additionnels vendus avec le véhicule", []),
    )
    origine_vente = Choice(
        ORIGINES_VENTE, **optional(), metadata=doc("Origine de la vente", "Showroom")
    )
    valeur_reprise = Amount(**optional(), metadata=doc("Valeur de reprise, en euros", "3 000,00"))
    commentaire = Text(**optional(), metadata=doc("Commentaire", "Livraison au site de Rivoli"))

    @post_load
    def make(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        data = {k: v for k, v in data.items() if v is not None}
        if "produits_additionnels" in data:
            data["produits_additionnels"] = tuple(data["produits_additionnels"])
        return data


class LivraisonSchema(_Part):
    build = Livraison
    date = FrenchDate(required=True, metadata=doc("Date de livraison, JJ/MM/AAAA", "30/11/2025"))
    heure = Hour(**optional(), metadata=doc("Heure de livraison, HH:MM", "14:30"))
    site = Text(**optional(), metadata=doc("Site de livraison", "DEMO CDDS SPOTICAR"))


class BdcSchema(_Part):
    """The whole file; loads into a BonDeCommande, dumps one (see the module's table)."""

    format = Text(**optional(), metadata=doc("Le format du fichier", "pvo2-bdc/1"))
    # It names the dossier's page and its printed file: ASCII digits only.
    numero = Text(
        required=True,
        validate=Regexp(r"^[0-9]{1,20}$", error=BDC_NUMBER),
        metadata=doc("Numéro du bon de commande", "8120417"),
    )
    date = FrenchDate(
        required=True, metadata=doc("Date du bon de commande, JJ/MM/AAAA", "25/11/2025")
    )
    statut = Choice(
        tuple(s.value for s in BdcStatus),
        BdcStatus,
        lambda s: s.value,
        **optional(),
        metadata=doc("Statut : il doit correspondre à la livraison et à l'annulation", "Clôturé"),
    )
    annule = Flag(**optional(), metadata=doc("Le bon de commande est annulé", False))
    date_cloture = FrenchDate(
        **optional(), metadata=doc("Date de clôture, JJ/MM/AAAA", "26/11/2025")
    )
    site = nested(SiteSchema, required=True)
    vendeur = nested(VendeurSchema, required=True)
    client = nested(ClientSchema, required=True)
    vehicule = nested(VehiculeSchema, required=True)
    offre = nested(OffreSchema, required=True)
    livraison = nested(
        LivraisonSchema,
        **optional(),
        metadata={"description": "La livraison : présente, elle clôture le bon de commande"},
    )

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
