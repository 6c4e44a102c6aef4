"""`Idempotency-Key` (Stripe's semantics) on the Centralisateur's POSTs and the desk's import,
against real servers on SQLite and PostgreSQL: a replay answers the first answer and does
nothing again; another request with the key is refused; keys last 24 hours of sandbox time,
survive a restart and are shared by two processes on one database."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from flask import Flask
from sqlalchemy import update

from fake_centralisateur import create_app, store
from fake_pvo2 import create_app as create_desk
from harness.admin_client import FakeAdmin
from harness.servers import ServerThread
from sandbox.dealers import AXILOG, GARAGE_DU_PARC
from sandbox.idempotency import ABANDONED_AFTER_S, KEY_IN_USE, KEY_REUSED, MAX_KEY_LENGTH
from tests.conftest import ICARE_DOWN
from tests.processes import two_servers
from tests.pvo2.conftest import bdc_document

DECLARATIONS = "/api/v1/declarations"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "openapi"
TIMEOUT = 10


def centralisateur(database_url: str) -> Flask:
    """Icare down: a declaration is recorded with its contract pending (200), no Icare needed."""
    return create_app(
        {"DATABASE_URL": database_url, "ICARE_URL": ICARE_DOWN, "TODAY": "2025-11-30"}
    )


@pytest.fixture
def url(database_url: str, serve: Callable[..., ServerThread]) -> str:
    server = serve(centralisateur(database_url), threads=8)
    _configure_profiles(server.url)
    return server.url


def _configure_profiles(url: str) -> None:
    for dealer in (AXILOG, GARAGE_DU_PARC):
        requests.put(
            f"{url}/api/v1/profile",
            json={"icare_id": dealer.icare_id},
            auth=dealer.login,
            timeout=TIMEOUT,
        ).raise_for_status()


def post(
    url: str, path: str, key: str | None, body: Any = None, auth: Any = AXILOG.login, **query: str
) -> requests.Response:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return requests.post(
        f"{url}{path}", json=body, params=query, headers=headers, auth=auth, timeout=TIMEOUT
    )


def declarations(url: str, auth: Any = AXILOG.login) -> list[dict[str, Any]]:
    response = requests.get(f"{url}{DECLARATIONS}", auth=auth, timeout=TIMEOUT)
    response.raise_for_status()
    return response.json()


def draft(values: dict[str, Any]) -> dict[str, Any]:
    return {"fields": values, "commercial_warranty": "spoticar"}


def test_the_same_key_twice_answers_the_first_answer_and_creates_one_draft(
    url: str, valid_form: dict[str, Any]
) -> None:
    first = post(url, DECLARATIONS, "cle-1", draft(valid_form))
    again = post(url, DECLARATIONS, "cle-1", draft(valid_form))
    assert first.status_code == again.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Content-Type"] == "application/json"
    assert again.content == first.content
    assert [d["id"] for d in declarations(url)] == [first.json()["id"]]


def test_submit_at_once_twice_declares_once(url: str, valid_form: dict[str, Any]) -> None:
    first = post(url, DECLARATIONS, "cle-2", draft(valid_form), submit="true")
    again = post(url, DECLARATIONS, "cle-2", draft(valid_form), submit="true")
    assert (first.status_code, again.status_code) == (201, 201)
    assert first.json()["status"] == "déclarée"
    assert again.json() == first.json()
    assert len(declarations(url)) == 1


def test_submit_and_contract_replay_their_answer(url: str, valid_form: dict[str, Any]) -> None:
    created = post(url, DECLARATIONS, None, draft(valid_form)).json()
    submit_path = f"{DECLARATIONS}/{created['id']}/submit"
    first = post(url, submit_path, "soumettre")
    again = post(url, submit_path, "soumettre")
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.json()["number"] == first.json()["number"]
    assert again.headers["Idempotent-Replayed"] == "true"
    without_key = post(url, submit_path, None)  # what a retry without a key meets
    assert (without_key.status_code, without_key.json()["error_code"]) == (409, "NOT_A_DRAFT")

    contract_path = f"{DECLARATIONS}/{created['id']}/contract"
    asked = post(url, contract_path, "contrat")
    asked_again = post(url, contract_path, "contrat")
    assert asked.status_code == asked_again.status_code == 200  # Icare still down: pending
    assert asked_again.content == asked.content
    assert asked_again.headers["Idempotent-Replayed"] == "true"


def test_a_refusal_of_the_endpoint_is_replayed_too(url: str, valid_form: dict[str, Any]) -> None:
    del valid_form["nom"]
    first = post(url, DECLARATIONS, "refus", draft(valid_form), submit="true")
    again = post(url, DECLARATIONS, "refus", draft(valid_form), submit="true")
    assert first.status_code == again.status_code == 422
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"


def test_the_key_with_another_body_or_address_is_refused(
    url: str, valid_form: dict[str, Any]
) -> None:
    first = post(url, DECLARATIONS, "cle-3", draft(valid_form))
    changed = post(url, DECLARATIONS, "cle-3", draft({**valid_form, "nom": "Martin"}))
    elsewhere = post(url, f"{DECLARATIONS}/{first.json()['id']}/submit", "cle-3")
    for refused in (changed, elsewhere):
        assert refused.status_code == 422
        assert refused.json()["error_code"] == "IDEMPOTENCY_KEY_REUSED"
        assert refused.json()["message"] == KEY_REUSED.format(key="cle-3")
        assert refused.json()["message"] == (
            "La clé d'idempotence « cle-3 » a déjà servi pour une autre requête (autre corps "
            "ou autre adresse) : envoyez une nouvelle clé pour une nouvelle requête."
        )
    assert len(declarations(url)) == 1
    reordered = dict(reversed(list(draft(valid_form).items())))  # the same JSON, keys reordered
    assert post(url, DECLARATIONS, "cle-3", reordered).headers["Idempotent-Replayed"] == "true"


def test_a_request_refused_by_its_parameters_claims_no_key(
    url: str, valid_form: dict[str, Any]
) -> None:
    refused = post(url, DECLARATIONS, "cle-4", {"fields": valid_form, "inconnu": 1})
    assert refused.status_code == 422
    assert "Idempotent-Replayed" not in refused.headers
    accepted = post(url, DECLARATIONS, "cle-4", draft(valid_form))
    assert accepted.status_code == 201
    assert "Idempotent-Replayed" not in accepted.headers


def test_keys_belong_to_their_dealer(url: str, valid_form: dict[str, Any]) -> None:
    one = post(url, DECLARATIONS, "partagee", draft(valid_form))
    other = post(url, DECLARATIONS, "partagee", draft(valid_form), auth=GARAGE_DU_PARC.login)
    assert (one.status_code, other.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in other.headers
    assert one.json()["id"] != other.json()["id"]


@pytest.mark.parametrize(("length", "status"), [(0, 400), (1, 201), (255, 201), (256, 400)])
def test_a_key_has_1_to_255_visible_ascii_characters(
    url: str, valid_form: dict[str, Any], length: int, status: int
) -> None:
    response = post(url, DECLARATIONS, "k" * length, draft(valid_form))
    assert response.status_code == status
    if status == 400:
        assert response.json()["error_code"] == "IDEMPOTENCY_KEY_INVALID"
        assert response.json()["message"] == (
            f"L'en-tête Idempotency-Key doit compter de 1 à {MAX_KEY_LENGTH} caractères ASCII "
            "visibles (un UUID par exemple)."
        )


def test_a_key_lives_24_hours_of_sandbox_time(url: str, valid_form: dict[str, Any]) -> None:
    first = post(url, DECLARATIONS, "cle-5", draft(valid_form))
    FakeAdmin(url).set_today("2025-11-30")  # the same day: still known
    assert post(url, DECLARATIONS, "cle-5", draft(valid_form)).content == first.content
    FakeAdmin(url).set_today("2025-12-01")  # a day later: a new request
    later = post(url, DECLARATIONS, "cle-5", draft(valid_form))
    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later.headers
    assert later.json()["id"] != first.json()["id"]
    assert len(declarations(url)) == 2


def test_a_reset_of_the_dealer_forgets_its_keys(url: str, valid_form: dict[str, Any]) -> None:
    post(url, DECLARATIONS, "cle-6", draft(valid_form))
    FakeAdmin(url).reset(AXILOG.code_rrdi)
    _configure_profiles(url)
    again = post(url, DECLARATIONS, "cle-6", draft(valid_form))
    assert "Idempotent-Replayed" not in again.headers
    assert len(declarations(url)) == 1


def test_concurrent_requests_with_one_key_get_one_result(
    url: str, valid_form: dict[str, Any]
) -> None:
    barrier = threading.Barrier(8)
    answers: list[requests.Response] = []

    def send() -> None:
        barrier.wait()
        answers.append(post(url, DECLARATIONS, "ensemble", draft(valid_form), submit="true"))

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(answers) == 8
    created = [a for a in answers if a.status_code == 201]
    in_use = [a for a in answers if a.status_code == 409]
    assert len(created) + len(in_use) == 8
    assert len({a.content for a in created}) == 1
    assert sum("Idempotent-Replayed" not in a.headers for a in created) == 1
    for refused in in_use:
        assert refused.json()["message"] == KEY_IN_USE.format(key="ensemble")
        assert refused.headers["Retry-After"] == "1"
    assert len(declarations(url)) == 1
    replayed = post(url, DECLARATIONS, "ensemble", draft(valid_form), submit="true")
    assert replayed.content == created[0].content


def test_a_key_survives_a_restart(
    database_url: str, serve: Callable[..., ServerThread], valid_form: dict[str, Any]
) -> None:
    before = ServerThread(centralisateur(database_url))
    before.start()
    try:
        _configure_profiles(before.url)
        first = post(before.url, DECLARATIONS, "cle-7", draft(valid_form), submit="true")
    finally:
        before.stop()
    after = serve(centralisateur(database_url))
    again = post(after.url, DECLARATIONS, "cle-7", draft(valid_form), submit="true")
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert len(declarations(after.url)) == 1


@pytest.fixture
def two_processes(database_url: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`pvo-sandbox serve centralisateur` twice on one database."""
    env = {
        **os.environ,
        "CENTRALISATEUR_DATABASE_URL": database_url,
        "CENTRALISATEUR_ICARE_URL": ICARE_DOWN,
        "CENTRALISATEUR_TODAY": "2025-11-30",
        "SANDBOX_DATA_DIR": str(tmp_path),
    }
    with two_servers("centralisateur", env) as urls:
        yield urls


