"""What PVO² knows when a warranty is declared: site, salesperson, customer, vehicle, offer, BDC.

Plain frozen dataclasses: the rules (`rules.py`) derive new values instead of mutating, so a BDC
loaded from a file can be closed, printed and mapped without surprises. Names follow the PVO²
screens of the tutorial (libellé, raison sociale, date de MEC...). Amounts are `Decimal` in euros
TTC; PVO² shows the HT price at a 20 % VAT rate.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from sandbox.french import add_months

VAT_RATE = Decimal("0.20")
OFFER_VALIDITY_DAYS = 7
CENT = Decimal("0.01")

# The choices of the Centralisateur form that PVO² data must fall into.
ORIGINES_VENTE = ("Showroom", "Site internet", "Téléphone", "Salon / événement", "Test")
CONSENTEMENTS = ("email", "telephone", "sms", "courrier")
# Genre national (certificate field J.1), as the Centralisateur's "Type carte grise" lists it.
GENRES = ("VP", "CTTE", "DERIV-VP", "VASP", "CAM", "MTL", "MTT1", "MTT2")
FIDELISATIONS = ("Contrat d'entretien", "Extension de garantie")


def _fold(text: str) -> str:
    """Upper case without accents, to accept "Electricité" as well as "ÉLECTRICITÉ"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper().strip()


def price_ht(ttc: Decimal) -> Decimal:
    """HT from TTC at 20 %, rounded to the cent: 15 000,00 € TTC -> 12 500,00 € HT."""
    return (ttc / (1 + VAT_RATE)).quantize(CENT, rounding=ROUND_HALF_UP)


class Garantisseur(StrEnum):
    """The warranty plugins of PVO²'s "Garantisseur" list, by their exact labels."""

    SPOTICAR = "Déclaration de garantie Spoticar"
    PSA_INSURANCE = "Déclaration PSA Insurance"

    @classmethod
    def parse(cls, label: str) -> Garantisseur:
        """The plugin for a label, whatever its case ("Déclaration de garantie SPOTICAR")."""
        for member in cls:
            if _fold(member.value) == _fold(label):
                return member
        raise ValueError(label)


class Civilite(StrEnum):
    MONSIEUR = "Monsieur"
    MADAME = "Madame"

    @property
    def abbreviation(self) -> str:
        """As the printed BDC writes it: "M. DUPONT Stéphane"."""
        return "M." if self is Civilite.MONSIEUR else "Mme"


class Label(StrEnum):
    """ "Label constructeur" of the vehicle sheet."""

    SPOTICAR = "SPOTICAR"
    DS_CERTIFIED = "DS CERTIFIED"


class WarrantyLevel(StrEnum):
    """Warranty levels; the value is the Centralisateur's "Garantie" choice."""

    ESSENTIAL = "SPOTICAR ESSENTIAL"
    ADVANCED = "SPOTICAR ADVANCED"
    PREMIUM = "SPOTICAR PREMIUM"
    DS_CERTIFIED = "DS CERTIFIED"

    @property
    def label(self) -> Label:
        return Label.DS_CERTIFIED if self is WarrantyLevel.DS_CERTIFIED else Label.SPOTICAR

    @property
    def pvo_name(self) -> str:
        """As the vehicle sheet's "Garantie" shows it: "Spoticar-Premium"."""
        if self is WarrantyLevel.DS_CERTIFIED:
            return "DS Certified"
        return "Spoticar-" + self.name.capitalize()

    @property
    def durations(self) -> tuple[int, ...]:
        """Months offered for the level, as the "Garantie" list of the vehicle sheet offers them."""
        return _DURATIONS[self]


_DURATIONS = {
    WarrantyLevel.ESSENTIAL: (6,),
    WarrantyLevel.ADVANCED: (12,),
    WarrantyLevel.PREMIUM: (12, 24),
    WarrantyLevel.DS_CERTIFIED: (12, 24),
}


