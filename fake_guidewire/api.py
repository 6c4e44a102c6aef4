"""The Cloud API endpoints PSA Assurance exposes for the used-vehicle warranty.

Views stay thin: parse with the schema, call the store and the rules, wrap in the envelope.
A caller sees only what its own client created; anything else is a 404, as if it did not exist.
Business actions (the POSTs) honour `GW-DBTransaction-ID`; the job actions (`quote`,
`bind-and-issue`, `withdraw`) take no body, or an envelope whose `data.checksum`, like the
`GW-Checksum` header, is checked (see `envelope` and docs/guidewire.md).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import request

from fake_guidewire import auth, errors, rules, schemas, store
from fake_guidewire.envelope import (
    ActionInSchema,
    Blueprint,
    collection,
    link,
    resource,
    to_json,
)
from sandbox.db import request_session
from sandbox.french import last_day_covered

accounts = Blueprint("accounts", __name__, url_prefix="/account/v1", description="Accounts")
jobs = Blueprint("jobs", __name__, url_prefix="/job/v1", description="Submissions and jobs")
policies = Blueprint("policies", __name__, url_prefix="/policy/v1", description="Policies")
BLUEPRINTS = (accounts, jobs, policies)

for _bp, _scope in zip(BLUEPRINTS, auth.SCOPES, strict=True):
    _bp.before_request(lambda scope=_scope: auth.require_scope(scope))

TRANSACTION_HEADER = "GW-DBTransaction-ID"
CHECKSUM_HEADER = "GW-Checksum"
ERROR_RESPONSES = {
    400: "BadInputException, AlreadyExecutedException",
    401: "No, unknown or expired bearer token",
    403: "Scope missing",
    404: "NotFoundException (also another client's resource)",
}


def _document_errors(bp: Blueprint, *statuses: int) -> Any:
    def decorate(view: Any) -> Any:
        for status in statuses:
            view = bp.alt_response(
                status,
                schema=errors.GuidewireErrorSchema,
                description=ERROR_RESPONSES.get(status, ""),
            )(view)
        return view

    return decorate


def _claim_transaction() -> None:
    transaction_id = request.headers.get(TRANSACTION_HEADER)
    if transaction_id:
        store.claim_transaction(request_session(), transaction_id, auth.caller().client_id)


def _not_found(kind: str, public_id: str) -> errors.NotFoundException:
    return errors.NotFoundException(f"No {kind} with id '{public_id}' exists or is visible to you")


def _ref(kind: str, public_id: str, display: str, uri: str) -> dict[str, str]:
    return {"id": public_id, "displayName": display, "type": kind, "uri": uri}


def _producer_ref(code: str) -> dict[str, str]:
    producer = store.producer_code(request_session(), code)
    return {"id": code, "displayName": f"{code} {producer.name}" if producer else code}


def _money(amount: str | None) -> dict[str, str] | None:
    return {"amount": amount, "currency": "eur"} if amount is not None else None


# Representations


def account_resource(account: store.Account) -> dict[str, Any]:
    uri = f"/account/v1/accounts/{account.public_id}"
    return resource(
        "Account",
        account.public_id,
        store.checksum("Account", account.public_id, account.version),
        {"self": link(uri, "get")},
        {
            "id": account.public_id,
            "accountNumber": account.account_number,
            "accountStatus": {"code": "Active", "name": "Active"},
            "accountHolder": {"displayName": account.holder_name, **account.holder},
            "producerCodes": [_producer_ref(code) for code in account.producer_codes],
        },
    )


def _account_ref(account: store.Account) -> dict[str, str]:
    return _ref(
        "Account",
        account.public_id,
        f"{account.account_number} {account.holder_name}",
        f"/account/v1/accounts/{account.public_id}",
    )


def _product_ref(code: str) -> dict[str, str]:
    return {"id": code, "displayName": rules.PRODUCTS[code]}


def _cover(code: str | None) -> dict[str, str] | None:
    return {"code": code, "name": rules.COVERS[code].name} if code else None


def job_resource(job: store.Job) -> dict[str, Any]:
    uri = f"/job/v1/jobs/{job.public_id}"
    links = {"self": link(uri, "get")}
    for state, action in store.TRANSITIONS:
        if state == job.status:
            links[action] = link(f"{uri}/{action}", "post")
    policy = job.policy
    return resource(
        "Job",
        job.public_id,
        store.checksum("Job", job.public_id, job.version),
        links,
        {
            "id": job.public_id,
            "jobNumber": job.job_number,
            "jobType": {"code": "Submission", "name": "Submission"},
            "jobStatus": {"code": job.status, "name": job.status},
            "account": _account_ref(job.account),
            "baseState": {"code": "FR", "name": "France"},
            "jobEffectiveDate": job.effective_date.isoformat(),
            "producerCode": _producer_ref(job.producer_code),
            "product": _product_ref(job.product),
            "vehicle_Ext": job.vehicle,
            "cover_Ext": _cover(job.cover),
            "totalPremium": _money(job.total_premium),
            "policyNumber": policy.policy_number if policy else None,
            "policy": _ref(
                "Policy",
                policy.public_id,
                policy.policy_number,
                f"/policy/v1/policies/{policy.public_id}",
            )
            if policy
            else None,
        },
    )


def policy_resource(policy: store.Policy) -> dict[str, Any]:
    job = policy.job
    uri = f"/policy/v1/policies/{policy.public_id}"
    return resource(
        "Policy",
        policy.public_id,
        store.checksum("Policy", policy.public_id, policy.version),
        {"self": link(uri, "get")},
        {
            "id": policy.public_id,
            "policyNumber": policy.policy_number,
            "account": _account_ref(job.account),
            "product": _product_ref(job.product),
            "producerCodeOfService": _producer_ref(job.producer_code),
            "periodStart": policy.period_start.isoformat(),
            "periodEnd": policy.period_end.isoformat(),
            "displayStatus": policy.display_status,
            "totalPremium": _money(job.total_premium),
            "vehicle_Ext": job.vehicle,
            "cover_Ext": _cover(job.cover),
            "job": _ref("Job", job.public_id, job.job_number, f"/job/v1/jobs/{job.public_id}"),
        },
    )


# Accounts


def _usable_producer_code(code: str, prop: str) -> None:
    if not auth.caller().may_use(code) or not store.producer_code(request_session(), code):
        raise errors.BadInputException(
            f"The producer code '{code}' does not exist or is not available to this caller",
            details=[errors.detail("Unknown producer code", property=prop, producerCode=code)],
        )


@accounts.post("/accounts")
@accounts.arguments(schemas.AccountInSchema)
@accounts.response(201, schemas.AccountOutSchema)
@_document_errors(accounts, 400, 401, 403)
def create_account(body: dict[str, Any]) -> dict[str, Any]:
    """Create the buyer's account, the account holder of the future policy."""
    _claim_transaction()
    attributes = body["data"]["attributes"]
    codes = [ref["id"] for ref in attributes["producerCodes"]]
    for code in codes:
        _usable_producer_code(code, "producerCodes")
    account = store.create_account(
        request_session(),
        auth.caller().client_id,
        to_json(attributes["initialAccountHolder"]),
        codes,
    )
    return account_resource(account)


