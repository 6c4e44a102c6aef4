"""The tutorial's preconditions, from the offer to the choice of the garantisseur.

Each refusal is its own `PvoError` subclass with the French message a dealer reads in PVO²,
so the declare flow and the CLI show it as is and tests assert on its text. The functions
return new values (the domain is frozen) and raise on the first precondition that fails.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, time

from pvo_client.domain import (
    BonDeCommande,
    Garantisseur,
    Livraison,
    Offer,
    Site,
    Vehicle,
    livraisons,
)
from sandbox.french import format_date

SUPPORT_PVO2 = "09.77.55.04.17"
FICHE_VEHICULE = (
    "Il est indispensable de sélectionner sur la fiche du véhicule le Label Spoticar ou "
    "DS Certified et le niveau de garantie souhaitée."
)


class PvoError(Exception):
    """A refusal of PVO², with the dealer-facing French message and a stable code."""

    code = "PVO_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CodeRrdiManquant(PvoError):
    code = "CODE_RRDI_MANQUANT"

    def __init__(self, site: Site) -> None:
        super().__init__(
            f"Le code RRDI Spoticar du site {site.libelle} n'est pas renseigné : complétez-le "
            "dans Paramètres > Fiche d'identité du site (bloc Identification, champ Code RRDI)."
        )


class FicheVehiculeIncomplete(PvoError):
    """The vehicle sheet lacks what a Spoticar / DS Certified BDC needs."""

    code = "FICHE_VEHICULE_INCOMPLETE"


class LabelManquant(FicheVehiculeIncomplete):
    code = "LABEL_MANQUANT"

    def __init__(self, vehicle: Vehicle) -> None:
        super().__init__(
            f"Le véhicule {vehicle.immatriculation} n'a pas de label constructeur Spoticar ou "
            f"DS Certified. {FICHE_VEHICULE}"
        )


class NiveauGarantieManquant(FicheVehiculeIncomplete):
    code = "NIVEAU_GARANTIE_MANQUANT"

    def __init__(self, vehicle: Vehicle) -> None:
        super().__init__(
            f"Le véhicule {vehicle.immatriculation} n'a pas de niveau de garantie. {FICHE_VEHICULE}"
        )


class GarantieHorsLabel(FicheVehiculeIncomplete):
    code = "GARANTIE_HORS_LABEL"

    def __init__(self, vehicle: Vehicle) -> None:
        assert vehicle.garantie is not None and vehicle.label is not None
        super().__init__(
            f"La garantie {vehicle.garantie.name} ne correspond pas au label "
            f"{vehicle.label.value} du véhicule {vehicle.immatriculation}. {FICHE_VEHICULE}"
        )


class OffreExpiree(PvoError):
    code = "OFFRE_EXPIREE"

    def __init__(self, offer: Offer) -> None:
        super().__init__(
            f"L'offre n°{offer.numero} n'est plus valable : sa validité allait du "
            f"{format_date(offer.date_creation)} au {format_date(offer.date_fin_validite)}. "
            "Créez une nouvelle offre à particulier."
        )


class BdcAnnule(PvoError):
    code = "BDC_ANNULE"

    def __init__(self, bdc: BonDeCommande) -> None:
        super().__init__(f"Le bon de commande n°{bdc.numero} est annulé.")


class DateLivraisonManquante(PvoError):
    code = "DATE_LIVRAISON_MANQUANTE"

    def __init__(self, bdc: BonDeCommande) -> None:
        super().__init__(
            f"Renseignez la date de livraison du bon de commande n°{bdc.numero} "
            "(Livraison prévue le) avant de cliquer sur Clôturer."
        )


class DateLivraisonAnterieure(PvoError):
    code = "DATE_LIVRAISON_ANTERIEURE"

    def __init__(self, bdc: BonDeCommande, delivery: date) -> None:
        super().__init__(
            f"La date de livraison ({format_date(delivery)}) ne peut pas précéder la date du "
            f"bon de commande n°{bdc.numero} ({format_date(bdc.date)})."
        )


class BdcNonCloture(PvoError):
    code = "BDC_NON_CLOTURE"

    def __init__(self, bdc: BonDeCommande) -> None:
        super().__init__(
            f"Le bon de commande n°{bdc.numero} n'est pas clôturé : complétez les informations "
            "de livraison (la date à minima) puis cliquez sur Clôturer avant de déclarer la "
            "garantie."
        )


class GarantisseurAbsent(PvoError):
    code = "GARANTISSEUR_ABSENT"

    def __init__(self, garantisseur: str, site: Site) -> None:
        super().__init__(
            f"Le garantisseur « {garantisseur} » n'existe pas dans la liste Garantisseur du "
            f"site {site.libelle} : merci de contacter le support PVO² au {SUPPORT_PVO2}."
        )


class CommandeIntrouvable(PvoError):
    code = "COMMANDE_INTROUVABLE"

    def __init__(self, numero: str) -> None:
        super().__init__(
            f"Aucune commande n°{numero} dans les Livraisons : seuls les bons de commande "
            "clôturés y figurent."
        )


def check_site(site: Site) -> None:
    """Pré-requis of the tutorial: the site's code RRDI Spoticar is filled.

    Raises CodeRrdiManquant.
    """
    if not (site.code_rrdi or "").strip():
        raise CodeRrdiManquant(site)


def check_vehicle_sheet(vehicle: Vehicle) -> None:
    """The sheet carries a label and a warranty level of that label.

    Raises LabelManquant, NiveauGarantieManquant or GarantieHorsLabel.
    """
    if vehicle.label is None:
        raise LabelManquant(vehicle)
    if vehicle.garantie is None:
        raise NiveauGarantieManquant(vehicle)
    if vehicle.garantie.level.label is not vehicle.label:
        raise GarantieHorsLabel(vehicle)


def generate_bdc(
    offer: Offer, *, on: date | None = None, numero: str | None = None
) -> BonDeCommande:
    """ "Générer le bon de commande": an open BDC, numbered like its offer by default.

    `on` is the day of generation (today by default); an offer past its 7 days is refused.
    Raises CodeRrdiManquant, OffreExpiree, LabelManquant, NiveauGarantieManquant,
    GarantieHorsLabel.
    """
    day = on or date.today()
    check_site(offer.site)
    if not offer.is_valid_on(day):
        raise OffreExpiree(offer)
    check_vehicle_sheet(offer.vehicle)
    return BonDeCommande(numero=numero or offer.numero, date=day, offer=offer)


def close_bdc(
    bdc: BonDeCommande,
    delivery_date: date | None,
    *,
    heure: time | None = None,
    site: str | None = None,
    on: date | None = None,
) -> BonDeCommande:
    """ "Clôturer": the delivery date (at least) closes the BDC; done again, it changes it.

    The delivery place defaults to the site's libellé; `on` is the closing day (today).
    Raises BdcAnnule, DateLivraisonManquante, DateLivraisonAnterieure.
    """
    if bdc.annule:
        raise BdcAnnule(bdc)
    if delivery_date is None:
        raise DateLivraisonManquante(bdc)
    if delivery_date < bdc.date:
        raise DateLivraisonAnterieure(bdc, delivery_date)
    livraison = Livraison(date=delivery_date, heure=heure, site=site or bdc.site.libelle)
    return replace(bdc, livraison=livraison, date_cloture=bdc.date_cloture or on or date.today())


def cancel_bdc(bdc: BonDeCommande) -> BonDeCommande:
    """ "Annuler la commande": the BDC leaves the Livraisons and can no longer be declared."""
    return replace(bdc, annule=True)


def require_closed(bdc: BonDeCommande) -> None:
    """Raises BdcAnnule or BdcNonCloture unless the BDC has a delivery date."""
    if bdc.annule:
        raise BdcAnnule(bdc)
    if not bdc.is_closed:
        raise BdcNonCloture(bdc)


def check_declarable(
    bdc: BonDeCommande, garantisseur: Garantisseur | str, site: Site | None = None
) -> Garantisseur:
    """May this BDC be declared with this plugin? Returns the plugin when it may.

    `site` is the site whose Garantisseur list is used (the BDC's own by default).
    Raises CodeRrdiManquant, BdcAnnule, BdcNonCloture, LabelManquant,
    NiveauGarantieManquant, GarantieHorsLabel, GarantisseurAbsent.
    """
    site = site or bdc.site
    check_site(site)
    require_closed(bdc)
    check_vehicle_sheet(bdc.vehicle)
    label = garantisseur.value if isinstance(garantisseur, Garantisseur) else garantisseur
    try:
        plugin = Garantisseur.parse(label)
    except ValueError:
        raise GarantisseurAbsent(label, site) from None
    if plugin not in site.garantisseurs:
        raise GarantisseurAbsent(plugin.value, site)
    return plugin


def select_commande(bdcs: Iterable[BonDeCommande], numero: str) -> BonDeCommande:
    """ "Livraisons, sélectionner la commande concernée". Raises CommandeIntrouvable."""
    for bdc in livraisons(bdcs):
        if bdc.numero == numero:
            return bdc
    raise CommandeIntrouvable(numero)