@dataclass(frozen=True)
class Warranty:
    """The sheet's "Garantie *", e.g. "Spoticar-Premium 12 mois"."""

    level: WarrantyLevel
    months: int

    def __post_init__(self) -> None:
        if self.months not in self.level.durations:
            allowed = " ou ".join(str(m) for m in self.level.durations)
            raise ValueError(
                f"La garantie {self.level.pvo_name} se vend pour {allowed} mois, "
                f"pas pour {self.months} mois"
            )

    @property
    def name(self) -> str:
        return f"{self.level.pvo_name} {self.months} mois"

    @property
    def print_name(self) -> str:
        """As the printed BDC's header writes it: "Spoticar-Premium 12 Mois"."""
        return f"{self.level.pvo_name} {self.months} Mois"

    def end_date(self, start: date) -> date:
        return add_months(start, self.months)

    @classmethod
    def parse(cls, text: str) -> Warranty:
        """ "Spoticar-Premium 12 mois", "SPOTICAR PREMIUM 12" or "DS Certified 24 mois".

        Raises ValueError (with a French message when the duration is not sold for the level).
        """
        words = _fold(text).replace("-", " ").split()
        if words and words[-1] == "MOIS":
            words = words[:-1]
        if len(words) < 2 or not words[-1].isdigit():
            raise ValueError(text)
        name = " ".join(words[:-1])
        for level in WarrantyLevel:
            if name in (level.value, _fold(level.pvo_name).replace("-", " ")):
                return cls(level, int(words[-1]))
        raise ValueError(text)


class Energie(StrEnum):
    """Energy; the value is the Centralisateur's choice, `libelle` what PVO² shows."""

    ESSENCE = "ESSENCE"
    DIESEL = "DIESEL"
    ELECTRIQUE = "ELECTRIQUE"
    HYBRIDE = "HYBRIDE"
    HYBRIDE_RECHARGEABLE = "HYBRIDE RECHARGEABLE"
    GPL = "GPL"
    GNV = "GNV"
    HYDROGENE = "HYDROGENE"

    @property
    def libelle(self) -> str:
        return _ENERGIE_LIBELLES[self]

    @classmethod
    def parse(cls, text: str) -> Energie:
        """Either spelling, accents and case ignored; PVO²'s "Electricité" is ELECTRIQUE."""
        folded = _fold(text)
        if folded == "ELECTRICITE":
            return cls.ELECTRIQUE
        for member in cls:
            if folded in (member.value, _fold(member.libelle)):
                return member
        raise ValueError(text)


_ENERGIE_LIBELLES = {
    Energie.ESSENCE: "Essence",
    Energie.DIESEL: "Diesel",
    Energie.ELECTRIQUE: "Electrique",
    Energie.HYBRIDE: "Hybride",
    Energie.HYBRIDE_RECHARGEABLE: "Hybride rechargeable",
    Energie.GPL: "GPL",
    Energie.GNV: "GNV",
    Energie.HYDROGENE: "Hydrogène",
}


class Boite(StrEnum):
    MANUELLE = "Manuelle"
    AUTOMATIQUE = "Automatique"
    ROBOTISEE = "Robotisée"


@dataclass(frozen=True)
class Adresse:
    ligne: str
    code_postal: str
    ville: str
    complement: str = ""


@dataclass(frozen=True)
class CentralisateurProfile:
    """The dealer's Profil on the Centralisateur, set at the first declaration."""

    icare_id: str
    autogarantie: bool = False
    cirano: bool = False
    cirano_id: str | None = None
    code_t: str | None = None


@dataclass(frozen=True)
class Site:
    """Paramètres > Fiche d'identité du site: its Identification block, brands and plugins."""

    code: str
    libelle: str
    raison_sociale: str
    siret: str
    ape: str
    capital: int
    type_societe: str
    adresse: Adresse
    code_rrdi: str | None = None
    code_constructeur: str | None = None
    marques: tuple[str, ...] = ()
    telephone: str | None = None
    garantisseurs: tuple[Garantisseur, ...] = tuple(Garantisseur)
    profil: CentralisateurProfile | None = None


@dataclass(frozen=True)
class Vendeur:
    """The salesperson ("Conseiller Commercial"); `code` is their own seller number."""

    nom: str
    email: str
    code: str

    def centralisateur_code(self, code_rrdi: str) -> str:
        """ "Vendeur véhicule d'occasion": SP + code RRDI + seller number (SP953617Z103833712)."""
        return f"SP{code_rrdi}{self.code}"


@dataclass(frozen=True)
class CoTitulaire:
    civilite: Civilite
    nom: str
    prenom: str


@dataclass(frozen=True)
class Client:
    """A private customer; birth data may be missing in PVO² and completed on the portal."""

    civilite: Civilite
    nom: str
    prenom: str
    adresse: Adresse
    telephone_fixe: str | None = None
    telephone_mobile: str | None = None
    email: str | None = None
    date_naissance: date | None = None
    lieu_naissance: str | None = None
    nom_naissance: str | None = None
    nationalite: str = "France"
    pays_naissance: str = "France"
    pays_residence: str = "France"
    consentements: tuple[str, ...] = ()
    co_titulaire: CoTitulaire | None = None

    def __post_init__(self) -> None:
        unknown = [c for c in self.consentements if c not in CONSENTEMENTS]
        if unknown:
            raise ValueError(f"Consentement inconnu : {', '.join(unknown)}")


