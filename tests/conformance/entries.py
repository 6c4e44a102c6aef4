"""Journal entries written by hand, as `GET /__admin/journal` gives them, and their verdict: what
the rules' tests are made of."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from harness.conformance.journal import Call, Journal
from harness.conformance.rules import Verdict, judge

DEALER = "953617Z"
START = datetime(2026, 1, 31, 9, 0, 0).astimezone()
DRAFT = {
    "nom": "Dupond",
    "vin": "VR3UPHNKSNT000001",
    "immatriculation": "GH-512-KL",
    "date_livraison": "30/11/2025",
}
VEHICLE = "véhicule VIN VR3UPHNKSNT000001, immatriculation GH-512-KL"


def call(
    fake: str,
    method: str,
    path: str,
    status: int = 200,
    *,
    at: float = 0,
    who: str | None = DEALER,
    body: Any = None,
    answer: Any = None,
    headers: dict[str, str] | None = None,
    took: float = 0.05,
    answer_headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A journal entry, as `GET /__admin/journal` gives it: arrived `at` seconds after START,
    answered `took` seconds later."""
    received, answered = START + timedelta(seconds=at), START + timedelta(seconds=at + took)
    return {
        "fake": fake,
        "time": answered.replace(microsecond=0).isoformat(),
        "received_at": received.isoformat(timespec="milliseconds"),
        "answered_at": answered.isoformat(timespec="milliseconds"),
        "method": method,
        "path": path,
        "who": who,
        "status": status,
        "request": {"headers": headers or {}, "body": body},
        "response": {"body": answer, "headers": answer_headers or {}},
    }


def verdict_of(*entries: dict[str, Any], hand_off: bool = False, **options: Any) -> Verdict:
    calls: dict[str, list[Call]] = {}
    for number, entry in enumerate(entries, 1):
        calls.setdefault(entry["fake"], []).append(
            Call.from_entry(entry["fake"], entry | {"id": number})
        )
    return judge(Journal(calls), DEALER, hand_off=hand_off, **options)


def created(at: float = 0, fields: dict[str, Any] | None = None, id_: str = "d1") -> dict[str, Any]:
    return call(
        "centralisateur",
        "POST",
        "/api/v1/declarations",
        201,
        at=at,
        body={"fields": fields if fields is not None else DRAFT},
        answer={"id": id_, "status": "brouillon"},
    )


def submitted(
    status: int = 200, at: float = 1, id_: str = "d1", took: float = 0.05, **answer: Any
) -> dict[str, Any]:
    body = (
        {"id": id_, "status": "déclarée", "fields": DRAFT, "number": f"DEC-{id_}", **answer}
        if status == 200
        else answer
    )
    return call(
        "centralisateur",
        "POST",
        f"/api/v1/declarations/{id_}/submit",
        status,
        at=at,
        answer=body,
        took=took,
    )


def patched(at: float, id_: str = "d1", **fields: Any) -> dict[str, Any]:
    return call(
        "centralisateur", "PATCH", f"/api/v1/declarations/{id_}", at=at, body={"fields": fields}
    )


BIRTH_REFUSED = {
    "error_code": "FORM_INVALID",
    "field_errors": [
        {
            "field": "date_naissance",
            "label": "Date de Naissance",
            "message": "Le champ date de naissance est obligatoire",
        }
    ],
}


def gw_post(path: str, status: int = 201, *, at: float = 0, tx: str | None = "t1", **kw: Any):
    headers = {"Gw-Dbtransaction-Id": tx} if tx else {}
    return call("guidewire", "POST", path, status, at=at, who="pvo2", headers=headers, **kw)


ACCOUNT = {
    "data": {
        "attributes": {
            "initialAccountHolder": {"lastName": "Valentin", "firstName": "Anne"},
            "producerCodes": [{"id": DEALER}],
        }
    }
}


def token(at: float) -> dict[str, Any]:
    return call(
        "guidewire", "POST", "/oauth2/token", at=at, who="pvo2", answer={"expires_in": 3600}
    )
