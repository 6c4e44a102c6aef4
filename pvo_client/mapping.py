"""From a closed BDC to the Centralisateur's pre-filled declaration form, in one table.

"Un formulaire s'affiche et sera pré rempli avec les informations client et véhicule
renseignées dans le bon de commande SPOTICAR": `MAPPING` says, field by field, where PVO²
takes each value and in which format the form reads it (dates JJ/MM/AAAA, amounts
`15 000,00`, plates AA-123-AA, the form's own choices). A value PVO² does not know is left
out, so the dealer completes it on the portal, as the tutorial describes. The form field
names are the Centralisateur's (`fake_centralisateur.schemas.FORM_FIELDS`), written here as
plain strings: the client and the portal meet only over HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pvo_client.domain import BonDeCommande
from pvo_client.rules import check_site, require_closed
from sandbox.french import format_amount, format_date

Value = str | list[str] | None

KW_PER_DIN_HP = Decimal("0.73549875")
# What PVO² sends as "Km gtie constructeur" when the vehicle has no guaranteed mileage
# ("Kilométrage garanti : Non"), as the tutorial's pre-filled form shows it.
NO_GUARANTEED_KM = 999999


@dataclass(frozen=True)
class Row:
    """One line of the table: the PVO² source in words, the form field, how to convert."""

    source: str
    field: str
    convert: Callable[[BonDeCommande], Value]
    fmt: str = "texte"


def _jj_mm_aaaa(day: date | None) -> str | None:
    return format_date(day) or None


def _amount(value: Decimal | None) -> str | None:
    return format_amount(value, euro=False) if value is not None else None


def _number(value: int | None) -> str | None:
    return str(value) if value is not None else None


def _checkbox(value: bool) -> str | None:
    return "on" if value else None


def _seller_code(bdc: BonDeCommande) -> str:
    return bdc.vendeur.centralisateur_code(bdc.site.code_rrdi or "")


def _loyalty_product(bdc: BonDeCommande) -> str:
    for produit in bdc.offer.produits_additionnels:
        if produit.fidelisation:
            return produit.fidelisation
    return "Aucun"


def _kw(bdc: BonDeCommande) -> str:
    return str(int((bdc.vehicle.puissance_din * KW_PER_DIN_HP).to_integral_value()))


def _carte_grise(bdc: BonDeCommande) -> str:
    return bdc.vehicle.genre


def _duration(bdc: BonDeCommande) -> str | None:
    garantie = bdc.vehicle.garantie
    return str(garantie.months) if garantie else None


def _level(bdc: BonDeCommande) -> str | None:
    garantie = bdc.vehicle.garantie
    return garantie.level.value if garantie else None


MAPPING: tuple[Row, ...] = (
    Row(
        "Code vendeur du conseiller commercial : SP + code RRDI Spoticar du site + numéro "
        "du vendeur",
        "vendeur",
        _seller_code,
        "SP953617Z103833712",
    ),
    Row(
        "Offre : origine de la vente",
        "origine_vente",
        lambda b: b.offer.origine_vente,
        "Showroom, Site internet, Téléphone, Salon / événement, Test",
    ),
    Row(
        "Offre : valeur de reprise renseignée (reprise d'un VO)",
        "reprise_vo",
        lambda b: _checkbox(b.offer.valeur_reprise is not None),
        "case cochée : on",
    ),
    Row(
        "Client : consentements",
        "consentement",
        lambda b: list(b.client.consentements) or None,
        "liste parmi email, telephone, sms, courrier",
    ),
    Row("Client : civilité", "civilite", lambda b: b.client.civilite.value, "Monsieur, Madame"),
    Row("Client : nom", "nom", lambda b: b.client.nom),
    Row("Client : prénom", "prenom", lambda b: b.client.prenom),
    Row("Client : email", "email", lambda b: b.client.email),
    Row("Client : téléphone fixe", "tel_fixe", lambda b: b.client.telephone_fixe, "0X XX XX XX XX"),
    Row(
        "Client : téléphone mobile",
        "tel_mobile",
        lambda b: b.client.telephone_mobile,
        "0X XX XX XX XX",
    ),
    Row("Client : adresse", "adresse", lambda b: b.client.adresse.ligne),
    Row(
        "Client : complément d'adresse",
        "complement_adresse",
        lambda b: b.client.adresse.complement or None,
    ),
    Row(
        "Client : code postal", "code_postal", lambda b: b.client.adresse.code_postal, "5 chiffres"
    ),
    Row("Client : ville", "ville", lambda b: b.client.adresse.ville),
    Row("Client : nom de naissance", "nom_naissance", lambda b: b.client.nom_naissance),
    Row("Client : pays de résidence", "pays_residence", lambda b: b.client.pays_residence),
    Row(
        "Client : date de naissance",
        "date_naissance",
        lambda b: _jj_mm_aaaa(b.client.date_naissance),
        "JJ/MM/AAAA",
    ),
    Row("Client : nationalité", "nationalite", lambda b: b.client.nationalite),
    Row("Client : lieu de naissance", "lieu_naissance", lambda b: b.client.lieu_naissance),
    Row("Client : pays de naissance", "pays_naissance", lambda b: b.client.pays_naissance),
    Row(
        "Fiche véhicule : genre (VP, sinon véhicule utilitaire)",
        "type_vehicule",
        lambda b: b.vehicle.type_vehicule,
        "VP, VU",
    ),
    Row(
        "Fiche véhicule : genre (carte grise J.1)",
        "type_carte_grise",
        _carte_grise,
        "VP, CTTE, DERIV-VP, VASP, CAM, MTL, MTT1, MTT2",
    ),
    Row(
        "Fiche véhicule : énergie",
        "energie",
        lambda b: b.vehicle.energie.value,
        "ESSENCE, DIESEL, ELECTRIQUE, HYBRIDE, HYBRIDE RECHARGEABLE, GPL, GNV, HYDROGENE",
    ),
    Row(
        "Fiche véhicule : puissance fiscale",
        "puissance_fiscale",
        lambda b: _number(b.vehicle.puissance_fiscale),
        "entier (CV)",
    ),
    Row(
        "Fiche véhicule : puissance DIN convertie (1 ch = 0,7355 kW)",
        "puissance_kw",
        _kw,
        "entier (kW)",
    ),
    Row(
        "Fiche véhicule : 4x4",
        "quatre_quatre",
        lambda b: _checkbox(b.vehicle.quatre_quatre),
        "case cochée : on",
    ),
    Row(
        "Fiche véhicule : immatriculation",
        "immatriculation",
        lambda b: b.vehicle.immatriculation,
        "AA-123-AA",
    ),
    Row(
        "Fiche véhicule : date de MEC",
        "date_premiere_immat",
        lambda b: _jj_mm_aaaa(b.vehicle.date_mec),
        "JJ/MM/AAAA",
    ),
    Row(
        "Fiche véhicule : cylindrée",
        "cylindree",
        lambda b: _number(b.vehicle.cylindree),
        "entier (cm³)",
    ),
    Row(
        "Fiche véhicule : puissance DIN",
        "puissance_din",
        lambda b: _number(b.vehicle.puissance_din),
        "entier (ch)",
    ),
    Row("Fiche véhicule : kilométrage", "km_vente", lambda b: _number(b.vehicle.km), "entier"),
    Row(
        "BDC : date de livraison (clôture)",
        "date_livraison",
        lambda b: _jj_mm_aaaa(b.livraison.date if b.livraison else None),
        "JJ/MM/AAAA",
    ),
    Row(
        f"Fiche véhicule : kilométrage garanti, {NO_GUARANTEED_KM} sans garantie de km",
        "km_garantie_constructeur",
        lambda b: str(b.vehicle.km_garantie_constructeur or NO_GUARANTEED_KM),
        "entier",
    ),
    Row("Fiche véhicule : marque", "marque", lambda b: b.vehicle.marque.upper(), "majuscules"),
    Row("Fiche véhicule : modèle", "modele", lambda b: b.vehicle.modele),
    Row("Fiche véhicule : version", "version", lambda b: b.vehicle.version),
    Row("Fiche véhicule : VIN", "vin", lambda b: b.vehicle.vin, "17 caractères"),
    Row(
        "Offre : prix total du véhicule TTC (produits additionnels compris)",
        "prix_vente",
        lambda b: _amount(b.offer.total_ttc),
        "15 000,00",
    ),
    Row(
        "Offre : valeur de reprise",
        "valeur_reprise",
        lambda b: _amount(b.offer.valeur_reprise),
        "15 000,00",
    ),
    Row("Fiche véhicule : cote", "cote_vehicule", lambda b: _amount(b.vehicle.cote), "15 000,00"),
    Row(
        "Fiche véhicule : niveau de la garantie",
        "garantie",
        _level,
        "SPOTICAR ESSENTIAL, SPOTICAR ADVANCED, SPOTICAR PREMIUM, DS CERTIFIED",
    ),
    Row("Fiche véhicule : durée de la garantie", "duree", _duration, "6, 12, 24"),
    Row(
        "BDC : date de livraison",
        "date_debut_garantie",
        lambda b: _jj_mm_aaaa(b.debut_garantie),
        "JJ/MM/AAAA",
    ),
    Row(
        "BDC : date de livraison + durée de la garantie (même jour, borné à la fin du mois)",
        "date_fin_garantie",
        lambda b: _jj_mm_aaaa(b.fin_garantie),
        "JJ/MM/AAAA",
    ),
    Row(
        "Offre : produit additionnel de fidélisation, sinon Aucun",
        "produit_fidelisation",
        _loyalty_product,
        "Aucun, Contrat d'entretien, Extension de garantie",
    ),
)


def build_prefill(bdc: BonDeCommande) -> dict[str, str | list[str]]:
    """The Centralisateur form's pre-fill for a closed BDC; unknown values are left out.

    Raises CodeRrdiManquant (no seller code without it), BdcAnnule or BdcNonCloture (no
    delivery date, so no warranty dates).
    """
    check_site(bdc.site)
    require_closed(bdc)
    prefill: dict[str, str | list[str]] = {}
    for row in MAPPING:
        value = row.convert(bdc)
        if value is not None and value != "":
            prefill[row.field] = value
    return prefill


def mapping_markdown() -> str:
    """The table as Markdown, for the README: one line per form field."""
    lines = [
        "| Champ du Centralisateur | Source PVO² | Format |",
        "| --- | --- | --- |",
    ]
    for row in MAPPING:
        lines.append(f"| `{row.field}` | {row.source} | {row.fmt} |")
    return "\n".join(lines) + "\n"
