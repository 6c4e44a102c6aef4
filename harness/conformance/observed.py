"""What one dealer's DMS did, drawn from the three journals: its calls, drafts and declarations.

The Centralisateur names the dealer in `who` (HTTP Basic with the code RRDI). Icare is called
by the Centralisateur, so a contract is the dealer's when its `selling_dealer` is. Guidewire
knows only the OAuth2 client: a call is the dealer's when it carries the dealer's producer code,
or names an account or job created under it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any
from urllib.parse import unquote

from harness.conformance.journal import Call, Journal

API = "/api/"
DECLARATIONS_API = "/api/v1/declarations"
PORTAL_DECLARATION = re.compile(r"^/declarations/(?P<id>[^/?]+)")
API_DECLARATION = re.compile(r"^/api/v1/declarations/(?P<id>[^/?]+)")
GUIDEWIRE_IDS = re.compile(r"/(?:accounts|jobs)/(?P<id>[^/?]+)")
DECLARED, PENDING = "déclarée", "en attente"


def declaration_of(call: Call) -> str | None:
    """The declaration a Centralisateur call is about (portal or API), if any."""
    if call.route == DECLARATIONS_API and call.method == "POST":
        found = call.answered("id")
        return str(found) if found else None
    match = API_DECLARATION.match(call.route) or PORTAL_DECLARATION.match(call.route)
    return match["id"] if match else None


def is_submission(call: Call) -> bool:
    """ "Déclarer et Garantir" through the API: the submit route, or a creation `?submit=true`."""
    if call.method != "POST":
        return False
    if call.route == DECLARATIONS_API:
        return "submit=true" in call.path.lower()
    return call.route.startswith(DECLARATIONS_API) and call.route.endswith("/submit")


def is_creation(call: Call) -> bool:
    return call.method == "POST" and call.route == DECLARATIONS_API


def is_update(call: Call) -> bool:
    return call.method == "PATCH" and API_DECLARATION.fullmatch(call.route) is not None


def is_contract_retry(call: Call) -> bool:
    """The retry route of a pending contract: the API's, or the portal's "Relancer" button."""
    return call.method == "POST" and call.route.endswith(("/contract", "/contrat"))


def accepted(call: Call) -> bool:
    return call.status < 300 and call.answered("status") == DECLARED


def unanswered(call: Call) -> bool:
    """A call the client had reason to retry: a failure, a refused token, or an answer cut off."""
    if call.status >= 500 or call.status in (401, 408, 429):
        return True
    return call.status < 300 and call.answer is not None and not isinstance(call.answer, dict)


def sent_fields(call: Call) -> dict[str, Any]:
    values = call.sent("fields")
    return dict(values) if isinstance(values, dict) else {}


@dataclass
class DealerCalls:
    """The share of the journals that belongs to one dealer's DMS."""

    dealer: str
    journal: Journal
    hand_off: bool = False  # the DMS says it opens form_url for the dealer, as the tutorial
    icare_client: str = "centralisateur"

    @cached_property
    def api(self) -> list[Call]:
        """The dealer's calls to the Centralisateur's API (its own credentials)."""
        return [
            c
            for c in self.journal.of("centralisateur")
            if c.route.startswith(API) and c.who == self.dealer
        ]

    @cached_property
    def declaration_ids(self) -> list[str]:
        """The drafts the DMS created, in order."""
        return [
            i for c in self.api if is_creation(c) and (i := declaration_of(c)) and c.status < 300
        ]

    def portal_visits(self, declaration_id: str) -> list[Call]:
        """The portal's pages of a declaration opened in a browser (the form_url and after)."""
        return [
            c
            for c in self.journal.of("centralisateur")
            if not c.route.startswith(API) and declaration_of(c) == declaration_id
        ]

    def about(self, declaration_id: str) -> list[Call]:
        return [c for c in self.api if declaration_of(c) == declaration_id]

    def draft_state(self, declaration_id: str, before: Call) -> dict[str, Any]:
        """The draft's fields as they stood when `before` was sent: creation, then updates."""
        state: dict[str, Any] = {}
        for call in self.about(declaration_id):
            if call is before:
                break
            if call.status < 300 and (is_creation(call) or is_update(call)):
                state.update(sent_fields(call))
        return state

    @cached_property
    def icare(self) -> list[Call]:
        """Icare API calls about the dealer's contracts, or made in the dealer's name."""
        return [
            c
            for c in self.journal.of("icare")
            if c.route.startswith(API)
            and (c.who == self.dealer or c.sent("selling_dealer", "code_rrdi") == self.dealer)
        ]

    @cached_property
    def guidewire(self) -> list[Call]:
        """Guidewire calls under the dealer's producer code, or on its accounts and jobs."""
        mine: list[Call] = []
        ids: set[str] = set()
        for call in self.journal.of("guidewire"):
            if call.route.startswith("/oauth2"):
                continue
            if self._producer(call) == self.dealer or self._names(call) & ids:
                mine.append(call)
                created = call.answered("data", "id")
                if call.method == "POST" and call.status < 300 and created:
                    ids.add(str(created))
        return mine

    @cached_property
    def tokens(self) -> list[Call]:
        """Token requests of the OAuth2 clients that worked for the dealer."""
        clients = {c.who for c in self.guidewire if c.who}
        return [
            c
            for c in self.journal.of("guidewire")
            if c.route.startswith("/oauth2/token") and c.who in clients
        ]

    @staticmethod
    def _producer(call: Call) -> str | None:
        attributes = call.sent("data", "attributes") or {}
        if not isinstance(attributes, dict):
            return None
        codes = attributes.get("producerCodes") or []
        if isinstance(codes, list) and codes and isinstance(codes[0], dict):
            return codes[0].get("id")
        producer = attributes.get("producerCode")
        return producer.get("id") if isinstance(producer, dict) else None

    @staticmethod
    def _names(call: Call) -> set[str]:
        """The account and job ids a Guidewire call names, in its path or its body."""
        names = {m["id"] for m in GUIDEWIRE_IDS.finditer(unquote(call.route))}
        account = call.sent("data", "attributes", "account", "id")
        if account:
            names.add(str(account))
        return names
