"""The three fakes' journals, read over HTTP (`GET /__admin/journal`), as the rules see them.

Only the journal's HTTP shape is relied on (method, path, who, status, request headers and body,
response body, times), so the kit judges any running sandbox, local or shared, whatever keeps
the journal behind it. A call has two times to the millisecond: `received`, when the request
arrived, which orders the calls and which the timing rules judge, and `answered`, when the answer
left (a journal written before they were kept gives its one time, to the second, for both).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import requests

FAKE_NAMES = ("centralisateur", "icare", "guidewire")
JOURNAL_LIMIT = 10_000
UNREADABLE = "Le journal de {fake} ({url}) est illisible : {reason}"


class JournalUnavailable(Exception):
    """A fake's journal could not be read; the message says which and why, in French."""


@dataclass(frozen=True)
class Call:
    """One journal entry: what a fake received and what it answered."""

    fake: str
    id: int
    received_at: datetime
    answered_at: datetime
    method: str
    path: str
    who: str | None
    status: int
    headers: Mapping[str, Any]
    body: Any
    answer: Any
    answer_headers: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_entry(cls, fake: str, entry: Mapping[str, Any]) -> Call:
        request, response = entry.get("request") or {}, entry.get("response") or {}
        answered = datetime.fromisoformat(entry.get("answered_at") or entry["time"])
        received = datetime.fromisoformat(entry.get("received_at") or entry["time"])
        return cls(
            fake=fake,
            id=int(entry.get("id", 0)),
            received_at=_comparable(received),
            answered_at=_comparable(answered),
            method=entry["method"],
            path=entry["path"],
            who=entry.get("who"),
            status=int(entry["status"]),
            headers=request.get("headers") or {},
            body=request.get("body"),
            answer=response.get("body"),
            answer_headers=response.get("headers") or {},
        )

    @property
    def time(self) -> datetime:
        """When the request arrived."""
        return self.received_at

    @property
    def route(self) -> str:
        """The path without its query string."""
        return self.path.split("?", 1)[0]

    def header(self, name: str) -> str | None:
        """A request header, whatever its case in the journal."""
        return _header(self.headers, name)

    def answer_header(self, name: str) -> str | None:
        return _header(self.answer_headers, name)

    def answered(self, *keys: str) -> Any:
        """A value in the JSON answer, e.g. `answered("data", "id")`; None when absent."""
        return _dig(self.answer, keys)

    def sent(self, *keys: str) -> Any:
        return _dig(self.body, keys)

    def describe(self) -> str:
        """The call as the reports show it: fake, entry (`GET /__admin/journal?id=N`), arrival
        to the millisecond, request line, status."""
        request = f"{self.method} {self.path}"
        return f"{self.fake} #{self.id} {clock(self.received_at)} {request} → {self.status}"

    def idempotency_key(self) -> str | None:
        return self.header("Idempotency-Key")


def clock(moment: datetime) -> str:
    """A time of day to the millisecond, as the reports print it."""
    return f"{moment:%H:%M:%S}.{moment.microsecond // 1000:03d}"


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    wanted = name.lower()
    return next((str(v) for k, v in headers.items() if k.lower() == wanted), None)


def _dig(value: Any, keys: Iterable[str]) -> Any:
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


@dataclass(frozen=True)
class Journal:
    """Every fake's calls, oldest first."""

    calls: dict[str, list[Call]]

    def of(self, fake: str) -> list[Call]:
        return self.calls.get(fake, [])


def admin_headers(fake: str) -> dict[str, str]:
    """The admin API's bearer, from the variable the fake itself reads (`ICARE_ADMIN_TOKEN`…),
    for a shared sandbox; none on loopback."""
    token = os.environ.get(f"{fake.upper()}_ADMIN_TOKEN")
    return {"Authorization": f"Bearer {token}"} if token else {}


def read_fake(
    fake: str, url: str, since: datetime | None = None, timeout: float = 10.0
) -> list[Call]:
    """One fake's journal, oldest first, from `since` on. Raises JournalUnavailable."""
    try:
        response = requests.get(
            f"{url.rstrip('/')}/__admin/journal",
            params={"limit": JOURNAL_LIMIT},
            headers=admin_headers(fake),
            timeout=timeout,
        )
        response.raise_for_status()
        entries = response.json()["entries"]
    except (requests.RequestException, ValueError, KeyError) as error:
        raise JournalUnavailable(UNREADABLE.format(fake=fake, url=url, reason=error)) from error
    calls = [Call.from_entry(fake, entry) for entry in entries]
    if since is not None:
        calls = [c for c in calls if c.received_at >= _comparable(since)]
    return sorted(calls, key=lambda c: (c.received_at, c.id))


def _comparable(moment: datetime) -> datetime:
    """Naive times are the machine's local time, as the journal writes them."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def read_journals(urls: Mapping[str, str], since: datetime | None = None) -> Journal:
    """The journals of the fakes named in `urls` (centralisateur, icare, guidewire)."""
    return Journal({fake: read_fake(fake, url, since) for fake, url in urls.items()})