def test_two_processes_on_one_database_share_the_keys(
    two_processes: tuple[str, str], valid_form: dict[str, Any]
) -> None:
    one, other = two_processes
    _configure_profiles(one)
    first = post(one, DECLARATIONS, "cle-8", draft(valid_form), submit="true")
    again = post(other, DECLARATIONS, "cle-8", draft(valid_form), submit="true")
    assert first.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    refused = post(other, DECLARATIONS, "cle-8", draft({**valid_form, "nom": "Martin"}))
    assert refused.json()["error_code"] == "IDEMPOTENCY_KEY_REUSED"
    assert len(declarations(other)) == 1


def test_the_desk_import_replays_its_answer(
    database_url: str, serve: Callable[..., ServerThread]
) -> None:
    desk = serve(create_desk({"DATABASE_URL": database_url, "TODAY": "2021-12-01"}))
    document = bdc_document("peugeot-208")
    document["numero"] = "9990101"
    user = ("hakim.ab", "pvo2")
    first = post(desk.url, "/api/v1/bdcs", "import-1", document, auth=user)
    again = post(desk.url, "/api/v1/bdcs", "import-1", document, auth=user)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    document["numero"] = "9990102"
    refused = post(desk.url, "/api/v1/bdcs", "import-1", document, auth=user)
    assert (refused.status_code, refused.json()["message"]) == (
        422,
        KEY_REUSED.format(key="import-1"),
    )
    listed = requests.get(f"{desk.url}/api/v1/bdcs", auth=user, timeout=TIMEOUT).json()
    assert [d["numero"] for d in listed].count("9990102") == 0


