"""What the Guidewire tests send, as a PVO² sends it (flaskr's AuthActions, for an API)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from sandbox.dealers import AXILOG, GARAGE_DU_PARC

OTHER_CLIENT = {
    "secret": "autre-secret",
    "scopes": ["pc.account", "pc.job", "pc.policy"],
    "producerCodes": [GARAGE_DU_PARC.code_rrdi],
}
TODAY = "2025-11-30"

HOLDER: dict[str, Any] = {
    "contactSubtype": "Person",
    "firstName": "Jean",
    "lastName": "Dupond",
    "dateOfBirth": "1960-05-17",
    "emailAddress1": "jean.dupond@example.fr",
    "cellPhone": {"phoneNumber": "06 07 08 09 10"},
    "primaryAddress": {
        "addressLine1": "12 rue Spoticar",
        "city": "PARIS",
        "postalCode": "75010",
        "country": "FR",
    },
}
VEHICLE: dict[str, Any] = {
    "vin": "VR3UPHNKSNT000001",
    "licensePlate": "AB-123-CD",
    "make": "PEUGEOT",
    "model": "208",
    "firstRegistrationDate": "2023-05-11",
    "odometer": 12000,
    "price": {"amount": "15000.00", "currency": "eur"},
}


class GuidewireActions:
    """The calls a test needs, as a PVO² makes them (flaskr's AuthActions, for an API)."""

    def __init__(self, client: FlaskClient, client_id: str = "pvo2", secret: str = "pvo2-secret"):
        self.client = client
        self.client_id = client_id
        self.secret = secret
        self._token: str | None = None

    def token(self, scope: str | None = None) -> str:
        form = {"grant_type": "client_credentials", "client_id": self.client_id}
        form["client_secret"] = self.secret
        if scope:
            form["scope"] = scope
        response = self.client.post("/oauth2/token", data=form)
        assert response.status_code == 200, response.json
        return response.json["access_token"]

    @property
    def headers(self) -> dict[str, str]:
        if self._token is None:
            self._token = self.token()
        return {"Authorization": f"Bearer {self._token}"}

    def as_other(self) -> GuidewireActions:
        return GuidewireActions(self.client, "autre-dms", OTHER_CLIENT["secret"])

    def post(self, path: str, json: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.client.post(path, json=json, headers={**self.headers, **(headers or {})})

    def get(self, path: str) -> Any:
        return self.client.get(path, headers=self.headers)

    def create_account(self, producer: str = AXILOG.code_rrdi, **holder: Any) -> Any:
        attributes = {
            "initialAccountHolder": {**HOLDER, **holder},
            "producerCodes": [{"id": producer}],
        }
        return self.post("/account/v1/accounts", {"data": {"attributes": attributes}})

    def create_submission(
        self,
        account_id: str,
        producer: str = AXILOG.code_rrdi,
        cover: str | None = "PANNE_MECANIQUE_12",
        **vehicle: Any,
    ) -> Any:
        attributes: dict[str, Any] = {
            "account": {"id": account_id},
            "baseState": {"code": "FR"},
            "jobEffectiveDate": TODAY,
            "producerCode": {"id": producer},
            "product": {"id": "PSAUsedVehicle"},
            "vehicle_Ext": {k: v for k, v in {**VEHICLE, **vehicle}.items() if v is not None},
        }
        if cover:
            attributes["cover_Ext"] = {"code": cover}
        return self.post("/job/v1/submissions", {"data": {"attributes": attributes}})

    def draft(self, last_name: str = "Dupond", **vehicle: Any) -> str:
        """A Draft job's id, for a new account."""
        account = self.create_account(lastName=last_name)
        assert account.status_code == 201, account.json
        job = self.create_submission(account.json["data"]["id"], **vehicle)
        assert job.status_code == 201, job.json
        return job.json["data"]["id"]

    def quote(self, job_id: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.post(f"/job/v1/jobs/{job_id}/quote", body, headers)

    def bind(self, job_id: str, body: Any = None, headers: dict[str, str] | None = None) -> Any:
        return self.post(f"/job/v1/jobs/{job_id}/bind-and-issue", body, headers)

    @staticmethod
    def error(response: Any, status: int, error_code: str) -> dict[str, Any]:
        """The response is Guidewire's error shape with this status and errorCode."""
        body = response.json
        assert response.status_code == status, body
        assert set(body) == {"status", "errorCode", "userMessage", "developerMessage", "details"}
        assert body["status"] == status
        assert body["errorCode"] == error_code
        return body
