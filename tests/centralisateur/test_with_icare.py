"""The Centralisateur and Icare as real servers on loopback: contracts, refusals, Icare down."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
from flask import Flask

from harness.admin_client import SandboxAdmin
from harness.demo import TUTORIAL_FORM
from harness.servers import ServerThread
from pvo_client import flow
from pvo_client.bdc_file import read_bdc
from pvo_client.centralisateur import CentralisateurClient, CentralisateurError
from sandbox.dealers import AXILOG, GARAGE_DU_PARC
from tests.pvo_client.pvo_paths import ALFA

ICARE_AUTH = ("centralisateur", "centralisateur-secret")


@pytest.fixture
def dealer(sandbox: SandboxAdmin) -> CentralisateurClient:
    client = CentralisateurClient(sandbox.urls["centralisateur"], *AXILOG.login)
    client.configure_profile("IC-953617")
    return client


def icare_contracts(sandbox: SandboxAdmin, icare_id: str = "IC-953617") -> list[dict[str, Any]]:
    response = requests.get(
        f"{sandbox.urls['icare']}/api/v1/dealers/{icare_id}/contracts", auth=ICARE_AUTH, timeout=5
    )
    response.raise_for_status()
    body = response.json()
    return body if isinstance(body, list) else body.get("contracts", body.get("data", []))


def icare_contract(sandbox: SandboxAdmin, number: str) -> dict[str, Any]:
    response = requests.get(
        f"{sandbox.urls['icare']}/api/v1/contracts/{number}", auth=ICARE_AUTH, timeout=5
    )
    response.raise_for_status()
    return response.json()


def declare(dealer: CentralisateurClient, values: dict[str, Any]) -> Any:
    draft = dealer.create_declaration(values, "spoticar")
    return dealer.submit(draft.id)


def test_success_gives_both_numbers(
    sandbox: SandboxAdmin, dealer: CentralisateurClient, valid_form: dict[str, Any]
) -> None:
    declared = declare(dealer, valid_form)
    assert declared.number.startswith("DEC")
    assert declared.contract_status == "créé"
    assert declared.contract_number.startswith("IC")
    contract = icare_contract(sandbox, declared.contract_number)
    assert contract["vehicle"]["vin"] == valid_form["vin"]
    assert contract["holder"]["last_name"] == "Dupond"
    assert declared.myicare_url.endswith(declared.contract_number)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"km_vente": "180000"}, "VEHICLE_NOT_ELIGIBLE"),
        (
            {"date_premiere_immat": "01/01/2015", "date_livraison": "30/11/2025"},
            "VEHICLE_NOT_ELIGIBLE",
        ),
        ({"duree": "6"}, "DURATION_NOT_OFFERED"),
        ({"date_fin_garantie": "29/12/2026"}, "DATES_INCONSISTENT"),
    ],
)
def test_icare_refusal_is_shown_and_nothing_stored(
    sandbox: SandboxAdmin,
    dealer: CentralisateurClient,
    valid_form: dict[str, Any],
    change: dict[str, str],
    code: str,
) -> None:
    valid_form.update(change)
    with pytest.raises(CentralisateurError) as refused:
        declare(dealer, valid_form)
    assert refused.value.error_code == code
    assert refused.value.message  # Icare's French message, shown as is
    assert [d.number for d in dealer.declarations()] == [None]
    assert icare_contracts(sandbox) == []


@pytest.mark.parametrize("icare_id", ["IC-000000", GARAGE_DU_PARC.icare_id])
def test_an_icare_identifier_not_the_dealer_s_own_is_refused_in_its_profile(
    sandbox: SandboxAdmin, icare_id: str
) -> None:
    """Another dealer's would have its contracts made under that dealer, in its MyIcare."""
    dealer = CentralisateurClient(sandbox.urls["centralisateur"], *AXILOG.login)
    with pytest.raises(CentralisateurError) as refused:
        dealer.configure_profile(icare_id)
    assert refused.value.error_code == "PROFILE_INVALID"
    assert dealer.profile().icare_id is None


