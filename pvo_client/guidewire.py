"""Client of PSA Assurance's Guidewire Cloud API: the "Déclaration PSA Insurance" of PVO².

One thin class over a `requests.Session`, timeouts always set. It takes and refreshes the OAuth2
token, returns dataclasses, and raises `GuidewireError` only: the raw Guidewire error for
integrators, and a French message for the dealer. Each business action carries a fresh
`GW-DBTransaction-ID`, reused when the action is retried after a connection error, so that a
retry never insures a vehicle twice. Imports nothing but requests and the standard library.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import requests

TRANSACTION_HEADER = "GW-DBTransaction-ID"
DEFAULT_PRODUCT = "PSAUsedVehicle"
UNDERWRITING = "gw.job.uw.UWAuthorityBlocksProgressException"
ALREADY_EXECUTED = "gw.api.webservice.exception.AlreadyExecutedException"
RATING_DATA_MISSING = "gw.api.rest.exceptions.UnprocessableEntityException"

# Messages for the dealer, by errorCode (or HTTP status when Guidewire gave no errorCode).
MESSAGES = {
    UNDERWRITING: "PSA Assurance refuse d'assurer ce véhicule : {reasons}.",
    RATING_DATA_MISSING: "PSA Assurance ne peut pas calculer la prime : il manque {missing}.",
    ALREADY_EXECUTED: "Cette opération a déjà été enregistrée par PSA Assurance.",
    "gw.api.rest.exceptions.ChecksumMismatchException": (
        "Le dossier a été modifié entre-temps chez PSA Assurance : rechargez-le et recommencez."
    ),
    "gw.api.rest.exceptions.BadInputException": ("PSA Assurance a refusé la demande : {problem}."),
    "gw.api.rest.exceptions.NotFoundException": (
        "PSA Assurance ne trouve pas ce dossier pour votre point de vente."
    ),
    401: "PSA Assurance a refusé l'identification du PVO² : vérifiez l'identifiant et le secret.",
    403: "Le PVO² n'a pas les droits nécessaires chez PSA Assurance.",
    "unreachable": "PSA Assurance est injoignable pour le moment : réessayez plus tard.",
    "server": "PSA Assurance a rencontré une erreur : réessayez plus tard.",
}
UNDERWRITING_REASONS = {
    "PSAAccountHolderDeclined": "l'acheteur ne répond pas à ses conditions de souscription",
    "PSAVehicleTooOld": "le véhicule a plus de 10 ans",
    "PSAMileageTooHigh": "le kilométrage dépasse 200 000 km",
}
RATING_DATA_LABELS = {
    "cover_Ext.code": "la garantie choisie",
    "vehicle_Ext.firstRegistrationDate": "la date de 1ère immatriculation",
    "vehicle_Ext.odometer": "le kilométrage",
    "vehicle_Ext.price.amount": "le prix de vente",
}
STATE_PROBLEMS = {
    "bind-and-issue": "le contrat ne peut être émis qu'après le calcul de la prime",
    "quote": "le contrat est déjà émis, la prime ne peut plus être recalculée",
}


class GuidewireError(Exception):
    """A refusal or failure of PSA Assurance; `str()` is the French message for the dealer.

    `raw` is Guidewire's error body as received (or None when nothing was received),
    `status` the HTTP status (0 when PSA Assurance could not be reached).
    """

    def __init__(self, message: str, status: int = 0, raw: Mapping[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.raw = dict(raw) if raw is not None else None

    @property
    def error_code(self) -> str | None:
        return (self.raw or {}).get("errorCode") or (self.raw or {}).get("error")

    @property
    def user_message(self) -> str | None:
        return (self.raw or {}).get("userMessage") or (self.raw or {}).get("error_description")

    @property
    def details(self) -> list[dict[str, Any]]:
        return list((self.raw or {}).get("details") or [])


@dataclass(frozen=True)
class Address:
    line1: str
    postal_code: str
    city: str
    country: str = "FR"


@dataclass(frozen=True)
class AccountHolder:
    """The buyer of the vehicle, account holder of the policy."""

    first_name: str
    last_name: str
    date_of_birth: date
    email: str
    phone: str
    address: Address


@dataclass(frozen=True)
class Vehicle:
    vin: str
    plate: str
    make: str
    model: str
    first_registration_date: date | None
    mileage: int | None
    price: Decimal | None


@dataclass(frozen=True)
class Account:
    id: str
    account_number: str
    holder_name: str
    checksum: str


@dataclass(frozen=True)
class Job:
    id: str
    job_number: str
    status: str
    checksum: str
    total_premium: Decimal | None
    policy_id: str | None
    policy_number: str | None


@dataclass(frozen=True)
class Policy:
    id: str
    policy_number: str
    period_start: date
    period_end: date
    total_premium: Decimal
    cover: str
    vin: str


def _french(status: int, raw: Mapping[str, Any] | None) -> str:
    """The dealer's message for an error body; falls back on the status when it is unknown."""
    raw = raw or {}
    code = raw.get("errorCode")
    details = raw.get("details") or []
    if code == UNDERWRITING:
        reasons = [
            UNDERWRITING_REASONS.get(d.get("properties", {}).get("issueType"), d.get("message"))
            for d in details
        ]
        text = " ; ".join(r for r in reasons if r) or raw.get("userMessage", "")
        return MESSAGES[UNDERWRITING].format(reasons=text)
    if code == RATING_DATA_MISSING:
        missing = [
            RATING_DATA_LABELS.get(d.get("properties", {}).get("property"), d.get("message"))
            for d in details
        ]
        return MESSAGES[RATING_DATA_MISSING].format(missing=", ".join(m for m in missing if m))
    if code == "gw.api.rest.exceptions.BadInputException":
        actions = [d.get("properties", {}).get("action") for d in details]
        problem = next((STATE_PROBLEMS[a] for a in actions if a in STATE_PROBLEMS), None)
        return MESSAGES[code].format(problem=problem or "données invalides")
    if code in MESSAGES:
        return MESSAGES[code]
    if status in MESSAGES:
        return MESSAGES[status]
    return MESSAGES["server"] if status >= 500 else MESSAGES["unreachable"]