@pytest.mark.parametrize(
    ("document", "paths"),
    [
        (
            "centralisateur",
            [
                "/api/v1/declarations",
                "/api/v1/declarations/{public_id}/submit",
                "/api/v1/declarations/{public_id}/contract",
            ],
        ),
        ("pvo2", ["/api/v1/bdcs"]),
    ],
)
def test_the_openapi_documents_the_header(document: str, paths: list[str]) -> None:
    spec = json.loads((DOCS / f"{document}.json").read_text(encoding="utf-8"))
    documented = {
        path
        for path, operations in spec["paths"].items()
        for parameter in operations.get("post", {}).get("parameters", [])
        if parameter["name"] == "Idempotency-Key" and parameter["in"] == "header"
    }
    assert documented == set(paths)


@pytest.fixture
def served(database_url: str, serve: Callable[..., ServerThread]) -> tuple[Flask, str]:
    app = centralisateur(database_url)
    server = serve(app)
    _configure_profiles(server.url)
    return app, server.url


def _set_claimed_at(app: Flask, key: str, claimed_at: float | None) -> None:
    table = store.idempotency_keys.table
    with app.extensions["sandbox.db"].engine.begin() as connection:
        connection.execute(update(table).where(table.c.key == key).values(claimed_at=claimed_at))