def test_vin_with_a_contract_in_force_is_refused(
    sandbox: SandboxAdmin, dealer: CentralisateurClient, valid_form: dict[str, Any]
) -> None:
    declare(dealer, valid_form)
    with pytest.raises(CentralisateurError) as refused:
        declare(dealer, valid_form)
    assert refused.value.error_code == "CONTRACT_IN_FORCE"
    assert len(icare_contracts(sandbox)) == 1


def test_icare_down_then_back_gives_exactly_one_contract(
    sandbox: SandboxAdmin, dealer: CentralisateurClient, valid_form: dict[str, Any]
) -> None:
    sandbox.icare.add_fault("/api/v1/contracts", "status", status=503)
    declared = declare(dealer, valid_form)
    assert declared.number is not None  # the declaration is kept
    assert declared.contract_status == "en attente"
    assert dealer.retry_contract(declared.id).contract_status == "en attente"  # still down

    sandbox.icare.clear_faults()
    retried = dealer.retry_contract(declared.id)
    assert retried.contract_status == "créé"
    assert retried.number == declared.number
    with pytest.raises(CentralisateurError):  # nothing pending any more
        dealer.retry_contract(declared.id)
    assert [c["contract_number"] for c in icare_contracts(sandbox)] == [retried.contract_number]


def test_icare_answer_lost_then_retry_is_not_duplicated(
    sandbox: SandboxAdmin,
    make_centralisateur: Callable[..., Flask],
    serve: Callable[..., ServerThread],
    valid_form: dict[str, Any],
) -> None:
    """Icare creates the contract but the connection breaks before the answer arrives: here a
    Centralisateur of the sandbox's Icare that waits 1 s for an answer (5 s by default)."""
    centralisateur = serve(
        make_centralisateur(ICARE_URL=sandbox.urls["icare"], ICARE_READ_TIMEOUT=1.0)
    )
    dealer = CentralisateurClient(centralisateur.url, *AXILOG.login)
    dealer.configure_profile("IC-953617")
    sandbox.icare.add_fault("/api/v1/contracts", "delay", delay_ms=1500, times=1)
    declared = declare(dealer, valid_form)  # the Centralisateur gives up after its read timeout
    assert declared.contract_status == "en attente"
    retried = dealer.retry_contract(declared.id)
    assert retried.contract_status == "créé"
    # The late first request then reaches Icare's store too: it must find the same contract.
    deadline = time.monotonic() + 10
    while len(_contract_posts(sandbox)) < 2:
        assert time.monotonic() < deadline, "Icare never finished the first request"
        time.sleep(0.1)
    assert {entry["status"] for entry in _contract_posts(sandbox)} <= {200, 201}
    assert len(icare_contracts(sandbox)) == 1


def _contract_posts(sandbox: SandboxAdmin) -> list[dict[str, Any]]:
    return sandbox.icare.journal(method="POST", path="/api/v1/contracts")


def test_the_tutorials_page_2_is_declared_with_its_contract(
    sandbox: SandboxAdmin, dealer: CentralisateurClient
) -> None:
    """Page 2 as the tutorial's screenshot shows it: AA-000-AA, VIN 12345678910111213."""
    declared = declare(dealer, dict(TUTORIAL_FORM))
    assert declared.contract_status == "créé"
    contract = icare_contract(sandbox, declared.contract_number)
    assert contract["vehicle"]["registration"] == "AA-000-AA"
    assert contract["vehicle"]["vin"] == "12345678910111213"


def test_alfa_romeo_certified_is_declared_through_the_same_flow(
    sandbox: SandboxAdmin, dealer: CentralisateurClient
) -> None:
    result = flow.declare(read_bdc(ALFA), dealer)
    assert result.accepted, result.messages
    assert result.contract_number and result.contract_number.startswith("IC")
    contract = icare_contract(sandbox, result.contract_number)
    assert contract["warranty"]["level"] == "ALFA ROMEO CERTIFIED"
    assert contract["vehicle"]["make"] == "ALFA ROMEO"
