"""A careless or hostile caller of the Guidewire fake: a 4xx in Guidewire's shape, never a 5xx."""

from __future__ import annotations

import pytest

from fake_guidewire import errors
from sandbox.errors import SandboxError
from tests.guidewire.guidewire_actions import GuidewireActions

BAD_INPUT = "gw.api.rest.exceptions.BadInputException"


@pytest.mark.parametrize(
    "path", ["/account/v1/accounts", "/job/v1/submissions", "/job/v1/jobs/pc:1/quote"]
)
def test_json_nested_thousands_deep_is_a_400_in_guidewire_shape(
    gw: GuidewireActions, path: str
) -> None:
    deep = b'{"data": ' + b"[" * 3000 + b"]" * 3000 + b"}"
    response = gw.client.post(path, data=deep, content_type="application/json", headers=gw.headers)
    body = gw.error(response, 400, BAD_INPUT)
    assert "nested deeper than 32 levels" in body["developerMessage"]


@pytest.mark.parametrize(
    ("field", "value"), [("jobEffectiveDate", "9999-12-31"), ("jobEffectiveDate", "0001-01-01")]
)
def test_dates_outside_a_plausible_range_are_bad_input(
    gw: GuidewireActions, field: str, value: str
) -> None:
    account = gw.create_account().json["data"]["id"]
    attributes = {
        "account": {"id": account},
        "baseState": {"code": "FR"},
        field: value,
        "producerCode": {"id": "953617Z"},
        "product": {"id": "PSAUsedVehicle"},
    }
    response = gw.post("/job/v1/submissions", {"data": {"attributes": attributes}})
    body = gw.error(response, 400, BAD_INPUT)
    assert any("plausible date" in d["message"] for d in body["details"])


def test_body_too_large_has_a_message(gw: GuidewireActions) -> None:
    big = b'{"data": {"attributes": {"x": "' + b"x" * 300_000 + b'"}}}'
    response = gw.client.post(
        "/account/v1/accounts", data=big, content_type="application/json", headers=gw.headers
    )
    body = gw.error(response, 413, BAD_INPUT)
    assert body["userMessage"] and body["developerMessage"]


def test_guidewire_and_oauth_refusals_are_sandbox_errors_with_their_own_shapes() -> None:
    refusal = errors.NotFoundException("no job pc:9")
    assert isinstance(refusal, SandboxError)
    assert refusal.body()["errorCode"] == "gw.api.rest.exceptions.NotFoundException"
    oauth = errors.InvalidClient("unknown client")
    assert isinstance(oauth, SandboxError)
    assert oauth.body() == {"error": "invalid_client", "error_description": "unknown client"}
    assert oauth.headers["Cache-Control"] == "no-store" and "WWW-Authenticate" in oauth.headers
