"""One outcome per declaration, on SQLite and PostgreSQL: every caller of submits at once is told
the one number stored, and resets during submissions answer no 5xx.

The race is made certain rather than hoped for: every submit waits at Icare's door until all the
others are there too, so each has read the draft as "brouillon" before any records it (as two
replicas did when both answered a different number and only one was stored).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from fake_centralisateur import declaring, store
from sandbox.db import current_database
from sandbox.dealers import AXILOG

DEALER = AXILOG.login
CALLERS = 3


@pytest.fixture
def app(make_centralisateur: Callable[..., Flask], database_url: str) -> Flask:
    return make_centralisateur(DATABASE_URL=database_url)


@pytest.fixture
def icare_door(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Barrier]:
    """Icare (down: the contract stays pending) asked only once every caller is asking it."""
    door = threading.Barrier(CALLERS, timeout=20)
    ask = declaring._ask_icare

    def ask_together(*args: Any) -> dict[str, Any] | None:
        door.wait()
        return ask(*args)

    monkeypatch.setattr(declaring, "_ask_icare", ask_together)
    yield door


def configured(client: FlaskClient) -> FlaskClient:
    response = client.put("/api/v1/profile", json={"icare_id": AXILOG.icare_id}, auth=DEALER)
    assert response.status_code == 200
    return client


def stored_numbers(app: Flask, public_id: str) -> list[str | None]:
    with app.app_context(), current_database().session() as session:
        query = select(store.Declaration.number).where(store.Declaration.public_id == public_id)
        return list(session.scalars(query))


def test_submits_at_once_are_all_told_the_one_stored_number(
    app: Flask, valid_form: dict[str, Any], icare_door: threading.Barrier
) -> None:
    client = configured(app.test_client())
    body = {"fields": valid_form, "commercial_warranty": "spoticar"}
    public_id = client.post("/api/v1/declarations", json=body, auth=DEALER).json["id"]

    def submit(_: int) -> tuple[int, str]:
        answer = app.test_client().post(f"/api/v1/declarations/{public_id}/submit", auth=DEALER)
        return answer.status_code, answer.json["number"]

    with ThreadPoolExecutor(max_workers=CALLERS) as pool:
        answers = list(pool.map(submit, range(CALLERS)))

    stored = stored_numbers(app, public_id)
    assert len(stored) == 1 and stored[0] is not None
    assert answers == [(200, stored[0])] * CALLERS


def test_a_submit_of_a_declared_declaration_is_a_409_naming_its_number(
    app: Flask, valid_form: dict[str, Any]
) -> None:
    client = configured(app.test_client())
    body = {"fields": valid_form, "commercial_warranty": "spoticar"}
    declared = client.post("/api/v1/declarations?submit=true", json=body, auth=DEALER).json
    again = client.post(f"/api/v1/declarations/{declared['id']}/submit", auth=DEALER)
    assert again.status_code == 409
    assert again.json["error_code"] == "NOT_A_DRAFT"
    assert again.json["number"] == declared["number"]
    assert again.json["message"] == (
        f"Cette déclaration est déjà enregistrée sous le numéro {declared['number']} : elle ne "
        "peut plus être modifiée."
    )


def test_a_declaration_reset_while_icare_is_asked_is_gone(
    app: Flask, valid_form: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dealer's reset lands between the draft's commit and the recording: 404, nothing
    recorded, and the reset itself answered 200."""
    client = configured(app.test_client())
    reset_statuses: list[int] = []
    ask = declaring._ask_icare

    def reset() -> None:
        query = {"dealer": AXILOG.code_rrdi}
        reset_statuses.append(
            app.test_client().post("/__admin/reset", query_string=query).status_code
        )

    def reset_meanwhile(*args: Any) -> dict[str, Any] | None:
        resetter = threading.Thread(target=reset)  # another request: not this one's context
        resetter.start()
        resetter.join()
        return ask(*args)

    monkeypatch.setattr(declaring, "_ask_icare", reset_meanwhile)
    body = {"fields": valid_form, "commercial_warranty": "spoticar"}
    answer = client.post("/api/v1/declarations?submit=true", json=body, auth=DEALER)
    assert reset_statuses == [200]
    assert answer.status_code == 404
    assert answer.json["error_code"] == "DECLARATION_GONE"
    with app.app_context(), current_database().session() as session:
        assert session.scalars(select(store.Declaration)).all() == []


def test_resets_during_submissions_answer_no_5xx(app: Flask, valid_form: dict[str, Any]) -> None:
    """Whole and per-dealer resets among 8 threads of submissions: every answer is a clear one,
    and every acknowledged number that survived the resets is stored as told."""
    configured(app.test_client())
    stop = threading.Event()
    reset_statuses: list[int] = []

    def reset_again_and_again() -> None:
        client = app.test_client()
        for turn in range(12):
            if stop.wait(0.05):
                return
            query = {} if turn % 3 == 0 else {"dealer": AXILOG.code_rrdi}
            reset_statuses.append(client.post("/__admin/reset", query_string=query).status_code)
            configured(client)

    def send(index: int) -> tuple[int, dict[str, Any]]:
        body = {
            "fields": {**valid_form, "vin": f"VR3{index:014d}"},
            "commercial_warranty": "spoticar",
        }
        answer = app.test_client().post("/api/v1/declarations?submit=true", json=body, auth=DEALER)
        return answer.status_code, answer.json

    resetter = threading.Thread(target=reset_again_and_again)
    resetter.start()
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(send, range(120)))
    stop.set()
    resetter.join()
    assert reset_statuses and set(reset_statuses) == {200}
    codes = {(status, body.get("error_code")) for status, body in answers}
    assert codes <= {(201, None), (404, "DECLARATION_GONE"), (409, "PROFILE_NOT_CONFIGURED")}
    assert (201, None) in codes
    for status, body in answers:
        if status == 201:
            assert stored_numbers(app, body["id"]) in ([], [body["number"]])
