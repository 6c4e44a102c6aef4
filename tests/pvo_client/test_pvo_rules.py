"""Each precondition of the tutorial, refused with its own error and French message."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from pvo_client.domain import BonDeCommande, Garantisseur, Label, Offer, Warranty, WarrantyLevel
from pvo_client.rules import (
    BdcAnnule,
    BdcNonCloture,
    CodeRrdiManquant,
    CommandeIntrouvable,
    DateLivraisonAnterieure,
    DateLivraisonManquante,
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
    assert error.value.message.startswith("Le véhicule CC-333-CC n'a pas de label constructeur")
    assert error.value.message.endswith(SHEET)


def test_no_warranty_level(offer: Offer) -> None:
    with pytest.raises(NiveauGarantieManquant) as error:
        generate_bdc(_vehicle(offer, garantie=None), on=ON)
    assert error.value.message == f"Le véhicule CC-333-CC n'a pas de niveau de garantie. {SHEET}"


def test_warranty_of_the_other_label(offer: Offer) -> None:
    changed = _vehicle(offer, label=Label.DS_CERTIFIED)
    with pytest.raises(GarantieHorsLabel) as error:
        generate_bdc(changed, on=ON)
    assert "La garantie Spoticar-Essential 6 mois ne correspond pas au label DS CERTIFIED" in (
        error.value.message
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
    with pytest.raises(BdcAnnule, match=r"Le bon de commande n°7414134 est annulé\."):
        check_declarable(cancel_bdc(closed_bdc), Garantisseur.SPOTICAR)
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
    with pytest.raises(GarantisseurAbsent, match=r"« Garantie Maison ».*09\.77\.55\.04\.17"):
        check_declarable(closed_bdc, "Garantie Maison")


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
