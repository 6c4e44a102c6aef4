"""The admin API of the fakes (`/__admin/`) as one client object, as WireMock's is in tests.

    admin = SandboxAdmin({"centralisateur": "http://127.0.0.1:8001", ...})
    admin.icare.add_fault("/api/v1/contracts", "status", status=503)
    admin.centralisateur.set_today("2026-01-31")
    admin.icare.journal(method="POST", path="/api/v1/contracts")
    admin.reset(dealer="953617Z")
    dealer = admin.new_dealer()          # on every fake: a dealer of one's own
    admin.icare.add_fault("/api/v1/contracts", dealer=dealer.code_rrdi)
    admin.set_today("2026-01-31", dealer=dealer.code_rrdi)
    admin.delete_dealer(dealer.code_rrdi)

Tests, replay and integrators' own code call these methods instead of typing URLs; the HTTP
shape they speak is the one `sandbox/admin.py` documents.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import requests

from sandbox.admin_guard import ADMIN_HEADER
from sandbox.dealers import DemoDealer

TIMEOUT = 10


class AdminError(Exception):
    """A fake refused an admin call; the message says which fake and what it answered."""

    def __init__(self, fake: str, status: int, detail: str, error_code: str | None = None) -> None:
        super().__init__(f"{fake} : l'API d'administration a répondu {status} ({detail})")
        self.detail = detail
        self.fake = fake
        self.status = status
        self.error_code = error_code

    @classmethod
    def of(cls, fake: str, response: requests.Response) -> AdminError:
        try:
            body = response.json()
        except ValueError:
            body = None
        body = body if isinstance(body, dict) else {}
        return cls(
            fake, response.status_code, body.get("message", response.text), body.get("error_code")
        )


@dataclass
class FakeAdmin:
    """The admin API of one fake, at `url` (token: the fake's `<FAKE>_ADMIN_TOKEN`, if set)."""

    url: str
    token: str | None = None
    name: str = "sandbox"
    session: requests.Session = field(default_factory=requests.Session, repr=False)
    dealer: str | None = None  # set: faults, clock and reset are this dealer's unless told

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {ADMIN_HEADER: "1"}  # what `sandbox.admin_guard` asks of a non-JSON change
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        response = self.session.request(
            method, f"{self.url}/__admin/{path}", headers=headers, timeout=TIMEOUT, **kwargs
        )
        if not response.ok:
            raise AdminError.of(self.name, response)
        return response.json() if response.content else None

    def health(self) -> dict[str, str]:
        return self._call("GET", "health")

    def reset(self, dealer: str | None = None) -> None:
        """Back to the seeded state; with `dealer`, only that dealer's data, faults and clock."""
        self._call("POST", "reset", params=_given(dealer=dealer or self.dealer))

    def journal(self, **filters: Any) -> list[dict[str, Any]]:
        """What the fake received and answered, latest first (filters: method, path, status,
        who, limit)."""
        return self._call("GET", "journal", params=filters)["entries"]

    def clear_journal(self) -> None:
        self._call("DELETE", "journal")

    def add_fault(self, path: str, action: str = "status", **rule: Any) -> dict[str, Any]:
        """The next matching calls fail as described (see `sandbox/faults.py` for the rule)."""
        if self.dealer is not None:
            rule.setdefault("dealer", self.dealer)
        return self._call("POST", "faults", json={"path": path, "action": action, **rule})

    def faults(self) -> list[dict[str, Any]]:
        return self._call("GET", "faults")["faults"]

    def clear_faults(self, tag: str | None = None, dealer: str | None = None) -> None:
        """Remove every fault, or only those of a `tag` or of a `dealer`."""
        self._call("DELETE", "faults", params=_given(tag=tag, dealer=dealer or self.dealer))

    def set_today(self, today: date | str, dealer: str | None = None) -> None:
        """Fix "today" for the fake's rules (ISO date or `date`); with `dealer`, for that
        dealer's calls only."""
        value = today.isoformat() if isinstance(today, date) else today
        params = _given(dealer=dealer or self.dealer)
        self._call("PUT", "clock", json={"today": value}, params=params)

    def clock(self, dealer: str | None = None) -> dict[str, Any]:
        """`{"today": ISO date, "fixed": whether set_today fixed it}`, the fake's or a dealer's."""
        return self._call("GET", "clock", params=_given(dealer=dealer or self.dealer))

    def release_clock(self, dealer: str | None = None) -> None:
        """Back to the real date; for one dealer (`dealer`, or the one this client is scoped
        to), its own clock removed: its calls follow the fake's clock again."""
        self._call("DELETE", "clock", params=_given(dealer=dealer or self.dealer))

    def new_dealer(self, code: str | None = None, password: str | None = None) -> dict[str, Any]:
        """A dealer created on this fake: its identifiers and secrets."""
        return self._call("POST", "dealers", json=_given(code=code, password=password))

    def dealers(self) -> list[dict[str, Any]]:
        """Every dealer this fake knows, the demo ones first."""
        return self._call("GET", "dealers")["dealers"]

    def delete_dealer(self, code: str) -> None:
        self._call("DELETE", f"dealers/{code}")

    def lease(self) -> dict[str, Any]:
        """`{"holder", "until"}` of the lease on this fake (nulls when free)."""
        return self._call("GET", "lease")

    def take_lease(self, holder: str, seconds: int = 600) -> dict[str, Any]:
        """Take or renew the lease; AdminError 409 (`LEASE_HELD`) while another holds it."""
        return self._call("POST", "lease", json={"holder": holder, "seconds": seconds})

    def give_back_lease(self, holder: str) -> None:
        self._call("DELETE", "lease", params={"holder": holder})

    def set_token(self, token: str) -> None:
        """Require `Authorization: Bearer <token>` on this fake's admin API, for every worker
        and replica; this client uses it from now on."""
        self._call("PUT", "token", json={"token": token})
        self.token = token

    def remove_token(self) -> None:
        """Open the admin API again."""
        self._call("DELETE", "token")
        self.token = None


def _given(**values: str | None) -> dict[str, str]:
    return {key: value for key, value in values.items() if value is not None}


def tokens_from_environment() -> dict[str, str]:
    """Each fake's admin token from the variable the fake itself reads (`ICARE_ADMIN_TOKEN`…),
    as `conformance` takes them: one token per fake."""
    from harness.fakes import FAKES

    return {
        name: os.environ[f"{name.upper()}_ADMIN_TOKEN"]
        for name in FAKES
        if os.environ.get(f"{name.upper()}_ADMIN_TOKEN")
    }


class SandboxAdmin:
    """The admin API of every fake of a sandbox: `admin.icare`, `admin.urls`, `admin.reset()`.

    `token` is every fake's admin token; `tokens` gives a fake a token of its own."""

    def __init__(
        self,
        urls: Mapping[str, str],
        token: str | None = None,
        tokens: Mapping[str, str] | None = None,
    ) -> None:
        self.urls = dict(urls)
        session = requests.Session()
        tokens = tokens or {}
        self.fakes = {
            name: FakeAdmin(url.rstrip("/"), tokens.get(name, token), name, session)
            for name, url in urls.items()
        }

    @property
    def dealer(self) -> str | None:
        """The dealer this client's faults, clocks and resets are scoped to (None: all)."""
        return next(iter(self.fakes.values())).dealer

    def for_dealer(self, dealer: str) -> SandboxAdmin:
        """The same fakes, with faults, clocks and resets scoped to `dealer` unless told
        otherwise: what a test on a shared sandbox uses, so as to touch nothing of others'."""
        scoped = SandboxAdmin.__new__(SandboxAdmin)
        scoped.urls = dict(self.urls)
        scoped.fakes = {name: replace(fake, dealer=dealer) for name, fake in self.fakes.items()}
        return scoped

    def __getattr__(self, name: str) -> FakeAdmin:
        try:
            return self.__dict__["fakes"][name]
        except KeyError:
            raise AttributeError(name) from None

    def reset(self, dealer: str | None = None) -> None:
        """Every fake back to its seed; with `dealer` (or when scoped to one), only that
        dealer's data, faults and clock on each."""
        for fake in self.fakes.values():
            fake.reset(dealer)

    def set_today(self, today: date | str, dealer: str | None = None) -> None:
        """ "Today" on every fake, for every dealer or for one (`dealer`)."""
        for fake in self.fakes.values():
            fake.set_today(today, dealer)

    def release_clock(self, dealer: str | None = None) -> None:
        """Every fake back to the real date (for one dealer: to the fake's clock)."""
        for fake in self.fakes.values():
            fake.release_clock(dealer)

    def clear_faults(self, tag: str | None = None, dealer: str | None = None) -> None:
        """Every fake's faults removed, or those of a `tag` or of a `dealer`."""
        for fake in self.fakes.values():
            fake.clear_faults(tag, dealer)

    def clear_journals(self) -> None:
        for fake in self.fakes.values():
            fake.clear_journal()

    def check_access(self) -> None:
        """Each fake's admin API answers with the token given for it; AdminError for the
        first that does not (before anything is changed anywhere)."""
        for fake in self.fakes.values():
            fake.lease()

    def new_dealer(self, code: str | None = None, attempts: int = 5) -> DemoDealer:
        """A dealer created on every fake with one code RRDI and one password (the first fake
        draws them). When a later fake already has that code, it is removed from those that
        took it and another is drawn; a code given by the caller is not drawn again."""
        first, *others = self.fakes.values()
        for _ in range(attempts):
            made = first.new_dealer(code)
            done = [first]
            try:
                for fake in others:
                    fake.new_dealer(made["code_rrdi"], made["password"])
                    done.append(fake)
            except AdminError as error:
                for fake in done:
                    fake.delete_dealer(made["code_rrdi"])
                if error.error_code != "DEALER_EXISTS" or code is not None:
                    raise
                continue
            return DemoDealer.from_json(made)
        raise AdminError(
            first.name, 409, f"aucun code RRDI libre partout en {attempts} essais", "DEALER_EXISTS"
        )

    def dealers(self) -> dict[str, list[str]]:
        """Each dealer's code RRDI, with the fakes that know it."""
        known: dict[str, list[str]] = {}
        for name, fake in self.fakes.items():
            for dealer in fake.dealers():
                known.setdefault(dealer["code_rrdi"], []).append(name)
        return known

    def delete_dealer(self, code: str) -> None:
        """The dealer gone from every fake that knows it; AdminError when none does."""
        missing = 0
        for fake in self.fakes.values():
            try:
                fake.delete_dealer(code)
            except AdminError as error:
                if error.status != 404:
                    raise
                missing += 1
                last = error
        if missing == len(self.fakes):
            raise last
