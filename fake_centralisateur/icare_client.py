"""The Centralisateur's client of Icare: creates the warranty contract of a declaration.

A thin class on urllib3's connection pool (one per worker, connections kept alive, timeouts
always set): a requests session cost each declaration about 1 ms more CPU for nothing used here.
Icare's refusals (a business answer with a French message) and Icare being unreachable are
different outcomes for the dealer: the first is shown on the form, the second leaves the
contract pending for a retry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import urllib3
from flask import current_app

UNAVAILABLE = (
    "Icare n'a pas répondu : votre déclaration est bien enregistrée, mais le contrat "
    "est en attente. Relancez la création du contrat dans quelques instants."
)


class IcareRefusal(Exception):
    """Icare answered and refused the contract; its French message is for the dealer, and
    `fields` the (path, message) of each value it refused, when it named them."""

    def __init__(self, code: str, message: str, fields: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = list(fields)


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
        self.http = urllib3.PoolManager(
            maxsize=16,  # a worker's threads each keep their connection
            retries=urllib3.Retry(0, read=False),  # a POST is not sent twice behind our back
            timeout=urllib3.Timeout(connect=timeout[0], read=timeout[1]),
        )
        self.headers = {
            **urllib3.make_headers(basic_auth=f"{client_id}:{client_secret}"),
            "Content-Type": "application/json",
        }

    def create_contract(self, payload: dict[str, Any]) -> Contract:
        """Ask Icare for the contract; the same declaration_ref twice yields the same contract."""
        try:
            response = self.http.request(
                "POST",
                f"{self.base_url}/api/v1/contracts",
                body=json.dumps(payload).encode(),
                headers=self.headers,
            )
        except urllib3.exceptions.HTTPError as error:
            raise IcareUnavailable(str(error)) from error
        if response.status >= 500:
            raise IcareUnavailable(f"Icare answered {response.status}")
        try:
            body = json.loads(response.data)
        except ValueError as error:
            raise IcareUnavailable("Icare answered something that is not JSON") from error
        if response.status >= 400:
            if response.status in (401, 403):
                raise IcareUnavailable(f"Icare refused our credentials ({response.status})")
            raise IcareRefusal(
                body.get("error_code", "ICARE_REFUSAL"),
                body.get("message") or "Icare a refusé le contrat.",
                [
                    (str(line.get("field")), str(line.get("message")))
                    for line in body.get("field_errors") or []
                    if isinstance(line, dict)
                ],
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
