"""The Cloud API: envelope, flow, refusals, visibility, pagination, replays and checksums."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from sandbox.dealers import AXILOG, GARAGE_DU_PARC
from tests.guidewire.guidewire_actions import GuidewireActions

BAD_INPUT = "gw.api.rest.exceptions.BadInputException"
NOT_FOUND = "gw.api.rest.exceptions.NotFoundException"
ALREADY_EXECUTED = "gw.api.webservice.exception.AlreadyExecutedException"
UNDERWRITING = "gw.job.uw.UWAuthorityBlocksProgressException"
UNPROCESSABLE = "gw.api.rest.exceptions.UnprocessableEntityException"
CHECKSUM = "gw.api.rest.exceptions.ChecksumMismatchException"


def test_account_is_created_and_read_back(gw: GuidewireActions) -> None:
    created = gw.create_account()
    assert created.status_code == 201
    data = created.json["data"]
    assert set(data) == {"id", "type", "checksum", "links", "attributes"}
    assert data["type"] == "Account"
    assert data["id"].startswith("pc:")
    attributes = data["attributes"]
    assert attributes["accountNumber"] == "2000000001"
    assert attributes["accountHolder"]["displayName"] == "Jean Dupond"
    assert attributes["producerCodes"][0]["id"] == AXILOG.code_rrdi
    assert data["links"]["self"]["href"] == f"/account/v1/accounts/{data['id']}"
    read = gw.get(f"/account/v1/accounts/{data['id']}")
    assert read.status_code == 200
    assert read.json == created.json


def test_full_flow_issues_the_policy_it_answers(gw: GuidewireActions) -> None:
    account_id = gw.create_account().json["data"]["id"]
    submission = gw.create_submission(account_id)
    assert submission.status_code == 201
    job = submission.json["data"]
    assert job["attributes"]["jobStatus"]["code"] == "Draft"
    assert job["attributes"]["jobNumber"] == "0000000001"
    assert job["attributes"]["totalPremium"] is None
    assert set(job["links"]) == {"self", "quote", "withdraw"}

    quoted = gw.quote(job["id"])
    assert quoted.status_code == 200, quoted.json
    attributes = quoted.json["data"]["attributes"]
    assert attributes["jobStatus"]["code"] == "Quoted"
    # 2 years old, 12 000 km, 15 000 €: the table's first column, no surcharge.
    assert attributes["totalPremium"] == {"amount": "180.00", "currency": "eur"}
    assert set(quoted.json["data"]["links"]) == {"self", "quote", "bind-and-issue", "withdraw"}

    bound = gw.bind(job["id"])
    assert bound.status_code == 200, bound.json
    attributes = bound.json["data"]["attributes"]
    assert attributes["jobStatus"]["code"] == "Bound"
    assert attributes["policyNumber"] == "PSAVO00000001"

    policy = gw.get(attributes["policy"]["uri"])
    assert policy.status_code == 200
    issued = policy.json["data"]["attributes"]
    assert issued["policyNumber"] == attributes["policyNumber"]
    assert issued["periodStart"] == "2025-11-30"
    assert issued["periodEnd"] == "2026-11-29"
    assert issued["totalPremium"]["amount"] == "180.00"
    assert issued["vehicle_Ext"]["vin"] == "VR3UPHNKSNT000001"
    assert gw.get(f"/job/v1/jobs/{job['id']}").json["data"]["attributes"]["jobStatus"] == {
        "code": "Bound",
        "name": "Bound",
    }


@pytest.mark.parametrize(
    ("cover", "vehicle", "premium"),
    [
        ("PANNE_MECANIQUE_24", {}, "330.00"),
        ("PANNE_MECANIQUE_12", {"firstRegistrationDate": "2019-01-15"}, "240.00"),
        ("PANNE_MECANIQUE_24", {"firstRegistrationDate": "2016-01-15"}, "590.00"),
        ("PANNE_MECANIQUE_12", {"odometer": 150_000}, "216.00"),
        ("PANNE_MECANIQUE_12", {"odometer": 150_000, "price": {"amount": "32000"}}, "270.00"),
    ],
)
def test_premium_follows_the_rating_table(
    gw: GuidewireActions, cover: str, vehicle: dict[str, Any], premium: str
) -> None:
    account_id = gw.create_account().json["data"]["id"]
    job_id = gw.create_submission(account_id, cover=cover, **vehicle).json["data"]["id"]
    quoted = gw.quote(job_id)
    assert quoted.json["data"]["attributes"]["totalPremium"]["amount"] == premium


def test_unknown_property_is_refused_with_details(gw: GuidewireActions) -> None:
    attributes = {
        "initialAccountHolder": {"firstName": "Jean", "nickname": "JD"},
        "producerCodes": [{"id": AXILOG.code_rrdi}],
        "colour": "blue",
    }
    response = gw.post("/account/v1/accounts", {"data": {"attributes": attributes}})
    body = gw.error(response, 400, BAD_INPUT)
    names = {d["properties"]["parameterName"] for d in body["details"]}
    assert "data.attributes.colour" in names
    assert "data.attributes.initialAccountHolder.nickname" in names
    assert "data.attributes.initialAccountHolder.lastName" in names
    unknown = next(
        d for d in body["details"] if d["properties"]["parameterName"].endswith("colour")
    )
    assert "not defined" in unknown["message"]
    assert unknown["properties"]["parameterLocation"] == "body"


def test_malformed_json_is_bad_input(gw: GuidewireActions, client: FlaskClient) -> None:
    response = client.post(
        "/account/v1/accounts",
        data="{not json",
        headers={**gw.headers, "Content-Type": "application/json"},
    )
    gw.error(response, 400, BAD_INPUT)


def test_producer_code_of_another_dealer_is_refused(gw: GuidewireActions) -> None:
    other = gw.as_other()
    body = gw.error(other.create_account(producer=AXILOG.code_rrdi), 400, BAD_INPUT)
    assert body["details"][0]["properties"]["producerCode"] == AXILOG.code_rrdi


def test_bind_and_issue_on_a_draft_is_refused(gw: GuidewireActions) -> None:
    job_id = gw.draft()
    body = gw.error(gw.bind(job_id), 400, BAD_INPUT)
    assert body["details"][0]["properties"]["jobStatus"] == "Draft"
    assert body["details"][0]["properties"]["action"] == "bind-and-issue"
    assert gw.get(f"/job/v1/jobs/{job_id}").json["data"]["attributes"]["policyNumber"] is None


def test_quote_on_a_bound_job_is_refused(gw: GuidewireActions) -> None:
    job_id = gw.draft()
    gw.quote(job_id)
    gw.bind(job_id)
    body = gw.error(gw.quote(job_id), 400, BAD_INPUT)
    assert body["details"][0]["properties"]["allowedActions"] == []


def test_quote_without_rating_data_is_refused(gw: GuidewireActions) -> None:
    account_id = gw.create_account().json["data"]["id"]
    job = gw.create_submission(account_id, cover=None, odometer=None, price=None)
    assert job.status_code == 201
    body = gw.error(gw.quote(job.json["data"]["id"]), 422, UNPROCESSABLE)
    missing = [d["properties"]["property"] for d in body["details"]]
    assert missing == ["cover_Ext.code", "vehicle_Ext.odometer", "vehicle_Ext.price.amount"]
    status = gw.get(f"/job/v1/jobs/{job.json['data']['id']}").json["data"]["attributes"]
    assert status["jobStatus"]["code"] == "Draft"


def test_holder_named_refus_is_declined_by_underwriting(gw: GuidewireActions) -> None:
    job_id = gw.draft(last_name="REFUS")
    body = gw.error(gw.quote(job_id), 422, UNDERWRITING)
    assert body["userMessage"].startswith("PSA Assurance declines to insure this risk")
    assert body["details"][0]["properties"]["issueType"] == "PSAAccountHolderDeclined"


def test_old_vehicle_is_declined_by_underwriting(gw: GuidewireActions) -> None:
    job_id = gw.draft(firstRegistrationDate="2012-01-01", odometer=250_000)
    body = gw.error(gw.quote(job_id), 422, UNDERWRITING)
    kinds = [d["properties"]["issueType"] for d in body["details"]]
    assert kinds == ["PSAVehicleTooOld", "PSAMileageTooHigh"]


def test_stale_checksum_is_refused(gw: GuidewireActions) -> None:
    job_id = gw.draft()
    draft_checksum = gw.get(f"/job/v1/jobs/{job_id}").json["data"]["checksum"]
    quoted = gw.quote(job_id, {"data": {"checksum": draft_checksum}})
    assert quoted.status_code == 200
    assert quoted.json["data"]["checksum"] != draft_checksum
    body = gw.error(gw.bind(job_id, {"data": {"checksum": draft_checksum}}), 409, CHECKSUM)
    assert body["details"][0]["properties"]["suppliedChecksum"] == draft_checksum
    assert body["details"][0]["properties"]["currentChecksum"] == quoted.json["data"]["checksum"]
    gw.error(gw.bind(job_id, headers={"GW-Checksum": draft_checksum}), 409, CHECKSUM)
    assert (
        gw.bind(job_id, {"data": {"checksum": quoted.json["data"]["checksum"]}}).status_code == 200
    )


def test_replayed_transaction_id_is_not_executed_twice(gw: GuidewireActions) -> None:
    headers = {"GW-DBTransaction-ID": "pvo2-7f3c2a"}
    attributes = {
        "initialAccountHolder": gw.create_account().json["data"]["attributes"]["accountHolder"],
        "producerCodes": [{"id": AXILOG.code_rrdi}],
    }
    attributes["initialAccountHolder"].pop("displayName")
    first = gw.post("/account/v1/accounts", {"data": {"attributes": attributes}}, headers)
    assert first.status_code == 201
    replay = gw.post("/account/v1/accounts", {"data": {"attributes": attributes}}, headers)
    gw.error(replay, 400, ALREADY_EXECUTED)
    assert gw.get("/account/v1/accounts?includeTotal=true").json["total"] == 2


def test_replayed_bind_answers_already_executed(gw: GuidewireActions) -> None:
    job_id = gw.draft()
    gw.quote(job_id)
    headers = {"GW-DBTransaction-ID": "bind-1"}
    assert gw.bind(job_id, headers=headers).status_code == 200
    gw.error(gw.bind(job_id, headers=headers), 400, ALREADY_EXECUTED)


def test_failed_action_does_not_use_up_its_transaction_id(gw: GuidewireActions) -> None:
    job_id = gw.draft()
    headers = {"GW-DBTransaction-ID": "bind-too-early"}
    gw.error(gw.bind(job_id, headers=headers), 400, BAD_INPUT)
    gw.quote(job_id)
    assert gw.bind(job_id, headers=headers).status_code == 200


def test_another_clients_resources_are_not_found(gw: GuidewireActions) -> None:
    job_id = gw.draft()
    gw.quote(job_id)
    bound = gw.bind(job_id).json["data"]["attributes"]
    account_id = bound["account"]["id"]
    other = gw.as_other()
    for path in (
        f"/account/v1/accounts/{account_id}",
        f"/job/v1/jobs/{job_id}",
        f"/policy/v1/policies/{bound['policy']['id']}",
    ):
        gw.error(other.get(path), 404, NOT_FOUND)
    gw.error(other.quote(job_id), 404, NOT_FOUND)
    assert other.get("/job/v1/jobs?includeTotal=true").json["total"] == 0
    body = gw.error(
        other.create_submission(account_id, producer=GARAGE_DU_PARC.code_rrdi), 400, BAD_INPUT
    )
    assert body["details"][0]["properties"]["property"] == "account.id"


def test_pagination_with_include_total(gw: GuidewireActions) -> None:
    for _ in range(5):
        gw.create_account()
    first = gw.get("/account/v1/accounts?pageSize=2&includeTotal=true").json
    assert first["count"] == 2
    assert first["total"] == 5
    assert [a["attributes"]["accountNumber"] for a in first["data"]] == [
        "2000000001",
        "2000000002",
    ]
    seen = [a["id"] for a in first["data"]]
    page = first
    while "next" in page["links"]:
        page = gw.get(page["links"]["next"]["href"]).json
        seen += [a["id"] for a in page["data"]]
    assert len(seen) == len(set(seen)) == 5
    assert page["count"] == 1
    without_total = gw.get("/account/v1/accounts?pageSize=2").json
    assert "total" not in without_total


def test_page_size_above_maximum_is_bad_input(gw: GuidewireActions) -> None:
    body = gw.error(gw.get("/job/v1/jobs?pageSize=500"), 400, BAD_INPUT)
    assert body["details"][0]["properties"] == {
        "parameterLocation": "query",
        "parameterName": "pageSize",
    }


def test_unknown_route_and_method_answer_in_guidewire_shape(
    gw: GuidewireActions, client: FlaskClient
) -> None:
    gw.error(client.get("/claim/v1/claims"), 404, NOT_FOUND)
    gw.error(
        client.delete("/account/v1/accounts", headers=gw.headers),
        405,
        "gw.api.rest.exceptions.MethodNotAllowedException",
    )


def test_numbers_are_not_reused_after_reset(gw: GuidewireActions, client: FlaskClient) -> None:
    job_id = gw.draft()
    assert client.post("/__admin/reset").status_code == 200
    gw._token = None  # tokens went with the reset
    second = gw.draft()
    assert second != job_id
    attributes = gw.get(f"/job/v1/jobs/{second}").json["data"]["attributes"]
    assert attributes["jobNumber"] == "0000000002"
    assert attributes["account"]["displayName"].startswith("2000000002")


def test_openapi_describes_the_cloud_api(client: FlaskClient) -> None:
    spec = client.get("/api/openapi.json").json
    for path in (
        "/oauth2/token",
        "/account/v1/accounts",
        "/account/v1/accounts/{account_id}",
        "/job/v1/submissions",
        "/job/v1/jobs",
        "/job/v1/jobs/{job_id}",
        "/job/v1/jobs/{job_id}/quote",
        "/job/v1/jobs/{job_id}/bind-and-issue",
        "/policy/v1/policies/{policy_id}",
    ):
        assert path in spec["paths"], path
    assert spec["paths"]["/job/v1/jobs/{job_id}/quote"]["post"]["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/oauth2/token"]["post"]["security"] == []  # open, and says so
    assert "SubmissionAttributesIn" in spec["components"]["schemas"]
    create = spec["paths"]["/account/v1/accounts"]["post"]
    assert "422" not in create["responses"]  # input errors are Guidewire's 400 here
    assert "GW-DBTransaction-ID" in {p["name"] for p in create["parameters"]}
