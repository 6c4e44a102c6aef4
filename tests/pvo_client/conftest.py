"""BDCs for the PVO² tests: the committed examples, and an offer built in code to vary."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from pvo_client.bdc_file import read_bdc
from pvo_client.domain import BonDeCommande, Offer
from tests.pvo_client.pvo_paths import DS3, OPEN


@pytest.fixture
def closed_bdc() -> BonDeCommande:
    """The tutorial's DS 3 Crossback E-Tense, BDC n°7414134, closed on 01/12/2021."""
    return read_bdc(DS3)


@pytest.fixture
def open_bdc() -> BonDeCommande:
    return read_bdc(OPEN)


@pytest.fixture
def offer(closed_bdc: BonDeCommande) -> Offer:
    """Offer n°7414134 of 01/12/2021, 15 000,00 € TTC, no additional product."""
    return replace(closed_bdc.offer, prix_ttc=Decimal("15000.00"), date_creation=date(2021, 12, 1))