@dataclass(frozen=True)
class Vehicle:
    """The vehicle sheet ("Informations véhicule") and the header of the offer."""

    marque: str
    modele: str
    version: str
    immatriculation: str
    numero_police: str
    genre: str
    energie: Energie
    boite: Boite
    date_mec: date
    km: int
    puissance_fiscale: int
    puissance_din: int
    vin: str | None = None
    cylindree: int | None = None
    label: Label | None = None
    garantie: Warranty | None = None
    date_dernier_ct: date | None = None
    teinte: str = ""
    provenance: str = "Particulier"
    premiere_main: bool = False
    quatre_quatre: bool = False
    km_garantie_constructeur: int | None = None
    cote: Decimal | None = None

    @property
    def type_vehicule(self) -> str:
        """VP for a passenger car, VU for every utility genre."""
        return "VP" if self.genre == "VP" else "VU"


@dataclass(frozen=True)
class ProduitAdditionnel:
    """An add-on sold with the car; a loyalty product names its Centralisateur choice."""

    libelle: str
    prix_ttc: Decimal
    fidelisation: str | None = None


@dataclass(frozen=True)
class Offer:
    """ "Offre à particulier (vente)": valid 7 days from its creation, prices TTC."""

    numero: str
    date_creation: date
    site: Site
    vendeur: Vendeur
    client: Client
    vehicle: Vehicle
    prix_ttc: Decimal
    produits_additionnels: tuple[ProduitAdditionnel, ...] = ()
    origine_vente: str = "Showroom"
    valeur_reprise: Decimal | None = None
    commentaire: str = ""

    def __post_init__(self) -> None:
        if self.origine_vente not in ORIGINES_VENTE:
            raise ValueError(f"Origine de la vente inconnue : {self.origine_vente}")

    @property
    def date_fin_validite(self) -> date:
        """ "Validité de l'offre du 01/12/2021 au 08/12/2021"."""
        return self.date_creation + timedelta(days=OFFER_VALIDITY_DAYS)

    def is_valid_on(self, day: date) -> bool:
        return self.date_creation <= day <= self.date_fin_validite

    @property
    def total_produits_ttc(self) -> Decimal:
        return sum((p.prix_ttc for p in self.produits_additionnels), Decimal("0.00"))

    @property
    def total_ttc(self) -> Decimal:
        """ "Prix total du véhicule": vehicle plus additional products."""
        return (self.prix_ttc + self.total_produits_ttc).quantize(CENT)

    @property
    def total_ht(self) -> Decimal:
        return price_ht(self.total_ttc)

    @property
    def tva(self) -> Decimal:
        return self.total_ttc - self.total_ht


class BdcStatus(StrEnum):
    EN_COURS = "En cours"
    CLOTURE = "Clôturé"
    ANNULE = "Annulé"


@dataclass(frozen=True)
class Livraison:
    """ "Modification de la date de livraison": the date is what closes the BDC."""

    date: date
    heure: time | None = None
    site: str = ""


@dataclass(frozen=True)
class BonDeCommande:
    """A BDC generated from an offer; closed once it has a delivery date."""

    numero: str
    date: date
    offer: Offer
    livraison: Livraison | None = None
    date_cloture: date | None = None
    annule: bool = False

    @property
    def site(self) -> Site:
        return self.offer.site

    @property
    def vendeur(self) -> Vendeur:
        return self.offer.vendeur

    @property
    def client(self) -> Client:
        return self.offer.client

    @property
    def vehicle(self) -> Vehicle:
        return self.offer.vehicle

    @property
    def is_closed(self) -> bool:
        return self.livraison is not None

    @property
    def status(self) -> BdcStatus:
        if self.annule:
            return BdcStatus.ANNULE
        return BdcStatus.CLOTURE if self.is_closed else BdcStatus.EN_COURS

    @property
    def debut_garantie(self) -> date | None:
        """The contractual warranty starts on the delivery date."""
        return self.livraison.date if self.livraison else None

    @property
    def fin_garantie(self) -> date | None:
        start, warranty = self.debut_garantie, self.vehicle.garantie
        return warranty.end_date(start) if start and warranty else None


def _delivery_order(bdc: BonDeCommande) -> tuple[date, time, str]:
    livraison = bdc.livraison or Livraison(date.max)
    return livraison.date, livraison.heure or time(0), bdc.numero


def livraisons(bdcs: Iterable[BonDeCommande]) -> tuple[BonDeCommande, ...]:
    """The "Livraisons" menu: closed, not cancelled BDCs, by planned delivery then number."""
    return tuple(sorted((b for b in bdcs if b.is_closed and not b.annule), key=_delivery_order))
