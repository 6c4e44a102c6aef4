"""Dealers created on demand on every fake: a first connection like the demo dealers', isolated
like them, reset and deleted alone, with faults and a clock of their own."""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from fake_centralisateur import create_app
from harness.admin_client import AdminError, SandboxAdmin
from pvo_client.bdc_file import load_bdc
from pvo_client.centralisateur import CentralisateurClient, CentralisateurError, Declaration
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import declare_psa
from sandbox.dealers import AXILOG, DemoDealer

ICARE_AUTH = ("centralisateur", "centralisateur-secret")
BDC = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "fixtures"
        / "bdc"
        / "8120417-peugeot-208-puretech-allure.json"
    ).read_text(encoding="utf-8")
)


@pytest.fixture
def dealer(sandbox: SandboxAdmin) -> Iterator[DemoDealer]:
    made = sandbox.new_dealer()
    yield made
    sandbox.delete_dealer(made.code_rrdi)


def _client(sandbox: SandboxAdmin, dealer: DemoDealer) -> CentralisateurClient:
    return CentralisateurClient(sandbox.urls["centralisateur"], *dealer.login)


def _declare(sandbox: SandboxAdmin, dealer: DemoDealer, form: dict[str, Any]) -> Declaration:
    """The dealer's Profil filled and one declaration submitted through the API."""
    client = _client(sandbox, dealer)
    client.configure_profile(dealer.icare_id)
    vendeur = f"SP{dealer.code_rrdi}103833712"
    return client.submit(client.create_declaration({**form, "vendeur": vendeur}, "spoticar").id)