@accounts.get("/accounts")
@accounts.arguments(schemas.PageQueryInSchema, location="query")
@accounts.response(200, schemas.AccountListOutSchema)
@_document_errors(accounts, 400, 401, 403)
def list_accounts(args: dict[str, Any]) -> dict[str, Any]:
    """The caller's accounts, oldest first (`pageSize` 1-100, default 25; `pageOffset`)."""
    rows, total = store.page(
        request_session(),
        store.Account,
        auth.caller().client_id,
        args["pageOffset"],
        args["pageSize"],
    )
    return collection("/account/v1/accounts", [account_resource(a) for a in rows], total, args)


@accounts.get("/accounts/<account_id>")
@accounts.response(200, schemas.AccountOutSchema)
@_document_errors(accounts, 401, 403, 404)
def get_account(account_id: str) -> dict[str, Any]:
    account = store.account(request_session(), auth.caller().client_id, account_id)
    if account is None:
        raise _not_found("Account", account_id)
    return account_resource(account)


# Jobs


@jobs.post("/submissions")
@jobs.arguments(schemas.SubmissionInSchema)
@jobs.response(201, schemas.JobOutSchema)
@_document_errors(jobs, 400, 401, 403)
def create_submission(body: dict[str, Any]) -> dict[str, Any]:
    """Start a submission (a Draft job) for the buyer's account and the vehicle sold."""
    _claim_transaction()
    attributes = body["data"]["attributes"]
    session, caller = request_session(), auth.caller()
    account = store.account(session, caller.client_id, attributes["account"]["id"])
    if account is None:
        raise errors.BadInputException(
            f"No account with id '{attributes['account']['id']}' exists or is visible to you",
            details=[errors.detail("Unknown account", property="account.id")],
        )
    code = attributes["producerCode"]["id"]
    _usable_producer_code(code, "producerCode.id")
    vehicle = attributes["vehicle_Ext"]
    first = vehicle.get("firstRegistrationDate")
    if first is not None and first > attributes["jobEffectiveDate"]:
        raise errors.BadInputException(
            "vehicle_Ext.firstRegistrationDate is after jobEffectiveDate",
            details=[
                errors.detail(
                    "The first registration cannot be after the effective date",
                    property="vehicle_Ext.firstRegistrationDate",
                )
            ],
        )
    if "price" in vehicle:
        vehicle["price"]["amount"] = str(
            Decimal(vehicle["price"]["amount"]).quantize(Decimal("0.01"))
        )
    job = store.create_job(
        session,
        caller.client_id,
        account,
        producer_code=code,
        product=attributes["product"]["id"],
        effective_date=attributes["jobEffectiveDate"],
        vehicle=to_json(vehicle),
        cover=(attributes.get("cover_Ext") or {}).get("code"),
    )
    return job_resource(job)


