"""`pvo_client.guidewire.GuidewireClient` against the fake served on loopback by waitress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from fake_guidewire import store
from harness.admin_client import FakeAdmin
from harness.servers import ServerThread
from pvo_client.guidewire import (
    Account,
    AccountHolder,
    Address,
    GuidewireClient,
    GuidewireError,
    Vehicle,
)
from sandbox.dealers import AXILOG

HOLDER = AccountHolder(
    first_name="Jeanne",
    last_name="Martin",
    date_of_birth=date(1975, 3, 2),
    email="jeanne.martin@example.fr",
    phone="06 11 22 33 44",
    address=Address("4 avenue des Essais", "94340", "Joinville-le-Pont"),
)
VEHICLE = Vehicle(
    vin="VF3ABCDEF12345678",
    plate="GH-456-JK",
    make="PEUGEOT",
    model="3008",
    first_registration_date=date(2021, 6, 1),
    mileage=45_000,
    price=Decimal("24990"),
)
EFFECTIVE = date(2025, 11, 30)


class LosingAdapter(HTTPAdapter):
    """Records every request; makes the first POST to `path` fail as a connection error,
    before it reaches the server or (`after_send`) once it has been executed there."""

    def __init__(self, path: str, after_send: bool) -> None:
        super().__init__()
        self.path, self.after_send = path, after_send
        self.sent: list[requests.PreparedRequest] = []
        self.failed = False

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        self.sent.append(request)
        if not self.failed and request.method == "POST" and request.url.endswith(self.path):
            self.failed = True
            if self.after_send:
                super().send(request, **kwargs)
            raise requests.ConnectionError("connection lost")
        return super().send(request, **kwargs)

    def transaction_ids(self, path: str) -> list[str]:
        return [
            r.headers["GW-DBTransaction-ID"] for r in self.sent if r.url and r.url.endswith(path)
        ]


@pytest.fixture
def gwc(live: ServerThread) -> Iterator[GuidewireClient]:
    with GuidewireClient(live.url, "pvo2", "pvo2-secret", timeout=5) as client:
        yield client


@pytest.fixture
def losing(
    live: ServerThread,
) -> Iterator[Callable[[str, bool], tuple[GuidewireClient, LosingAdapter]]]:
    """A client whose first POST to a path is lost, before or after the server executed it."""
    clients: list[GuidewireClient] = []

    def make(path: str, after_send: bool) -> tuple[GuidewireClient, LosingAdapter]:
        session = requests.Session()
        adapter = LosingAdapter(path, after_send)
        session.mount("http://", adapter)
        clients.append(GuidewireClient(live.url, "pvo2", "pvo2-secret", timeout=5, session=session))
        return clients[-1], adapter

    yield make
    for client in clients:
        client.close()


def _draft(client: GuidewireClient, holder: AccountHolder = HOLDER, **vehicle: Any) -> str:
    account = client.create_account(holder, AXILOG.code_rrdi)
    job = client.create_submission(
        account.id,
        AXILOG.code_rrdi,
        Vehicle(**{**VEHICLE.__dict__, **vehicle}),
        "PANNE_MECANIQUE_24",
        EFFECTIVE,
    )
    return job.id


def test_full_flow(gwc: GuidewireClient) -> None:
    account = gwc.create_account(HOLDER, AXILOG.code_rrdi)
    assert isinstance(account, Account)
    assert account.holder_name == "Jeanne Martin"
    job = gwc.create_submission(
        account.id, AXILOG.code_rrdi, VEHICLE, "PANNE_MECANIQUE_24", EFFECTIVE
    )
    assert job.status == "Draft"
    quoted = gwc.quote(job.id, checksum=job.checksum)
    assert (quoted.status, quoted.total_premium) == ("Quoted", Decimal("440.00"))
    bound = gwc.bind_and_issue(job.id, checksum=quoted.checksum)
    assert bound.status == "Bound"
    assert bound.policy_number and bound.policy_id
    policy = gwc.get_policy(bound.policy_id)
    assert policy.policy_number == bound.policy_number
    assert (policy.period_start, policy.period_end) == (EFFECTIVE, date(2027, 11, 29))
    assert (policy.total_premium, policy.cover, policy.vin) == (
        Decimal("440.00"),
        "PANNE_MECANIQUE_24",
        VEHICLE.vin,
    )


def test_decline_has_a_french_message_and_keeps_the_raw_error(gwc: GuidewireClient) -> None:
    job_id = _draft(gwc, AccountHolder(**{**HOLDER.__dict__, "last_name": "REFUS"}))
    with pytest.raises(GuidewireError) as caught:
        gwc.quote(job_id)
    error = caught.value
    assert str(error) == (
        "PSA Assurance refuse d'assurer ce véhicule : "
        "l'acheteur ne répond pas à ses conditions de souscription."
    )
    assert error.status == 422
    assert error.error_code == "gw.job.uw.UWAuthorityBlocksProgressException"
    assert error.raw is not None and error.raw["userMessage"].startswith("PSA Assurance declines")
    assert error.details[0]["properties"]["issueType"] == "PSAAccountHolderDeclined"


def test_missing_rating_data_is_named_in_french(gwc: GuidewireClient) -> None:
    job_id = _draft(gwc, mileage=None, price=None)
    with pytest.raises(GuidewireError) as caught:
        gwc.quote(job_id)
    assert str(caught.value) == (
        "PSA Assurance ne peut pas calculer la prime : il manque le kilométrage, le prix de vente."
    )


def test_bind_before_quote_is_explained(gwc: GuidewireClient) -> None:
    with pytest.raises(GuidewireError) as caught:
        gwc.bind_and_issue(_draft(gwc))
    assert "le contrat ne peut être émis qu'après le calcul de la prime" in str(caught.value)
    assert caught.value.error_code == "gw.api.rest.exceptions.BadInputException"


def test_wrong_secret(live: ServerThread) -> None:
    with (
        GuidewireClient(live.url, "pvo2", "wrong", timeout=5) as client,
        pytest.raises(GuidewireError) as caught,
    ):
        client.create_account(HOLDER, AXILOG.code_rrdi)
    assert caught.value.status == 401
    assert caught.value.error_code == "invalid_client"
    assert "identifiant et le secret" in str(caught.value)


def test_unreachable_service() -> None:
    down = GuidewireClient("http://127.0.0.1:9", "pvo2", "pvo2-secret", timeout=1)
    with pytest.raises(GuidewireError) as caught:
        down.get_policy("pc:1")
    assert caught.value.raw is None
    assert (
        str(caught.value) == "PSA Assurance est injoignable pour le moment : réessayez plus tard."
    )


def test_expired_token_is_renewed(gwc: GuidewireClient, monkeypatch: pytest.MonkeyPatch) -> None:
    account = gwc.create_account(HOLDER, AXILOG.code_rrdi)
    later = store.now() + timedelta(hours=2)
    monkeypatch.setattr(store, "now", lambda: later)
    assert gwc.get_account(account.id) == account


def test_retry_before_the_server_reuses_the_transaction_id(losing: Any) -> None:
    client, adapter = losing("/account/v1/accounts", False)
    client.create_account(HOLDER, AXILOG.code_rrdi)
    ids = adapter.transaction_ids("/account/v1/accounts")
    assert len(ids) == 2 and ids[0] == ids[1]
    next_ids = client.create_account(HOLDER, AXILOG.code_rrdi)
    assert next_ids.account_number == "2000000002"  # one account per call, none twice
    assert adapter.transaction_ids("/account/v1/accounts")[2] != ids[0]


def test_lost_answer_of_bind_is_recovered_without_a_second_policy(losing: Any) -> None:
    client, adapter = losing("/bind-and-issue", True)
    job_id = _draft(client)
    client.quote(job_id)
    bound = client.bind_and_issue(job_id)
    ids = adapter.transaction_ids("/bind-and-issue")
    assert len(ids) == 2 and ids[0] == ids[1]
    assert bound.status == "Bound"
    assert bound.policy_number == "PSAVO00000001"


def test_injected_connection_reset_is_retried(gwc: GuidewireClient, live: ServerThread) -> None:
    FakeAdmin(live.url).add_fault("/job/v1/submissions", "reset", method="POST", times=1)
    account = gwc.create_account(HOLDER, AXILOG.code_rrdi)
    job = gwc.create_submission(
        account.id, AXILOG.code_rrdi, VEHICLE, "PANNE_MECANIQUE_12", EFFECTIVE
    )
    assert job.job_number == "0000000001"