def _contracts(sandbox: SandboxAdmin, dealer: DemoDealer) -> list[dict[str, Any]]:
    response = requests.get(
        f"{sandbox.urls['icare']}/api/v1/dealers/{dealer.icare_id}/contracts",
        auth=ICARE_AUTH,
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_new_dealer_has_the_shapes_of_the_demo_ones_on_every_fake(
    sandbox: SandboxAdmin, dealer: DemoDealer
) -> None:
    assert re.fullmatch(r"[0-9]{6}[A-Z]", dealer.code_rrdi)
    assert dealer.icare_id == f"IC-{dealer.code_rrdi[:6]}"
    assert dealer.desk_user == f"vendeur.{dealer.code_rrdi.lower()}"
    assert dealer.desk_password == dealer.password and len(dealer.password) >= 16
    assert {name: sorted(fakes) for name, fakes in sandbox.dealers().items()} == {
        "953617Z": sorted(sandbox.fakes),
        "751020A": sorted(sandbox.fakes),
        dealer.code_rrdi: sorted(sandbox.fakes),
    }
    listed = sandbox.icare.dealers()[-1]
    assert listed["code_rrdi"] == dealer.code_rrdi and "password" not in listed


def test_it_starts_as_on_a_first_connection_and_signs_in_everywhere(
    sandbox: SandboxAdmin, dealer: DemoDealer
) -> None:
    assert _client(sandbox, dealer).profile().profile_configured is False
    desk = requests.get(
        f"{sandbox.urls['pvo2']}/api/v1/bdcs",
        auth=(dealer.desk_user, dealer.desk_password),
        timeout=10,
    )
    assert (desk.status_code, desk.json()) == (200, [])
    client_id, secret = dealer.guidewire_client or ("", "")
    token = requests.post(
        f"{sandbox.urls['guidewire']}/oauth2/token",
        auth=(client_id, secret),
        data={"grant_type": "client_credentials"},
        timeout=10,
    )
    assert token.status_code == 200, token.text
    refused = requests.get(
        f"{sandbox.urls['centralisateur']}/api/v1/profile",
        auth=(dealer.code_rrdi, AXILOG.password),
        timeout=10,
    )
    assert refused.status_code == 401


def test_its_guidewire_client_uses_its_own_producer_code_only(
    sandbox: SandboxAdmin, dealer: DemoDealer
) -> None:
    client_id, secret = dealer.guidewire_client or ("", "")

    def insured(code: str) -> bool:
        bdc = copy.deepcopy(BDC)
        bdc["site"]["code_rrdi"] = code
        bdc["client"]["email"] = "jean.dupond@example.fr"  # PSA Assurance needs one
        with GuidewireClient(sandbox.urls["guidewire"], client_id, secret) as guidewire:
            return declare_psa(load_bdc(bdc), guidewire).accepted

    assert insured(dealer.code_rrdi) is True
    assert insured(AXILOG.code_rrdi) is False


def test_its_data_is_its_own_and_reset_alone(
    sandbox: SandboxAdmin, dealer: DemoDealer, valid_form: dict[str, Any]
) -> None:
    _declare(sandbox, dealer, valid_form)
    _declare(sandbox, AXILOG, valid_form | {"vin": "VR3UPHNKSKT000002"})
    assert len(_client(sandbox, dealer).declarations()) == 1
    assert len(_contracts(sandbox, dealer)) == 1

    sandbox.reset(dealer=dealer.code_rrdi)

    assert _client(sandbox, dealer).profile().profile_configured is False
    assert _client(sandbox, dealer).declarations() == []
    assert _contracts(sandbox, dealer) == []
    assert len(_client(sandbox, AXILOG).declarations()) == 1
    assert len(_contracts(sandbox, AXILOG)) == 1


def test_a_whole_reset_keeps_it_at_its_first_connection(
    sandbox: SandboxAdmin, dealer: DemoDealer, valid_form: dict[str, Any]
) -> None:
    _declare(sandbox, dealer, valid_form)
    sandbox.reset()
    assert _client(sandbox, dealer).profile().profile_configured is False
    assert _client(sandbox, dealer).declarations() == []
    assert dealer.code_rrdi in sandbox.dealers()


def test_an_icare_fault_for_one_dealer_reaches_that_dealer_only(
    sandbox: SandboxAdmin, dealer: DemoDealer, valid_form: dict[str, Any]
) -> None:
    sandbox.icare.add_fault("/api/v1/contracts", "status", status=503, dealer=dealer.code_rrdi)
    mine = _declare(sandbox, dealer, valid_form)
    other = _declare(sandbox, AXILOG, valid_form | {"vin": "VR3UPHNKSKT000002"})
    assert mine.contract_status == "en attente"
    assert other.contract_status == "créé"
    assert [f["hits"] for f in sandbox.icare.faults()] == [1]


def test_a_clock_for_one_dealer_leaves_the_others_theirs(
    sandbox: SandboxAdmin, dealer: DemoDealer, valid_form: dict[str, Any]
) -> None:
    sandbox.set_today("2030-01-15")
    sandbox.set_today("2031-01-15", dealer=dealer.code_rrdi)
    assert sandbox.centralisateur.clock(dealer.code_rrdi) == {"today": "2031-01-15", "fixed": True}
    assert sandbox.centralisateur.clock() == {"today": "2030-01-15", "fixed": True}
    mine = _declare(sandbox, dealer, valid_form)
    other = _declare(sandbox, AXILOG, valid_form | {"vin": "VR3UPHNKSKT000002"})
    assert (mine.number or "").startswith("DEC2031-")
    assert (mine.contract_number or "").startswith("IC2031-")
    assert (other.number or "").startswith("DEC2030-")
    assert (other.contract_number or "").startswith("IC2030-")

    sandbox.reset(dealer=dealer.code_rrdi)  # its clock goes with its data
    assert sandbox.centralisateur.clock(dealer.code_rrdi) == {"today": "2030-01-15", "fixed": True}


def test_deleted_it_is_gone_everywhere_with_its_faults_and_clock(sandbox: SandboxAdmin) -> None:
    made = sandbox.new_dealer()
    sandbox.icare.add_fault("/api/v1/contracts", dealer=made.code_rrdi)
    sandbox.icare.add_fault("/api/v1/contracts", dealer=AXILOG.code_rrdi)
    sandbox.set_today("2031-01-15", dealer=made.code_rrdi)

    sandbox.delete_dealer(made.code_rrdi)

    assert made.code_rrdi not in sandbox.dealers()
    assert [f["dealer"] for f in sandbox.icare.faults()] == [AXILOG.code_rrdi]
    assert sandbox.icare.clock(made.code_rrdi)["fixed"] is False
    with pytest.raises(CentralisateurError):
        _client(sandbox, made).profile()
    with pytest.raises(AdminError) as unknown:
        sandbox.delete_dealer(made.code_rrdi)
    assert (unknown.value.status, unknown.value.error_code) == (404, "UNKNOWN_DEALER")
    with pytest.raises(AdminError) as not_reset:
        sandbox.icare.reset(dealer=made.code_rrdi)
    assert (not_reset.value.status, not_reset.value.detail) == (
        404,
        f"Aucun distributeur n'a le code RRDI {made.code_rrdi}.",
    )


def test_the_demo_dealers_and_bad_codes_are_refused(
    sandbox: SandboxAdmin, dealer: DemoDealer
) -> None:
    with pytest.raises(AdminError) as demo:
        sandbox.icare.delete_dealer(AXILOG.code_rrdi)
    assert (demo.value.status, demo.value.error_code) == (409, "DEMO_DEALER")
    with pytest.raises(AdminError) as taken:
        sandbox.centralisateur.new_dealer(dealer.code_rrdi)
    assert (taken.value.status, taken.value.error_code) == (409, "DEALER_EXISTS")
    same_icare_id = dealer.code_rrdi[:6] + ("A" if dealer.code_rrdi[6] != "A" else "B")
    with pytest.raises(AdminError) as clash:
        sandbox.centralisateur.new_dealer(same_icare_id)
    assert (clash.value.status, clash.value.error_code) == (409, "DEALER_EXISTS")
    for code in ("95361Z", "9536170Z", "953617z", "ABCDEFG"):
        with pytest.raises(AdminError) as bad:
            sandbox.centralisateur.new_dealer(code)
        assert bad.value.status == 422, code
    with pytest.raises(AdminError) as short:
        sandbox.centralisateur.new_dealer(password="court")
    assert short.value.status == 422
    assert sorted(sandbox.dealers()) == sorted(["953617Z", "751020A", dealer.code_rrdi])


def test_a_code_given_twice_at_once_is_created_once(database_url: str) -> None:
    """Two creations of one code race: one gets 201, the other 409 (SQLite and PostgreSQL)."""
    app = create_app({"DATABASE_URL": database_url, "TESTING": True})
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def create() -> None:
        client = app.test_client()
        barrier.wait()
        statuses.append(client.post("/__admin/dealers", json={"code": "123456B"}).status_code)

    threads = [threading.Thread(target=create) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    listed = app.test_client().get("/__admin/dealers").get_json()["dealers"]
    assert sorted(statuses) == [201, 409]
    assert [d["code_rrdi"] for d in listed] == ["953617Z", "751020A", "123456B"]
    app.extensions["sandbox.db"].engine.dispose()


def test_a_fault_for_one_dealer_on_the_desk_and_guidewire(
    sandbox: SandboxAdmin, dealer: DemoDealer
) -> None:
    sandbox.pvo2.add_fault("/api/v1/bdcs", "status", status=503, dealer=dealer.code_rrdi)
    sandbox.guidewire.add_fault("/oauth2/token", "status", status=503, dealer=dealer.code_rrdi)

    def desk(login: tuple[str, str]) -> int:
        url = f"{sandbox.urls['pvo2']}/api/v1/bdcs"
        return requests.get(url, auth=login, timeout=10).status_code

    def token(client: tuple[str, str]) -> int:
        return requests.post(
            f"{sandbox.urls['guidewire']}/oauth2/token",
            auth=client,
            data={"grant_type": "client_credentials"},
            timeout=10,
        ).status_code

    assert desk((dealer.desk_user, dealer.desk_password)) == 503
    assert desk((AXILOG.desk_user, AXILOG.desk_password)) == 200
    assert token(dealer.guidewire_client or ("", "")) == 503
    assert token(("pvo2", "pvo2-secret")) == 200