@jobs.get("/jobs")
@jobs.arguments(schemas.PageQueryInSchema, location="query")
@jobs.response(200, schemas.JobListOutSchema)
@_document_errors(jobs, 400, 401, 403)
def list_jobs(args: dict[str, Any]) -> dict[str, Any]:
    """The caller's jobs, oldest first (`pageSize` 1-100, default 25; `pageOffset`)."""
    rows, total = store.page(
        request_session(), store.Job, auth.caller().client_id, args["pageOffset"], args["pageSize"]
    )
    return collection("/job/v1/jobs", [job_resource(j) for j in rows], total, args)


def _own_job(job_id: str, for_update: bool = False) -> store.Job:
    job = store.job(request_session(), auth.caller().client_id, job_id, for_update)
    if job is None:
        raise _not_found("Job", job_id)
    return job


@jobs.get("/jobs/<job_id>")
@jobs.response(200, schemas.JobOutSchema)
@_document_errors(jobs, 401, 403, 404)
def get_job(job_id: str) -> dict[str, Any]:
    return job_resource(_own_job(job_id))


def _check_checksum(job: store.Job, body: dict[str, Any]) -> None:
    supplied = (body.get("data") or {}).get("checksum") or request.headers.get(CHECKSUM_HEADER)
    current = store.checksum("Job", job.public_id, job.version)
    if supplied is not None and supplied != current:
        uri = f"/job/v1/jobs/{job.public_id}"
        raise errors.ChecksumMismatchException(
            f"The supplied checksum '{supplied}' does not match the current checksum "
            f"'{current}' for the resource with uri '{uri}'",
            details=[
                errors.detail(
                    f"The supplied checksum '{supplied}' does not match the current checksum "
                    f"'{current}' for the resource with uri '{uri}'",
                    uri=uri,
                    currentChecksum=current,
                    suppliedChecksum=supplied,
                )
            ],
        )


def _action_job(job_id: str, body: dict[str, Any], action: str) -> store.Job:
    """The job an action applies to, once transaction id, ownership, checksum and state allow it.

    The transaction id is claimed first, as Guidewire does: a replay is refused as such even
    when the first call has since moved the job on.
    """
    _claim_transaction()
    job = _own_job(job_id, for_update=True)
    _check_checksum(job, body)
    store.next_state(job, action)
    return job


STALE = "Stale checksum"


def _job_action(action: str) -> Callable[[Callable[..., Any]], Any]:
    """The route of a job action: no body needed (as Guidewire documents it), the job back, a
    stale checksum refused (409), and the refusals every job route may give."""

    def register(view: Callable[..., Any]) -> Any:
        for decorate in (
            _document_errors(jobs, 400, 401, 403, 404),
            jobs.alt_response(409, schema=errors.GuidewireErrorSchema, description=STALE),
            jobs.response(200, schemas.JobOutSchema),
            jobs.arguments(ActionInSchema, required=False),
            jobs.post(f"/jobs/<job_id>/{action}"),
        ):
            view = decorate(view)
        return view

    return register


@_job_action("quote")
@jobs.alt_response(
    422,
    schema=errors.GuidewireErrorSchema,
    description="Rating data missing (UnprocessableEntityException) or underwriting declines "
    "(gw.job.uw.UWAuthorityBlocksProgressException)",
)
def quote(body: dict[str, Any], job_id: str) -> dict[str, Any]:
    """Rate a Draft (or re-rate a Quoted) job; the premium is in `totalPremium`."""
    job = _action_job(job_id, body, store.QUOTE)
    submission = {
        "vehicle_Ext": job.vehicle,
        "cover_Ext": {"code": job.cover} if job.cover else None,
    }
    amount = rules.premium(submission, job.account.holder["lastName"], job.effective_date)
    store.mark_quoted(job, str(amount))
    return job_resource(job)


@_job_action("bind-and-issue")
def bind_and_issue(body: dict[str, Any], job_id: str) -> dict[str, Any]:
    """Bind a Quoted job and issue its policy; the number is in `policyNumber`."""
    job = _action_job(job_id, body, store.BIND_AND_ISSUE)
    months = rules.COVERS[job.cover].months if job.cover else 12  # a quoted job has a cover
    end = last_day_covered(job.effective_date, months)
    store.bind_and_issue(request_session(), job, end)
    return job_resource(job)


@_job_action("withdraw")
def withdraw(body: dict[str, Any], job_id: str) -> dict[str, Any]:
    """Withdraw a Draft or Quoted job: the sale fell through, no policy is issued."""
    job = _action_job(job_id, body, store.WITHDRAW)
    store.withdraw(job)
    return job_resource(job)


# Policies


@policies.get("/policies/<policy_id>")
@policies.response(200, schemas.PolicyOutSchema)
@_document_errors(policies, 401, 403, 404)
def get_policy(policy_id: str) -> dict[str, Any]:
    policy = store.policy(request_session(), auth.caller().client_id, policy_id)
    if policy is None:
        raise _not_found("Policy", policy_id)
    return policy_resource(policy)
