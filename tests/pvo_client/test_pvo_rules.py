"""Each precondition of the tutorial, refused with its own error and French message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from pvo_client.domain import BonDeCommande, Garantisseur, Label, Offer, Warranty, WarrantyLevel
from pvo_client.rules import (
    BdcAnnule,
    BdcNonCloture,
    CodeRrdiManquant,
    CommandeIntrouvable,
    DateLivraisonAnterieure,
    DateLivraisonManquante,
    FicheVehiculeIncomplete,
    GarantieHorsLabel,
    GarantisseurAbsent,
    LabelManquant,
    NiveauGarantieManquant,
    OffreExpiree,
    PvoError,
    cancel_bdc,
    check_declarable,
    close_bdc,
    generate_bdc,
    select_commande,
)

ON = date(2021, 12, 1)
SHEET = (
    "Il est indispensable de sélectionner sur la fiche du véhicule le Label Spoticar ou "
    "DS Certified et le niveau de garantie souhaitée."
)


def _vehicle(offer: Offer, **changes: object) -> Offer:
    return replace(offer, vehicle=replace(offer.vehicle, **changes))


def test_generate_bdc_numbered_like_its_offer(offer: Offer) -> None:
    bdc = generate_bdc(offer, on=ON)
    assert (bdc.numero, bdc.date, bdc.is_closed) == ("7414134", ON, False)
    assert generate_bdc(offer, on=ON, numero="7500001").numero == "7500001"


@pytest.mark.parametrize("code_rrdi", [None, "", "  "])
def test_no_code_rrdi(offer: Offer, code_rrdi: str | None) -> None:
    offer = replace(offer, site=replace(offer.site, code_rrdi=code_rrdi))
    with pytest.raises(CodeRrdiManquant) as error:
        generate_bdc(offer, on=ON)
    assert error.value.message == (
        "Le code RRDI Spoticar du site DEMO CDDS SPOTICAR n'est pas renseigné : complétez-le "
        "dans Paramètres > Fiche d'identité du site (bloc Identification, champ Code RRDI)."
    )
    assert isinstance(error.value, PvoError)


def test_no_label(offer: Offer) -> None:
    with pytest.raises(LabelManquant) as error:
        generate_bdc(_vehicle(offer, label=None), on=ON)
    assert error.value.message == (
        f"Le véhicule CC-333-CC n'a pas de label constructeur Spoticar ou DS Certified. {SHEET}"
    )


def test_no_warranty_level(offer: Offer) -> None:
    with pytest.raises(NiveauGarantieManquant) as error:
        generate_bdc(_vehicle(offer, garantie=None), on=ON)
    assert error.value.message == f"Le véhicule CC-333-CC n'a pas de niveau de garantie. {SHEET}"


def test_warranty_of_the_other_label(offer: Offer) -> None:
    changed = _vehicle(offer, label=Label.DS_CERTIFIED)
    with pytest.raises(GarantieHorsLabel) as error:
        generate_bdc(changed, on=ON)
    assert error.value.message == (
        "La garantie Spoticar-Essential 6 mois ne correspond pas au label DS CERTIFIED du "
        f"véhicule CC-333-CC. {SHEET}"
    )
    ds = _vehicle(changed, garantie=Warranty(WarrantyLevel.DS_CERTIFIED, 12))
    assert generate_bdc(ds, on=ON).vehicle.label is Label.DS_CERTIFIED


def test_expired_offer(offer: Offer) -> None:
    assert generate_bdc(offer, on=date(2021, 12, 8))
    with pytest.raises(OffreExpiree) as error:
        generate_bdc(offer, on=date(2021, 12, 9))
    assert error.value.message == (
        "L'offre n°7414134 n'est plus valable : sa validité allait du 01/12/2021 au "
        "08/12/2021. Créez une nouvelle offre à particulier."
    )


def test_close_with_the_delivery_date(offer: Offer) -> None:
    bdc = close_bdc(generate_bdc(offer, on=ON), date(2021, 12, 7), heure=time(14, 30), on=ON)
    assert bdc.is_closed
    assert bdc.livraison is not None
    assert (bdc.livraison.date, bdc.livraison.heure, bdc.livraison.site) == (
        date(2021, 12, 7),
        time(14, 30),
        "DEMO CDDS SPOTICAR",
    )
    assert bdc.date_cloture == ON
    moved = close_bdc(bdc, date(2021, 12, 10), on=date(2021, 12, 3))
    assert moved.livraison is not None and moved.livraison.date == date(2021, 12, 10)
    assert moved.date_cloture == ON


def test_close_without_a_date(offer: Offer) -> None:
    with pytest.raises(DateLivraisonManquante) as error:
        close_bdc(generate_bdc(offer, on=ON), None)
    assert error.value.message == (
        "Renseignez la date de livraison du bon de commande n°7414134 (Livraison prévue le) "
        "avant de cliquer sur Clôturer."
    )


def test_close_before_the_bdc(offer: Offer) -> None:
    with pytest.raises(DateLivraisonAnterieure) as error:
        close_bdc(generate_bdc(offer, on=ON), date(2021, 11, 30))
    assert error.value.message == (
        "La date de livraison (30/11/2021) ne peut pas précéder la date du bon de commande "
        "n°7414134 (01/12/2021)."
    )


def test_declarable(closed_bdc: BonDeCommande) -> None:
    for plugin in Garantisseur:
        assert check_declarable(closed_bdc, plugin) is plugin
    assert check_declarable(closed_bdc, "Déclaration de garantie Spoticar") is (
        Garantisseur.SPOTICAR
    )


def test_not_closed_is_not_declarable(open_bdc: BonDeCommande) -> None:
    with pytest.raises(BdcNonCloture) as error:
        check_declarable(open_bdc, Garantisseur.SPOTICAR)
    assert error.value.message == (
        "Le bon de commande n°7400056 n'est pas clôturé : complétez les informations de "
        "livraison (la date à minima) puis cliquez sur Clôturer avant de déclarer la garantie."
    )


def test_cancelled_is_not_declarable(closed_bdc: BonDeCommande) -> None:
    with pytest.raises(BdcAnnule) as error:
        check_declarable(cancel_bdc(closed_bdc), Garantisseur.SPOTICAR)
    assert error.value.message == "Le bon de commande n°7414134 est annulé."
    with pytest.raises(BdcAnnule):
        close_bdc(cancel_bdc(closed_bdc), date(2021, 12, 2))


def test_declaring_needs_the_code_rrdi(closed_bdc: BonDeCommande) -> None:
    site = replace(closed_bdc.site, code_rrdi=None)
    with pytest.raises(CodeRrdiManquant):
        check_declarable(closed_bdc, Garantisseur.SPOTICAR, site)


def test_declaring_needs_the_vehicle_sheet(closed_bdc: BonDeCommande) -> None:
    bdc = replace(closed_bdc, offer=_vehicle(closed_bdc.offer, garantie=None))
    with pytest.raises(NiveauGarantieManquant):
        check_declarable(bdc, Garantisseur.SPOTICAR)


def test_plugin_missing_from_the_site(closed_bdc: BonDeCommande) -> None:
    site = replace(closed_bdc.site, garantisseurs=(Garantisseur.PSA_INSURANCE,))
    with pytest.raises(GarantisseurAbsent) as error:
        check_declarable(closed_bdc, Garantisseur.SPOTICAR, site)
    assert error.value.message == (
        "Le garantisseur « Déclaration de garantie Spoticar » n'existe pas dans la liste "
        "Garantisseur du site DEMO CDDS SPOTICAR : merci de contacter le support PVO² au "
        "09.77.55.04.17."
    )
    assert check_declarable(closed_bdc, Garantisseur.PSA_INSURANCE, site)


def test_unknown_plugin(closed_bdc: BonDeCommande) -> None:
    with pytest.raises(GarantisseurAbsent) as error:
        check_declarable(closed_bdc, "Garantie Maison")
    assert error.value.message == (
        "Le garantisseur « Garantie Maison » n'existe pas dans la liste Garantisseur du site "
        "DEMO CDDS SPOTICAR : merci de contacter le support PVO² au 09.77.55.04.17."
    )
    assert error.value.__cause__ is None and error.value.__suppress_context__


def test_select_commande_from_livraisons(
    closed_bdc: BonDeCommande, open_bdc: BonDeCommande
) -> None:
    assert select_commande([open_bdc, closed_bdc], "7414134") is closed_bdc
    with pytest.raises(CommandeIntrouvable) as error:
        select_commande([open_bdc, closed_bdc], "7400056")
    assert error.value.message == (
        "Aucune commande n°7400056 dans les Livraisons : seuls les bons de commande "
        "clôturés y figurent."
    )


def test_error_codes_are_distinct() -> None:
    classes = PvoError.__subclasses__()
    every = classes + [c for k in classes for c in k.__subclasses__()]
    codes = [c.code for c in every]
    assert len(codes) == len(set(codes))


# Every refusal's code, as the desk's API (`error_code`) and `DeclarationResult` expose it.
CODES: dict[type[PvoError], str] = {
    PvoError: "PVO_ERROR",
    CodeRrdiManquant: "CODE_RRDI_MANQUANT",
    FicheVehiculeIncomplete: "FICHE_VEHICULE_INCOMPLETE",
    LabelManquant: "LABEL_MANQUANT",
    NiveauGarantieManquant: "NIVEAU_GARANTIE_MANQUANT",
    GarantieHorsLabel: "GARANTIE_HORS_LABEL",
    OffreExpiree: "OFFRE_EXPIREE",
    BdcAnnule: "BDC_ANNULE",
    DateLivraisonManquante: "DATE_LIVRAISON_MANQUANTE",
    DateLivraisonAnterieure: "DATE_LIVRAISON_ANTERIEURE",
    BdcNonCloture: "BDC_NON_CLOTURE",
    GarantisseurAbsent: "GARANTISSEUR_ABSENT",
    CommandeIntrouvable: "COMMANDE_INTROUVABLE",
}


def test_each_refusal_has_its_documented_code() -> None:
    every = {PvoError, *PvoError.__subclasses__()}
    every |= {c for k in list(every) for c in k.__subclasses__()}
    assert {c for c in every if c.__module__ == "pvo_client.rules"} == set(CODES)
    assert {cls: cls.code for cls in CODES} == CODES
    plain = PvoError("Refus.")
    assert (plain.message, str(plain), plain.code) == ("Refus.", "Refus.", "PVO_ERROR")


@pytest.mark.parametrize(
    ("day", "valid"),
    [
        (date(2021, 11, 30), False),
        (ON, True),
        (date(2021, 12, 8), True),
        (date(2021, 12, 9), False),
    ],
)
def test_an_offer_is_valid_from_its_creation_to_its_seventh_day(
    offer: Offer, day: date, valid: bool
) -> None:
    if valid:
        assert generate_bdc(offer, on=day).date == day
    else:
        with pytest.raises(OffreExpiree):
            generate_bdc(offer, on=day)


def test_generating_without_a_day_uses_today(offer: Offer) -> None:
    today = date.today()
    fresh = replace(offer, date_creation=today)
    assert generate_bdc(fresh).date in {today, date.today()}


@pytest.mark.parametrize("days", [0, 1])
def test_delivery_on_or_after_the_bdc_day_closes_it(offer: Offer, days: int) -> None:
    delivery = ON + timedelta(days=days)
    bdc = close_bdc(generate_bdc(offer, on=ON), delivery, on=ON)
    assert bdc.livraison is not None
    assert (bdc.livraison.date, bdc.livraison.heure) == (delivery, None)


def test_delivery_place_is_the_one_given(offer: Offer) -> None:
    bdc = close_bdc(generate_bdc(offer, on=ON), ON, site="Atelier de Lyon", on=ON)
    assert bdc.livraison is not None and bdc.livraison.site == "Atelier de Lyon"


def test_closing_without_a_day_dates_it_today(offer: Offer) -> None:
    today = date.today()
    bdc = close_bdc(generate_bdc(offer, on=ON), date(2021, 12, 2))
    assert bdc.date_cloture in {today, date.today()}


def test_closing_again_keeps_the_first_closing_day(closed_bdc: BonDeCommande) -> None:
    first = closed_bdc.date_cloture
    assert first is not None
    assert close_bdc(closed_bdc, date(2021, 12, 20)).date_cloture == first


def test_a_cancelled_bdc_cannot_be_closed(closed_bdc: BonDeCommande) -> None:
    cancelled = cancel_bdc(closed_bdc)
    assert cancelled.annule and not closed_bdc.annule
    with pytest.raises(BdcAnnule) as error:
        close_bdc(cancelled, None)
    assert error.value.message == "Le bon de commande n°7414134 est annulé."


def test_declaring_checks_in_the_tutorial_order(
    closed_bdc: BonDeCommande, open_bdc: BonDeCommande
) -> None:
    """Code RRDI first, then cancelled, then not closed, then the vehicle sheet, then the plugin."""
    no_rrdi = replace(closed_bdc.site, code_rrdi=" ")
    cancelled_open = cancel_bdc(open_bdc)
    with pytest.raises(CodeRrdiManquant):
        check_declarable(cancelled_open, "Garantie Maison", no_rrdi)
    with pytest.raises(BdcAnnule):
        check_declarable(cancelled_open, "Garantie Maison")
    no_label = replace(open_bdc, offer=_vehicle(open_bdc.offer, label=None))
    with pytest.raises(BdcNonCloture):
        check_declarable(no_label, "Garantie Maison")
    closed_no_label = replace(closed_bdc, offer=_vehicle(closed_bdc.offer, label=None))
    with pytest.raises(LabelManquant):
        check_declarable(closed_no_label, "Garantie Maison")
    other_label = replace(closed_bdc, offer=_vehicle(closed_bdc.offer, label=Label.DS_CERTIFIED))
    with pytest.raises(GarantieHorsLabel):
        check_declarable(other_label, Garantisseur.SPOTICAR)


def test_the_given_site_decides_not_the_bdc_one(closed_bdc: BonDeCommande) -> None:
    without_rrdi = replace(
        closed_bdc, offer=replace(closed_bdc.offer, site=replace(closed_bdc.site, code_rrdi=None))
    )
    assert check_declarable(without_rrdi, Garantisseur.SPOTICAR, closed_bdc.site) is (
        Garantisseur.SPOTICAR
    )


def test_a_plugin_named_in_another_case_is_reported_by_its_own_label(
    closed_bdc: BonDeCommande,
) -> None:
    site = replace(closed_bdc.site, garantisseurs=(Garantisseur.SPOTICAR,))
    with pytest.raises(GarantisseurAbsent) as error:
        check_declarable(closed_bdc, "déclaration psa INSURANCE", site)
    assert error.value.message == (
        "Le garantisseur « Déclaration PSA Insurance » n'existe pas dans la liste Garantisseur "
        "du site DEMO CDDS SPOTICAR : merci de contacter le support PVO² au 09.77.55.04.17."
    )


def test_a_cancelled_bdc_is_not_in_the_livraisons(closed_bdc: BonDeCommande) -> None:
    with pytest.raises(CommandeIntrouvable):
        select_commande([cancel_bdc(closed_bdc)], "7414134")
