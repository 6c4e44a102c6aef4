"""What one dealer's DMS did, drawn from the three journals: its calls, drafts and declarations.

The Centralisateur names the dealer in `who` (HTTP Basic with the code RRDI). Icare is called
by the Centralisateur, so a contract is the dealer's when its `selling_dealer` is. Guidewire
knows only the OAuth2 client: a call is the dealer's when it carries the dealer's producer code,
or names an account or job created under it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import unquote

from harness.conformance.journal import Call, Journal

API = "/api/"
DECLARATIONS_API = "/api/v1/declarations"
PORTAL_DECLARATION = re.compile(r"^/declarations/(?P<id>[^/?]+)")
API_DECLARATION = re.compile(r"^/api/v1/declarations/(?P<id>[^/?]+)")
GUIDEWIRE_IDS = re.compile(r"/(?:accounts|jobs)/(?P<id>[^/?]+)")
GUIDEWIRE_JOB = re.compile(r"^/job/v1/jobs/(?P<id>[^/?]+)")
DECLARED, PENDING = "déclarée", "en attente"
COVERED = "CONTRACT_IN_FORCE"  # Icare's refusal: the vehicle already has a warranty in force


@dataclass(frozen=True)
class Subject:
    """What a call is about, as a person looks it up: the vehicle (VIN and plate), the
    declaration (number, or id while a draft), or the buyer for a PSA Assurance account."""

    vin: str | None = None
    plate: str | None = None
    declaration: str | None = None
    number: str | None = None
    holder: str | None = None
    job: str | None = None  # a PSA Assurance submission

    @property
    def key(self) -> str | None:
        """One name per vehicle, for the report's sections."""
        return self.vin or self.plate or self.number or self.declaration or self.job or self.holder

    def describe(self) -> str:
        parts = []
        if self.vin or self.plate:
            parts.append(
                f"véhicule VIN {self.vin or '(aucun)'}, immatriculation {self.plate or '(aucune)'}"
            )
        if self.number:
            parts.append(f"déclaration n° {self.number} (id {self.declaration})")
        elif self.declaration:
            parts.append(f"brouillon id {self.declaration}")
        if self.job:
            parts.append(f"dossier PSA Assurance {self.job}")
        if self.holder:
            parts.append(f"client {self.holder}")
        return " ; ".join(parts)


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


def answered_fields(call: Call) -> dict[str, Any]:
    values = call.answered("fields")
    return dict(values) if isinstance(values, dict) else {}


def is_form_post(call: Call) -> bool:
    """The dealer's "Déclarer et Garantir" on the portal's page 2."""
    return call.method == "POST" and call.route.endswith("/formulaire")


def typed_fields(call: Call) -> dict[str, Any]:
    """What the dealer typed on the portal's form (the journal keeps a form as lists)."""
    body = call.body if isinstance(call.body, dict) else {}
    return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in body.items()}


def filled(value: Any) -> bool:
    return value not in (None, "", [], False)


def text(value: Any) -> str:
    return str(value or "").strip().upper()


def refusal_lines(call: Call) -> list[str]:
    """The refusal's `field_errors`, one « field (label) : message » each."""
    lines = call.answered("field_errors")
    if not isinstance(lines, list):
        return []
    return [
        f"{line.get('field')} ({line.get('label')}) : {line.get('message')}"
        for line in lines
        if isinstance(line, Mapping)
    ]


def refused_fields(call: Call) -> set[str]:
    lines = call.answered("field_errors")
    if not isinstance(lines, list):
        return set()
    return {str(line.get("field")) for line in lines if isinstance(line, Mapping)}


