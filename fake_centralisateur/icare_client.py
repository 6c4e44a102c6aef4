"""The Centralisateur's client of Icare: creates the warranty contract of a declaration.

A thin class on a `requests.Session` with timeouts always set. Icare's refusals (a business
answer with a French message) and Icare being unreachable are different outcomes for the dealer:
the first is shown on the form, the second leaves the contract pending for a retry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import requests
from flask import current_app

UNAVAILABLE = (
    "Icare n'a pas répondu : votre déclaration est bien enregistrée, mais le contrat "
    "est en attente. Relancez la création du contrat dans quelques instants."
)


class IcareRefusal(Exception):
    """Icare answered and refused the contract; its French message is for the dealer."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class IcareUnavailable(Exception):
    """Icare could not be reached, was too slow, or failed (5xx)."""


@dataclass(frozen=True)
class Contract:
    number: str
    myicare_url: str | None


class IcareClient:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        timeout: tuple[float, float] = (2.0, 5.0),
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        self.http.trust_env = False  # Icare is reached directly: no proxy look-up per call
        self.http.auth = (client_id, client_secret)

    def create_contract(self, payload: dict[str, Any]) -> Contract:
        """Ask Icare for the contract; the same declaration_ref twice yields the same contract."""
        try:
            response = self.http.post(
                f"{self.base_url}/api/v1/contracts", json=payload, timeout=self.timeout
            )
        except requests.RequestException as error:
            raise IcareUnavailable(str(error)) from error
        if response.status_code >= 500:
            raise IcareUnavailable(f"Icare answered {response.status_code}")
        try:
            body = response.json()
        except ValueError as error:
            raise IcareUnavailable("Icare answered something that is not JSON") from error
        if response.status_code >= 400:
            if response.status_code in (401, 403):
                raise IcareUnavailable(f"Icare refused our credentials ({response.status_code})")
            raise IcareRefusal(
                body.get("error_code", "ICARE_REFUSAL"),
                body.get("message") or "Icare a refusé le contrat.",
            )
        return Contract(body["contract_number"], body.get("myicare_url"))


def icare_client() -> IcareClient:
    """One client per app, so its connection pool is reused across requests."""
    client = current_app.extensions.get("centralisateur.icare")
    if client is None:
        config = current_app.config
        client = IcareClient(
            config["ICARE_URL"],
            config["ICARE_CLIENT_ID"],
            config["ICARE_CLIENT_SECRET"],
            (config["ICARE_CONNECT_TIMEOUT"], config["ICARE_READ_TIMEOUT"]),
        )
        current_app.extensions["centralisateur.icare"] = client
    return client
