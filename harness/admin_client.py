"""The admin API of the fakes (`/__admin/`) as one client object, as WireMock's is in tests.

    admin = SandboxAdmin({"centralisateur": "http://127.0.0.1:8001", ...})
    admin.icare.add_fault("/api/v1/contracts", "status", status=503)
    admin.centralisateur.set_today("2026-01-31")
    admin.icare.journal(method="POST", path="/api/v1/contracts")
    admin.reset(dealer="953617Z")

Tests, replay and integrators' own code call these methods instead of typing URLs; the HTTP
shape they speak is the one `sandbox/admin.py` documents.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import requests

from sandbox.admin_guard import ADMIN_HEADER

TIMEOUT = 10


class AdminError(Exception):
    """A fake refused an admin call; the message says which fake and what it answered."""

    def __init__(self, fake: str, response: requests.Response) -> None:
        try:
            detail = response.json().get("message", response.text)
        except ValueError:
            detail = response.text
        super().__init__(
            f"{fake} : l'API d'administration a répondu {response.status_code} ({detail})"
        )
        self.status = response.status_code


@dataclass
class FakeAdmin:
    """The admin API of one fake, at `url` (token: the fake's `<FAKE>_ADMIN_TOKEN`, if set)."""

    url: str
    token: str | None = None
    name: str = "sandbox"
    session: requests.Session = field(default_factory=requests.Session, repr=False)

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {ADMIN_HEADER: "1"}  # what `sandbox.admin_guard` asks of a non-JSON change
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self.session.request(
            method, f"{self.url}/__admin/{path}", headers=headers, timeout=TIMEOUT, **kwargs
        )
        if not response.ok:
            raise AdminError(self.name, response)
        return response.json() if response.content else None

    def health(self) -> dict[str, str]:
        return self._call("GET", "health")

    def reset(self, dealer: str | None = None) -> None:
        """Back to the seeded state; with `dealer`, only that dealer's data."""
        self._call("POST", "reset", params={"dealer": dealer} if dealer else None)

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """What the fake received and answered, latest first (filters: method, path, status,
        who, limit)."""
        return self._call("GET", "journal", params=filters)["entries"]

    def clear_journal(self) -> None:
        self._call("DELETE", "journal")

    def add_fault(self, path: str, action: str = "status", **rule: Any) -> dict[str, Any]:
        """The next matching calls fail as described (see `sandbox/faults.py` for the rule)."""
        return self._call("POST", "faults", json={"path": path, "action": action, **rule})

    def faults(self) -> list[dict[str, Any]]:
        return self._call("GET", "faults")["faults"]

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def set_today(self, today: date | str) -> None:
        """Fix "today" for the fake's rules (ISO date or `date`)."""
        value = today.isoformat() if isinstance(today, date) else today
        self._call("PUT", "clock", json={"today": value})

    def clock(self) -> dict[str, Any]:
        """`{"today": ISO date, "fixed": whether set_today fixed it}`."""
        return self._call("GET", "clock")

    def release_clock(self) -> None:
        """Back to the real date."""
        self._call("DELETE", "clock")

    def set_token(self, token: str) -> None:
        """Require `Authorization: Bearer <token>` on this fake's admin API, for every worker
        and replica; this client uses it from now on."""
        self._call("PUT", "token", json={"token": token})
        self.token = token

    def remove_token(self) -> None:
        """Open the admin API again."""
        self._call("DELETE", "token")
        self.token = None


class SandboxAdmin:
    """The admin API of every fake of a sandbox: `admin.icare`, `admin.urls`, `admin.reset()`."""

    def __init__(self, urls: Mapping[str, str], token: str | None = None) -> None:
        self.urls = dict(urls)
        session = requests.Session()
        self.fakes = {
            name: FakeAdmin(url.rstrip("/"), token, name, session) for name, url in urls.items()
        }

    def __getattr__(self, name: str) -> FakeAdmin:
        try:
            return self.__dict__["fakes"][name]
        except KeyError:
            raise AttributeError(name) from None

    def reset(self, dealer: str | None = None) -> None:
        """Every fake back to its seed; with `dealer`, only that dealer's data on each."""
        for fake in self.fakes.values():
            fake.reset(dealer)

    def set_today(self, today: date | str) -> None:
        for fake in self.fakes.values():
            fake.set_today(today)
