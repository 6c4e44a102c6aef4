"""Limits that agree on the way to PSA Assurance: what PVO² hands Guidewire is checked first by
PVO² (`pvo_client.psa_checks`), so a refusal names the BDC's field. Each limit is tried with a
running Guidewire at the limit (a policy is issued) and one over (PVO² refuses, naming it)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from marshmallow import validate

from fake_guidewire import schemas as guidewire
from harness.admin_client import SandboxAdmin
from pvo_client import psa_checks
from pvo_client.bdc_file import load_bdc
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import declare_psa
from pvo_client.result import INSURED, PSA, PVO2

BDC = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures"
        / "bdc"
        / "8120417-peugeot-208-puretech-allure.json"
    ).read_text(encoding="utf-8")
)
BDC["client"]["email"] = "jean.dupond@exemple.fr"  # PSA Assurance needs one
CODE = "DONNEES_PSA_INVALIDES"


def _bound(schema: type[Any], name: str) -> int:
    (found,) = [
        v.max
        for v in schema().fields[name].validators
        if isinstance(v, validate.Length | validate.Range)
    ]
    return int(found)


def test_pvo2_s_limits_are_guidewire_s() -> None:
    assert _bound(guidewire.PersonInSchema, "firstName") == psa_checks.MAX_NAME
    assert _bound(guidewire.PersonInSchema, "lastName") == psa_checks.MAX_NAME
    assert _bound(guidewire.AddressSchema, "addressLine1") == psa_checks.MAX_ADDRESS
    assert _bound(guidewire.AddressSchema, "city") == psa_checks.MAX_ADDRESS
    assert _bound(guidewire.VehicleInSchema, "make") == psa_checks.MAX_MAKE
    assert _bound(guidewire.VehicleInSchema, "model") == psa_checks.MAX_MODEL
    assert _bound(guidewire.VehicleInSchema, "odometer") == psa_checks.MAX_ODOMETER
    assert _bound(guidewire.RefInSchema, "id") == psa_checks.MAX_PRODUCER_CODE


def _with(path: str, value: Any, start: dict[str, Any] = BDC) -> dict[str, Any]:
    """A copy of the BDC file with one value changed (None: removed)."""
    document = copy.deepcopy(start)
    *parents, key = path.split(".")
    part = document
    for name in parents:
        part = part[name]
    if value is None:
        part.pop(key, None)
    else:
        part[key] = value
    return document


LENGTHS = [
    ("client.prenom", psa_checks.MAX_NAME, "Le prénom du client", "la fiche client"),
    ("client.nom", psa_checks.MAX_NAME, "Le nom du client", "la fiche client"),
    ("client.adresse.ligne", psa_checks.MAX_ADDRESS, "L'adresse du client", "la fiche client"),
    ("client.adresse.ville", psa_checks.MAX_ADDRESS, "La ville du client", "la fiche client"),
    ("vehicule.marque", psa_checks.MAX_MAKE, "La marque du véhicule", "la fiche du véhicule"),
    ("vehicule.modele", psa_checks.MAX_MODEL, "Le modèle du véhicule", "la fiche du véhicule"),
]


@pytest.mark.parametrize(("path", "limit", "what", "where"), LENGTHS, ids=[c[0] for c in LENGTHS])
def test_a_text_at_guidewire_s_limit_is_insured_one_over_pvo2_names_it(
    sandbox: SandboxAdmin,
    guidewire_client: GuidewireClient,
    path: str,
    limit: int,
    what: str,
    where: str,
) -> None:
    insured = declare_psa(load_bdc(_with(path, "X" * limit)), guidewire_client)
    assert (insured.accepted, insured.stage) == (True, INSURED), insured.messages
    assert insured.policy_number

    refused = declare_psa(load_bdc(_with(path, "X" * (limit + 1))), guidewire_client)
    assert (refused.accepted, refused.stage, refused.error_code) == (False, PVO2, CODE)
    assert refused.messages == [
        f"{what} ne doit pas dépasser {limit} caractères pour PSA Assurance ({limit + 1} "
        f"saisis) : corrigez {where} dans PVO²."
    ]


def test_a_mileage_over_guidewire_s_limit_is_named_by_pvo2(
    sandbox: SandboxAdmin, guidewire_client: GuidewireClient
) -> None:
    """At the limit Guidewire takes the value (its underwriting then declines the mileage);
    one over, PVO² refuses it first."""
    at_limit = declare_psa(load_bdc(_with("vehicule.km", 2_000_000)), guidewire_client)
    assert (at_limit.stage, at_limit.error_code) == (
        PSA,
        "gw.job.uw.UWAuthorityBlocksProgressException",
    )
    over = declare_psa(load_bdc(_with("vehicule.km", 2_000_001)), guidewire_client)
    assert (over.stage, over.error_code) == (PVO2, CODE)
    assert over.messages == [
        "Le kilométrage ne doit pas dépasser 2 000 000 km pour PSA Assurance : corrigez la "
        "fiche du véhicule dans PVO²."
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"client.telephone_fixe": None, "client.telephone_mobile": None},
            "Le téléphone du client est nécessaire à PSA Assurance : complétez la fiche client "
            "dans PVO².",
        ),
        (
            {"vehicule.vin": None},
            "Le VIN du véhicule est nécessaire à PSA Assurance : complétez la fiche du véhicule "
            "dans PVO².",
        ),
        (
            {"vehicule.date_mec": "31/12/1899"},
            "La date de mise en circulation doit être comprise entre le 01/01/1900 et le "
            "31/12/2099 pour PSA Assurance : corrigez la fiche du véhicule dans PVO².",
        ),
    ],
    ids=["telephone", "vin", "date_mec"],
)
def test_what_guidewire_needs_is_asked_by_pvo2(
    guidewire_client: GuidewireClient, changes: dict[str, Any], message: str
) -> None:
    document = BDC
    for path, value in changes.items():
        document = _with(path, value, document)
    refused = declare_psa(load_bdc(document), guidewire_client)
    assert (refused.stage, refused.error_code, refused.messages) == (PVO2, CODE, [message])