def _decimal(money: Mapping[str, Any] | None) -> Decimal | None:
    return Decimal(str(money["amount"])) if money else None


class GuidewireClient:
    """PSA Assurance's Cloud API, as PVO² uses it to insure a used vehicle."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        timeout: float | tuple[float, float] = (3.05, 10.0),
        retries: int = 2,
        session: requests.Session | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout
        self.retries = retries
        self.session = session or requests.Session()
        self._token: str | None = None
        self._token_expires = 0.0

    def close(self) -> None:
        """Close the pooled connections (a server waits for open keep-alive connections)."""
        self.session.close()

    def __enter__(self) -> GuidewireClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Token

    def _fetch_token(self) -> str:
        try:
            response = self.session.post(
                f"{self.base_url}/oauth2/token",
                data={"grant_type": "client_credentials"},
                auth=(self.client_id, self.client_secret),
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise GuidewireError(MESSAGES["unreachable"]) from exc
        status, body = response.status_code, self._json(response)
        response.close()
        del response  # an error's traceback must not keep the connection open
        if status != 200:
            raise GuidewireError(
                _french(401 if status in (400, 401) else status, body), status, body
            )
        self._token = str(body["access_token"])
        # Renew a little before the end, so that a token never expires in flight.
        self._token_expires = time.monotonic() + max(int(body.get("expires_in", 0)) - 30, 0)
        return self._token

    def _bearer(self) -> str:
        if self._token is None or time.monotonic() >= self._token_expires:
            return self._fetch_token()
        return self._token

    # Transport

    @staticmethod
    def _json(response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def _call(
        self,
        method: str,
        path: str,
        body: Mapping[str, Any] | None = None,
        transaction: bool = False,
        recover: Callable[[], dict[str, Any] | None] | None = None,
    ) -> dict[str, Any]:
        """One API call, retried after connection errors with the same transaction id.

        `recover` answers when a retried action turns out to have been executed already (the
        first attempt reached Guidewire but its answer was lost).
        """
        headers = {"Accept": "application/json"}
        if transaction:
            headers[TRANSACTION_HEADER] = uuid.uuid4().hex
        refreshed = retried = False
        attempt = 0
        while True:
            headers["Authorization"] = f"Bearer {self._bearer()}"
            try:
                response = self.session.request(
                    method,
                    f"{self.base_url}{path}",
                    json=body,
                    headers=headers,
                    timeout=self.timeout,
                )
            except (
                requests.ConnectionError,
                requests.Timeout,
                requests.exceptions.ChunkedEncodingError,  # the answer was cut off mid-way
            ) as exc:
                attempt += 1
                if attempt > self.retries or (method != "GET" and not transaction):
                    raise GuidewireError(MESSAGES["unreachable"]) from exc
                retried = True
                continue
            if response.status_code == 401 and not refreshed:
                self._token = None  # revoked or expired early: one new token, then retry
                refreshed = True
                continue
            status, payload = response.status_code, self._json(response)
            response.close()
            if status < 400:
                return payload
            if retried and payload.get("errorCode") == ALREADY_EXECUTED and recover:
                recovered = recover()
                if recovered is not None:
                    return recovered
            del response  # an error's traceback must not keep the connection open
            raise GuidewireError(_french(status, payload), status, payload)

    # Business actions

    def create_account(self, holder: AccountHolder, producer_code: str) -> Account:
        """The buyer as account holder, under the dealer's producer code."""
        person = {
            "contactSubtype": "Person",
            "firstName": holder.first_name,
            "lastName": holder.last_name,
            "dateOfBirth": holder.date_of_birth.isoformat(),
            "emailAddress1": holder.email,
            "cellPhone": {"phoneNumber": holder.phone},
            "primaryAddress": {
                "addressLine1": holder.address.line1,
                "postalCode": holder.address.postal_code,
                "city": holder.address.city,
                "country": holder.address.country,
            },
        }
        body = {
            "data": {
                "attributes": {
                    "initialAccountHolder": person,
                    "producerCodes": [{"id": producer_code}],
                }
            }
        }
        return self._account(self._call("POST", "/account/v1/accounts", body, transaction=True))

    def get_account(self, account_id: str) -> Account:
        return self._account(self._call("GET", f"/account/v1/accounts/{account_id}"))

    def create_submission(
        self,
        account_id: str,
        producer_code: str,
        vehicle: Vehicle,
        cover: str | None,
        effective_date: date,
        product: str = DEFAULT_PRODUCT,
    ) -> Job:
        """A Draft submission for the vehicle sold; `cover` e.g. PANNE_MECANIQUE_12."""
        vehicle_ext: dict[str, Any] = {
            "vin": vehicle.vin,
            "licensePlate": vehicle.plate,
            "make": vehicle.make,
            "model": vehicle.model,
        }
        if vehicle.first_registration_date is not None:
            vehicle_ext["firstRegistrationDate"] = vehicle.first_registration_date.isoformat()
        if vehicle.mileage is not None:
            vehicle_ext["odometer"] = vehicle.mileage
        if vehicle.price is not None:
            vehicle_ext["price"] = {"amount": f"{vehicle.price:.2f}", "currency": "eur"}
        attributes: dict[str, Any] = {
            "account": {"id": account_id},
            "baseState": {"code": "FR"},
            "jobEffectiveDate": effective_date.isoformat(),
            "producerCode": {"id": producer_code},
            "product": {"id": product},
            "vehicle_Ext": vehicle_ext,
        }
        if cover is not None:
            attributes["cover_Ext"] = {"code": cover}
        body = {"data": {"attributes": attributes}}
        return self._job(self._call("POST", "/job/v1/submissions", body, transaction=True))

    def get_job(self, job_id: str) -> Job:
        return self._job(self._call("GET", f"/job/v1/jobs/{job_id}"))

    def quote(self, job_id: str, checksum: str | None = None) -> Job:
        """Rate the job; GuidewireError with the reasons when PSA Assurance declines."""
        return self._action(job_id, "quote", checksum, done=("Quoted", "Bound"))

    def bind_and_issue(self, job_id: str, checksum: str | None = None) -> Job:
        """Bind the quoted job and issue the policy; its number is `Job.policy_number`."""
        return self._action(job_id, "bind-and-issue", checksum, done=("Bound",))

    def get_policy(self, policy_id: str) -> Policy:
        data = self._call("GET", f"/policy/v1/policies/{policy_id}")["data"]
        attributes = data["attributes"]
        return Policy(
            id=data["id"],
            policy_number=attributes["policyNumber"],
            period_start=date.fromisoformat(attributes["periodStart"]),
            period_end=date.fromisoformat(attributes["periodEnd"]),
            total_premium=Decimal(str(attributes["totalPremium"]["amount"])),
            cover=attributes["cover_Ext"]["code"],
            vin=attributes["vehicle_Ext"]["vin"],
        )

    def _action(self, job_id: str, action: str, checksum: str | None, done: tuple[str, ...]) -> Job:
        body = {"data": {"checksum": checksum}} if checksum else {"data": {}}

        def recover() -> dict[str, Any] | None:
            current = self._call("GET", f"/job/v1/jobs/{job_id}")
            status = current["data"]["attributes"]["jobStatus"]["code"]
            return current if status in done else None

        payload = self._call(
            "POST", f"/job/v1/jobs/{job_id}/{action}", body, transaction=True, recover=recover
        )
        return self._job(payload)

    # Answers to dataclasses

    @staticmethod
    def _account(payload: Mapping[str, Any]) -> Account:
        data = payload["data"]
        return Account(
            id=data["id"],
            account_number=data["attributes"]["accountNumber"],
            holder_name=data["attributes"]["accountHolder"]["displayName"],
            checksum=data["checksum"],
        )

    @staticmethod
    def _job(payload: Mapping[str, Any]) -> Job:
        data = payload["data"]
        attributes = data["attributes"]
        policy = attributes.get("policy") or {}
        return Job(
            id=data["id"],
            job_number=attributes["jobNumber"],
            status=attributes["jobStatus"]["code"],
            checksum=data["checksum"],
            total_premium=_decimal(attributes.get("totalPremium")),
            policy_id=policy.get("id"),
            policy_number=attributes.get("policyNumber"),
        )
