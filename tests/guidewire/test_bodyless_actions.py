"""The job actions Guidewire documents as taking no request body (quote, bind-and-issue,
withdraw) accept no body, an empty one, `{}` or `{"data": {}}`, whatever the Content-Type; a
body that is not JSON is still Guidewire's BadInputException."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.guidewire.guidewire_actions import GuidewireActions

BAD_INPUT = "gw.api.rest.exceptions.BadInputException"
# What clients send on a call without a body: nothing, a JSON type on every call (Postman,
# most HTTP libraries), a form type, plain text.
CONTENT_TYPES = [None, "application/json", "application/json; charset=utf-8",
                 "application/x-www-form-urlencoded", "text/plain"]  # fmt: skip
NO_BODIES = [b"", b"  \r\n", b"{}", b'{"data": {}}', b'{"data": {"attributes": {}}}']


def act(
    gw: GuidewireActions, job_id: str, action: str, body: bytes, content_type: str | None
) -> Any:
    headers = dict(gw.headers)
    if content_type is not None:
        headers["Content-Type"] = content_type
    return gw.client.post(f"/job/v1/jobs/{job_id}/{action}", data=body, headers=headers)


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_quote_then_bind_take_no_body(gw: GuidewireActions, content_type: str | None) -> None:
    for issued, body in enumerate(NO_BODIES, start=1):
        job_id = gw.draft()
        quoted = act(gw, job_id, "quote", body, content_type)
        assert quoted.status_code == 200, (body, quoted.json)
        assert quoted.json["data"]["attributes"]["jobStatus"]["code"] == "Quoted"
        bound = act(gw, job_id, "bind-and-issue", body, content_type)
        assert bound.status_code == 200, (body, bound.json)
        assert bound.json["data"]["attributes"]["policyNumber"] == f"PSAVO{issued:08d}"


@pytest.mark.parametrize("content_type", CONTENT_TYPES)
def test_withdraw_takes_no_body(gw: GuidewireActions, content_type: str | None) -> None:
    for body in NO_BODIES:
        withdrawn = act(gw, gw.draft(), "withdraw", body, content_type)
        assert withdrawn.status_code == 200, (body, withdrawn.json)
        attributes = withdrawn.json["data"]["attributes"]
        assert attributes["jobStatus"] == {"code": "Withdrawn", "name": "Withdrawn"}
        assert attributes["policyNumber"] is None
        assert set(withdrawn.json["data"]["links"]) == {"self"}  # nothing more can be done


@pytest.mark.parametrize("action", ["quote", "bind-and-issue", "withdraw"])
def test_a_body_that_is_not_json_is_bad_input(gw: GuidewireActions, action: str) -> None:
    job_id = gw.draft()
    for content_type in CONTENT_TYPES:
        for body in (b"{not json", b"quote please", b"\xff\xfe{}", b"[1,"):
            refused = gw.error(act(gw, job_id, action, body, content_type), 400, BAD_INPUT)
            assert refused["developerMessage"].startswith("The request body is not valid JSON: ")
            assert refused["details"] == [
                {"message": "Malformed JSON", "properties": {"parameterLocation": "body"}}
            ]
    job = gw.get(f"/job/v1/jobs/{job_id}").json["data"]["attributes"]
    assert job["jobStatus"]["code"] == "Draft"


@pytest.mark.parametrize("content_type", ["text/plain", None])
def test_an_undeclared_body_is_checked_as_a_json_one(
    gw: GuidewireActions, content_type: str | None
) -> None:
    job_id = gw.draft()
    surrogate = gw.error(act(gw, job_id, "quote", b'{"data": {"checksum": "\\ud800"}}',
                             content_type), 400, BAD_INPUT)  # fmt: skip
    assert surrogate["developerMessage"] == "The JSON body holds half of a UTF-16 surrogate pair."
    deep = gw.error(act(gw, job_id, "quote", b"[" * 40 + b"]" * 40, content_type), 400, BAD_INPUT)
    assert deep["developerMessage"] == "The JSON body is nested deeper than 32 levels."
    unknown = gw.error(act(gw, job_id, "quote", b'{"other": 1}', content_type), 400, BAD_INPUT)
    assert unknown["developerMessage"] == "The request has invalid or unknown properties: other"


def test_withdraw_checks_the_checksum_and_the_state(gw: GuidewireActions) -> None:
    job_id = gw.draft()
    stale = act(gw, job_id, "withdraw", b'{"data": {"checksum": "0"}}', "application/json")
    gw.error(stale, 409, "gw.api.rest.exceptions.ChecksumMismatchException")
    assert gw.bind(job_id).status_code == 400  # a Draft is not bound
    assert gw.quote(job_id).status_code == 200
    assert act(gw, job_id, "withdraw", b"", None).status_code == 200
    refused = gw.error(gw.quote(job_id), 400, BAD_INPUT)
    assert refused["developerMessage"] == (
        "The action 'quote' is not allowed on job 0000000001 in status 'Withdrawn'"
    )
    assert refused["userMessage"] == "Job 0000000001 cannot be quoted in its current status"


def test_creations_still_need_their_body(gw: GuidewireActions, client: FlaskClient) -> None:
    for content_type in CONTENT_TYPES:
        headers = {**gw.headers, **({"Content-Type": content_type} if content_type else {})}
        refused = gw.error(client.post("/account/v1/accounts", headers=headers), 400, BAD_INPUT)
        assert refused["developerMessage"] == (
            "The request has invalid or unknown properties: data"
        )
