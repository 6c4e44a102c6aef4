"""Generated BDCs hold what the registry and the three labels would issue: SIV plates without
I, O, U, SS or a first WW, and Spoticar, DS Certified and Alfa Romeo Certified vehicles alike."""

from __future__ import annotations

from datetime import date

import pytest

from harness.admin_client import SandboxAdmin
from harness.generate import bdc_faker, generate_bdc
from harness.providers import is_issued_plate
from pvo_client.bdc_file import load_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.flow import declare
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import declare_psa
from sandbox.dealers import DEMO_DEALERS

DAY = date(2025, 11, 30)
SEEDS = range(60)


@pytest.mark.parametrize(
    ("plate", "issued"),
    [
        ("AB-123-CD", True),
        ("AA-000-AA", True),
        ("AB-123-WW", True),
        ("WW-123-AB", False),
        ("SS-123-AB", False),
        ("AB-123-SS", False),
        ("AI-123-AB", False),
        ("AB-123-AO", False),
        ("UB-123-AB", False),
        ("AB-12-CD", False),
    ],
)
def test_only_plates_the_siv_issues_are_issued(plate: str, issued: bool) -> None:
    assert is_issued_plate(plate) is issued


def test_generated_plates_are_issued_ones() -> None:
    plates = [generate_bdc(bdc_faker(seed), DAY)["vehicule"]["immatriculation"] for seed in SEEDS]
    assert [p for p in plates if not is_issued_plate(p)] == []


def test_the_three_labels_are_generated() -> None:
    labels = {generate_bdc(bdc_faker(seed), DAY)["vehicule"]["label"] for seed in SEEDS}
    assert labels == {"SPOTICAR", "DS CERTIFIED", "ALFA ROMEO CERTIFIED"}


def _first_seed_of(label: str) -> int:
    """The first seed drawing `label`: the draws do not depend on the day given."""
    return next(
        seed for seed in SEEDS if generate_bdc(bdc_faker(seed), DAY)["vehicule"]["label"] == label
    )


def test_a_generated_alfa_romeo_is_declared_with_both_plugins(sandbox: SandboxAdmin) -> None:
    today = date.fromisoformat(sandbox.centralisateur.clock()["today"])
    bdc = load_bdc(generate_bdc(bdc_faker(_first_seed_of("ALFA ROMEO CERTIFIED")), today))
    assert bdc.vehicle.marque == "ALFA ROMEO"
    dealer = next(d for d in DEMO_DEALERS if d.code_rrdi == bdc.site.code_rrdi)
    portal = CentralisateurClient(sandbox.urls["centralisateur"], *dealer.login)
    spoticar = declare(bdc, portal, configure_profile=True)
    assert spoticar.accepted and spoticar.contract_number, spoticar.messages
    with GuidewireClient(sandbox.urls["guidewire"], "pvo2", "pvo2-secret") as guidewire:
        psa = declare_psa(bdc, guidewire)
    assert psa.accepted and psa.policy_number, psa.messages