def test_a_request_still_running_with_the_key_gets_409(
    served: tuple[Flask, str], valid_form: dict[str, Any]
) -> None:
    app, url = served
    first = post(url, DECLARATIONS, "en-cours", draft(valid_form))
    _set_claimed_at(app, "en-cours", time.time())  # as while the first one runs
    running = post(url, DECLARATIONS, "en-cours", draft(valid_form))
    assert running.status_code == 409
    assert running.json()["error_code"] == "IDEMPOTENCY_KEY_IN_USE"
    assert running.json()["message"] == (
        "Une requête avec la clé d'idempotence « en-cours » est encore en cours : réessayez "
        "dans un instant pour en recevoir la réponse."
    )
    _set_claimed_at(app, "en-cours", time.time() - ABANDONED_AFTER_S - 1)  # its worker died
    taken_over = post(url, DECLARATIONS, "en-cours", draft(valid_form))
    assert taken_over.status_code == 201
    assert "Idempotent-Replayed" not in taken_over.headers
    assert taken_over.json()["id"] != first.json()["id"]
    assert post(url, DECLARATIONS, "en-cours", draft(valid_form)).content == taken_over.content


def test_an_answer_saying_the_work_was_not_done_frees_the_key(
    served: tuple[Flask, str], valid_form: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _app, url = served
    create_draft = store.create_draft
    monkeypatch.setattr(store, "create_draft", lambda *a, **k: 1 / 0)
    crashed = post(url, DECLARATIONS, "panne", draft(valid_form))
    assert crashed.status_code == 500
    monkeypatch.setattr(store, "create_draft", create_draft)
    retried = post(url, DECLARATIONS, "panne", draft(valid_form))
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried.headers
    assert len(declarations(url)) == 1


def test_without_a_key_a_dms_finds_the_draft_by_vin_and_submits_it(
    url: str, valid_form: dict[str, Any]
) -> None:
    """The way out the README gives a DMS that sent no key and lost the answer."""
    post(url, DECLARATIONS, None, draft(valid_form))  # the answer is lost
    found = requests.get(
        f"{url}{DECLARATIONS}", params={"q": valid_form["vin"]}, auth=AXILOG.login, timeout=TIMEOUT
    ).json()
    assert [d["status"] for d in found] == ["brouillon"]
    submitted = post(url, f"{DECLARATIONS}/{found[0]['id']}/submit", None)
    assert (submitted.status_code, submitted.json()["status"]) == (200, "déclarée")
    assert len(declarations(url)) == 1
