"""PVO²'s client of the Centralisateur API: one thin typed class over HTTP, nothing else.

It returns dataclasses and raises its own exceptions, each carrying the French message the
dealer would read; it never lets a bare `requests` error out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import requests

DEFAULT_TIMEOUT = (3.0, 15.0)
UNREACHABLE = (
    "Le Centralisateur ne répond pas ({url}). Vérifiez que le sandbox est démarré "
    "(make sandbox) ou réessayez dans quelques instants."
)
REFUSED_CREDENTIALS = "Le Centralisateur refuse le code RRDI Spoticar ou le mot de passe."


@dataclass(frozen=True)
class FieldMessage:
    field: str
    label: str
    message: str


class CentralisateurError(Exception):
    """Anything the Centralisateur refused or could not do; `message` is the dealer's text."""

    def __init__(
        self,
        message: str,
        error_code: str | None = None,
        field_messages: list[FieldMessage] | None = None,
        raw: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_code = error_code
        self.field_messages = field_messages or []
        self.raw = raw or {}

    @property
    def lines(self) -> list[str]:
        """What the dealer sees at the top of the form: one line per problem, in form order."""
        return [m.message for m in self.field_messages] or [self.message]


class CentralisateurUnavailable(CentralisateurError):
    """The Centralisateur could not be reached."""


@dataclass(frozen=True)
class Profile:
    code_rrdi: str
    code_t: str
    name: str
    profile_configured: bool
    icare_id: str | None
    garantisseurs: dict[str, str]


@dataclass(frozen=True)
class Declaration:
    id: str
    status: str
    number: str | None
    form_url: str
    fields: dict[str, Any]
    commercial_warranty: str | None
    contract_number: str | None = None
    contract_status: str | None = None
    myicare_url: str | None = None
    contract_message: str | None = None
    documents: dict[str, str] = field(default_factory=dict)
    declared_on: date | None = None

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> Declaration:
        contract = body.get("contract") or {}
        return cls(
            id=body["id"],
            status=body["status"],
            number=body.get("number"),
            form_url=body["form_url"],
            fields=body.get("fields", {}),
            commercial_warranty=body.get("commercial_warranty"),
            contract_number=contract.get("number"),
            contract_status=contract.get("status"),
            myicare_url=contract.get("myicare_url"),
            contract_message=contract.get("message"),
            documents=body.get("documents") or {},
            declared_on=(
                datetime.fromisoformat(body["declared_at"]).date()
                if body.get("declared_at")
                else None
            ),
        )


class CentralisateurClient:
    def __init__(
        self,
        base_url: str,
        code_rrdi: str,
        password: str,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.http = requests.Session()
        self.http.auth = (code_rrdi, password)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self.base_url}/api/v1{path}"
        try:
            response = self.http.request(method, url, timeout=self.timeout, **kwargs)
        except requests.RequestException as error:
            raise CentralisateurUnavailable(UNREACHABLE.format(url=self.base_url)) from error
        try:
            body = response.json()
        except ValueError as error:
            raise CentralisateurUnavailable(UNREACHABLE.format(url=self.base_url)) from error
        if response.status_code == 401:
            raise CentralisateurError(REFUSED_CREDENTIALS, "UNAUTHORIZED", raw=body)
        if response.status_code >= 400:
            messages = [FieldMessage(**line) for line in body.get("field_errors", [])]
            raise CentralisateurError(
                body.get("message", response.reason), body.get("error_code"), messages, body
            )
        return body

    def profile(self) -> Profile:
        return self._profile(self._call("GET", "/profile"))

    def configure_profile(
        self,
        icare_id: str,
        autogarantie: bool = False,
        cirano: bool = False,
        cirano_id: str | None = None,
    ) -> Profile:
        """What the Profil page's "Modifier" does."""
        body = {"icare_id": icare_id, "autogarantie": autogarantie, "cirano": cirano}
        if cirano_id:
            body["cirano_id"] = cirano_id
        return self._profile(self._call("PUT", "/profile", json=body))

    @staticmethod
    def _profile(body: dict[str, Any]) -> Profile:
        return Profile(
            code_rrdi=body["code_rrdi"],
            code_t=body["code_t"],
            name=body["name"],
            profile_configured=body["profile_configured"],
            icare_id=body["icare_id"],
            garantisseurs=body["garantisseurs"],
        )

    def create_declaration(
        self, fields: dict[str, Any], commercial_warranty: str | None = None
    ) -> Declaration:
        """Hand the BDC's data over; the answer's `form_url` is the window PVO² opens."""
        body: dict[str, Any] = {"fields": fields}
        if commercial_warranty:
            body["commercial_warranty"] = commercial_warranty
        return Declaration.from_json(self._call("POST", "/declarations", json=body))

    def update_declaration(
        self,
        declaration_id: str,
        fields: dict[str, Any] | None = None,
        commercial_warranty: str | None = None,
    ) -> Declaration:
        body: dict[str, Any] = {"fields": fields or {}}
        if commercial_warranty:
            body["commercial_warranty"] = commercial_warranty
        return Declaration.from_json(
            self._call("PATCH", f"/declarations/{declaration_id}", json=body)
        )

    def submit(self, declaration_id: str) -> Declaration:
        """ "Déclarer et Garantir"; a refusal raises with the form's messages in order."""
        return Declaration.from_json(self._call("POST", f"/declarations/{declaration_id}/submit"))

    def retry_contract(self, declaration_id: str) -> Declaration:
        return Declaration.from_json(self._call("POST", f"/declarations/{declaration_id}/contract"))

    def declaration(self, declaration_id: str) -> Declaration:
        return Declaration.from_json(self._call("GET", f"/declarations/{declaration_id}"))

    def declarations(self, query: str = "") -> list[Declaration]:
        return [
            Declaration.from_json(item)
            for item in self._call("GET", "/declarations", params={"q": query})
        ]
