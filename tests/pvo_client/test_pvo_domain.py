"""Prices, offer validity, warranties and the Livraisons list."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest

from pvo_client.domain import (
    BdcStatus,
    BonDeCommande,
    Energie,
    Garantisseur,
    Livraison,
    Offer,
    ProduitAdditionnel,
    Warranty,
    WarrantyLevel,
    livraisons,
    price_ht,
)


def test_tutorial_price_ht(offer: Offer) -> None:
    assert offer.total_ttc == Decimal("15000.00")
    assert offer.total_ht == Decimal("12500.00")
    assert offer.tva == Decimal("2500.00")


@pytest.mark.parametrize(
    ("ttc", "ht"),
    [("56000.00", "46666.67"), ("0.01", "0.01"), ("0.00", "0.00"), ("16890.00", "14075.00")],
)
def test_price_ht_rounds_to_the_cent(ttc: str, ht: str) -> None:
    assert price_ht(Decimal(ttc)) == Decimal(ht)


def test_additional_products_count_in_the_total(offer: Offer) -> None:
    products = (ProduitAdditionnel("Tapis", Decimal("120.00")),)
    offer = replace(offer, produits_additionnels=products)
    assert offer.total_produits_ttc == Decimal("120.00")
    assert offer.total_ttc == Decimal("15120.00")
    assert offer.total_ht == Decimal("12600.00")


def test_offer_is_valid_seven_days(offer: Offer) -> None:
    # "Validité de l'offre du 01/12/2021 au 08/12/2021"
    assert offer.date_fin_validite == date(2021, 12, 8)
    assert offer.is_valid_on(date(2021, 12, 1))
    assert offer.is_valid_on(date(2021, 12, 8))
    assert not offer.is_valid_on(date(2021, 12, 9))
    assert not offer.is_valid_on(date(2021, 11, 30))


def test_unknown_sale_origin_is_refused(offer: Offer) -> None:
    with pytest.raises(ValueError, match="Origine de la vente"):
        replace(offer, origine_vente="Foire")


@pytest.mark.parametrize(
    ("text", "level", "months"),
    [
        ("Spoticar-Premium 12 mois", WarrantyLevel.PREMIUM, 12),
        ("Spoticar-Premium 12 Mois", WarrantyLevel.PREMIUM, 12),
        ("Spoticar-Essential 6 mois", WarrantyLevel.ESSENTIAL, 6),
        ("SPOTICAR ADVANCED 12", WarrantyLevel.ADVANCED, 12),
        ("DS Certified 24 mois", WarrantyLevel.DS_CERTIFIED, 24),
    ],
)
def test_warranty_names(text: str, level: WarrantyLevel, months: int) -> None:
    warranty = Warranty.parse(text)
    assert (warranty.level, warranty.months) == (level, months)


def test_warranty_duration_must_be_sold_for_the_level() -> None:
    with pytest.raises(ValueError, match="Spoticar-Essential se vend pour 6 mois"):
        Warranty(WarrantyLevel.ESSENTIAL, 12)
    with pytest.raises(ValueError):
        Warranty.parse("Spoticar-Gold 12 mois")


def test_warranty_print_name() -> None:
    warranty = Warranty(WarrantyLevel.PREMIUM, 12)
    assert warranty.name == "Spoticar-Premium 12 mois"
    assert warranty.print_name == "Spoticar-Premium 12 Mois"
    assert warranty.level.label.value == "SPOTICAR"


def test_energy_accepts_pvo_spellings() -> None:
    assert Energie.parse("Electricité") is Energie.ELECTRIQUE
    assert Energie.parse("Hybride rechargeable") is Energie.HYBRIDE_RECHARGEABLE
    assert Energie.parse("hydrogène") is Energie.HYDROGENE


def test_garantisseur_labels() -> None:
    assert [g.value for g in Garantisseur] == [
        "Déclaration de garantie Spoticar",
        "Déclaration PSA Insurance",
    ]
    assert Garantisseur.parse("Déclaration de garantie SPOTICAR") is Garantisseur.SPOTICAR


def test_status_and_warranty_period(closed_bdc: BonDeCommande, open_bdc: BonDeCommande) -> None:
    assert closed_bdc.status is BdcStatus.CLOTURE
    assert closed_bdc.debut_garantie == date(2021, 12, 1)
    assert closed_bdc.fin_garantie == date(2022, 6, 1)
    assert open_bdc.status is BdcStatus.EN_COURS
    assert open_bdc.debut_garantie is None
    assert replace(closed_bdc, annule=True).status is BdcStatus.ANNULE


def test_livraisons_lists_closed_orders_by_delivery(
    closed_bdc: BonDeCommande, open_bdc: BonDeCommande
) -> None:
    earlier = replace(closed_bdc, numero="1", livraison=Livraison(date(2021, 11, 29), time(0)))
    cancelled = replace(closed_bdc, numero="2", annule=True)
    assert livraisons([closed_bdc, open_bdc, cancelled, earlier]) == (earlier, closed_bdc)