@dataclass
class DealerCalls:
    """The share of the journals that belongs to one dealer's DMS."""

    dealer: str
    journal: Journal
    hand_off: bool = False  # the DMS says it opens form_url for the dealer, as the tutorial
    icare_client: str = "centralisateur"
    bdc_fields: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by VIN
    _fields: dict[tuple[str, int], dict[str, Any]] = field(
        default_factory=dict, init=False, repr=False
    )
    _keys: dict[tuple[str, int], frozenset[tuple[str, str]]] = field(
        default_factory=dict, init=False, repr=False
    )

    @cached_property
    def seen(self) -> int:
        """Every call the journals show of this dealer: none means nothing to judge."""
        portal = [c for i in self.declaration_ids for c in self.portal_visits(i)]
        return len(self.api) + len(self.icare) + len(self.guidewire) + len(portal)

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

    @cached_property
    def _portal(self) -> dict[str, list[Call]]:
        pages: dict[str, list[Call]] = {}
        for call in self.journal.of("centralisateur"):
            if not call.route.startswith(API) and (found := declaration_of(call)) is not None:
                pages.setdefault(found, []).append(call)
        return pages

    def portal_visits(self, declaration_id: str) -> list[Call]:
        """The portal's pages of a declaration opened in a browser (the form_url and after)."""
        return self._portal.get(declaration_id, [])

    @cached_property
    def _by_declaration(self) -> dict[str, list[Call]]:
        calls: dict[str, list[Call]] = {}
        for call in self.api:
            if (declaration_id := declaration_of(call)) is not None:
                calls.setdefault(declaration_id, []).append(call)
        return calls

    def about(self, declaration_id: str) -> list[Call]:
        return self._by_declaration.get(declaration_id, [])

    def draft_state(self, declaration_id: str, before: Call | None = None) -> dict[str, Any]:
        """The draft's fields as they stood when `before` arrived (at the end without it):
        creation, then updates."""
        state: dict[str, Any] = {}
        for call in self.about(declaration_id):
            if call is before or (before is not None and call.received_at > before.received_at):
                break
            if call.status < 300 and (is_creation(call) or is_update(call)):
                state.update(sent_fields(call))
        return state

    def vehicle_fields(self, call: Call) -> dict[str, Any]:
        """The form's values as a Centralisateur call carried them: the draft then, the call's
        own, and what the answer shows (worked out once per call: rules compare calls pairwise)."""
        key = (call.fake, call.id)
        if key not in self._fields:
            self._fields[key] = self._vehicle_fields(call)
        return self._fields[key]

    def _vehicle_fields(self, call: Call) -> dict[str, Any]:
        declaration_id = declaration_of(call)
        state = self.draft_state(declaration_id, call) if declaration_id else {}
        if call.fake == "centralisateur" and not call.route.startswith(API):
            state.update(typed_fields(call))
        return {**answered_fields(call), **state, **sent_fields(call)}

    def vehicle_keys(self, call: Call) -> frozenset[tuple[str, str]]:
        """The VIN and plate a call carried, to match it with others (once per call)."""
        key = (call.fake, call.id)
        if key not in self._keys:
            values = self.vehicle_fields(call)
            self._keys[key] = frozenset(
                (name, found)
                for name in ("vin", "immatriculation")
                if (found := text(values.get(name)))
            )
        return self._keys[key]

    def same_vehicle(self, first: Call, second: Call) -> bool:
        """Two calls about one vehicle: the same VIN or the same plate (one of them may be the
        very value corrected)."""
        return bool(self.vehicle_keys(first) & self.vehicle_keys(second))

    def number_of(self, declaration_id: str) -> str | None:
        return next(
            (str(n) for c in self.about(declaration_id) if (n := c.answered("number"))), None
        )

    def subject(self, call: Call) -> Subject:
        """The vehicle, declaration or buyer a call is about, for the evidence."""
        if call.fake == "guidewire":
            return self._guidewire_subject(call)
        if call.fake == "icare":
            vehicle = call.sent("vehicle") or {}
            vehicle = vehicle if isinstance(vehicle, Mapping) else {}
            return Subject(
                vin=vehicle.get("vin"),
                plate=vehicle.get("registration"),
                declaration=call.sent("declaration_ref"),
            )
        values = self.vehicle_fields(call)
        declaration_id = declaration_of(call)
        number = self.number_of(declaration_id) if declaration_id else None
        if declaration_id and not (values.get("vin") or values.get("immatriculation")):
            values = {**self.draft_state(declaration_id), **values}
        return Subject(
            vin=str(values["vin"]) if values.get("vin") else None,
            plate=str(values["immatriculation"]) if values.get("immatriculation") else None,
            declaration=declaration_id,
            number=number,
        )

    def _guidewire_subject(self, call: Call) -> Subject:
        if call.route.startswith("/oauth2"):  # a token: about the call it was asked for
            following = next((c for c in self.guidewire if c.received_at > call.received_at), None)
            return self._guidewire_subject(following) if following else Subject()
        submission = call
        job = GUIDEWIRE_JOB.match(call.route)
        if job:
            submission = next(
                (
                    c
                    for c in self.guidewire
                    if c.route == "/job/v1/submissions" and c.answered("data", "id") == job["id"]
                ),
                call,
            )
        vehicle = submission.sent("data", "attributes", "vehicle_Ext") or {}
        vehicle = vehicle if isinstance(vehicle, Mapping) else {}
        person = call.sent("data", "attributes", "initialAccountHolder") or {}
        holder = None
        if isinstance(person, Mapping) and person.get("lastName"):
            holder = f"{person.get('firstName', '')} {str(person['lastName']).upper()}".strip()
        return Subject(
            vin=vehicle.get("vin"),
            plate=vehicle.get("licensePlate"),
            job=job["id"] if job else None,
            holder=holder,
        )

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
