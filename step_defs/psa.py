"""Steps of the "Déclaration PSA Insurance": PVO² and PSA Assurance's Guidewire, over HTTP."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from pvo_client.bdc_file import load_bdc
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import declare_psa
from pvo_client.result import DeclarationResult
from sandbox.french import format_amount


@pytest.fixture
def guidewire(guidewire_client: GuidewireClient) -> GuidewireClient:
    """PVO²'s client of PSA Assurance (the pytest plugin's, on the reset sandbox)."""
    return guidewire_client


@given(parsers.parse('le nom du client est "{nom}"'))
def client_name(bdc_document: dict[str, Any], nom: str) -> None:
    bdc_document["client"]["nom"] = nom


@when(
    'le vendeur déclare le bon de commande avec le garantisseur "Déclaration PSA Insurance"',
    target_fixture="psa_result",
)
def declare_to_psa(bdc_document: dict[str, Any], guidewire: GuidewireClient) -> DeclarationResult:
    return declare_psa(load_bdc(copy.deepcopy(bdc_document)), guidewire)


@then(parsers.parse('PSA Assurance émet une police dont le numéro commence par "{prefixe}"'))
def policy_issued(psa_result: DeclarationResult, prefixe: str) -> None:
    assert psa_result.accepted, psa_result.messages
    assert psa_result.policy_number and psa_result.policy_number.startswith(prefixe)


@then("la police est retrouvée chez PSA Assurance avec le VIN du véhicule")
def policy_found(
    psa_result: DeclarationResult, guidewire: GuidewireClient, bdc_document: dict[str, Any]
) -> None:
    assert psa_result.policy_id
    policy = guidewire.get_policy(psa_result.policy_id)
    assert policy.policy_number == psa_result.policy_number
    assert policy.vin == bdc_document["vehicule"]["vin"]


@then(parsers.parse('la prime est de "{montant}"'))
def premium(psa_result: DeclarationResult, montant: str) -> None:
    assert format_amount(psa_result.premium) == montant


@then(parsers.parse('PSA Assurance refuse avec un message commençant par "{debut}"'))
def psa_refused(psa_result: DeclarationResult, debut: str) -> None:
    assert not psa_result.accepted and psa_result.stage == "psa"
    assert psa_result.messages[0].startswith(debut), psa_result.messages
    assert psa_result.raw_error.get("errorCode")  # the raw Guidewire error is kept


@then("aucune police n'est émise")
def no_policy(psa_result: DeclarationResult) -> None:
    assert psa_result.policy_number is None


@then(parsers.parse('PSA Assurance n\'est pas contacté et PVO² affiche "{message}"'))
def refused_in_pvo2(psa_result: DeclarationResult, message: str) -> None:
    assert psa_result.stage == "pvo2"
    assert psa_result.messages == [message]
