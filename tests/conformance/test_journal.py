"""The journal is read over HTTP, with the admin token the fake itself is given when shared."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import pytest
import requests
from flask import Flask

from harness.admin_client import AdminError, FakeAdmin, SandboxAdmin
from harness.conformance.journal import JournalUnavailable, read_fake
from harness.servers import ServerThread

MILLISECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d")


def test_a_shared_fakes_journal_is_read_with_its_own_admin_token(
    make_centralisateur: Callable[..., Flask],
    serve: Callable[..., ServerThread],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = serve(make_centralisateur(ADMIN_TOKEN="s3cret")).url
    requests.get(f"{url}/api/v1/profile", auth=("953617Z", "spoticar"), timeout=5)
    monkeypatch.delenv("CENTRALISATEUR_ADMIN_TOKEN", raising=False)
    with pytest.raises(JournalUnavailable, match=r"Le journal de centralisateur .* illisible"):
        read_fake("centralisateur", url)
    monkeypatch.setenv("CENTRALISATEUR_ADMIN_TOKEN", "s3cret")
    [profile] = read_fake("centralisateur", url)
    assert (profile.method, profile.route, profile.who, profile.status) == (
        "GET",
        "/api/v1/profile",
        "953617Z",
        200,
    )


def test_the_journal_gives_one_entry_or_a_range_by_the_number_a_report_quotes(
    database_url: str,
    make_centralisateur: Callable[..., Flask],
    serve: Callable[..., ServerThread],
) -> None:
    """On SQLite and PostgreSQL: the journal is the fake's table, filtered by its ids."""
    url = serve(make_centralisateur(DATABASE_URL=database_url)).url
    for _ in range(4):
        requests.get(f"{url}/api/v1/profile", auth=("953617Z", "spoticar"), timeout=5)
    admin = FakeAdmin(url)
    ids = sorted(e["id"] for e in admin.journal())
    assert len(ids) == 4
    [one] = admin.journal(id=ids[1])
    assert (one["id"], one["path"]) == (ids[1], "/api/v1/profile")
    ranged = admin.journal(from_id=ids[1], to_id=ids[2])
    assert [e["id"] for e in ranged] == [ids[2], ids[1]]  # newest first, both ends included
    assert [e["id"] for e in admin.journal(from_id=ids[3])] == [ids[3]]
    assert admin.journal(id=ids[-1] + 1) == []
    with pytest.raises(AdminError) as refused:
        admin.journal(id=0)
    assert refused.value.status == 422


def test_an_entry_keeps_when_the_request_arrived_and_when_it_was_answered_in_ms(
    sandbox: SandboxAdmin,
) -> None:
    sandbox.centralisateur.add_fault("/api/v1/profile", "delay", delay_ms=300, times=1)
    requests.get(
        f"{sandbox.urls['centralisateur']}/api/v1/profile", auth=("953617Z", "spoticar"), timeout=5
    )
    [entry] = sandbox.centralisateur.journal()
    received = datetime.fromisoformat(entry["received_at"])
    answered = datetime.fromisoformat(entry["answered_at"])
    for moment in (entry["received_at"], entry["answered_at"]):
        assert MILLISECONDS.fullmatch(moment), moment
    assert 0.3 <= (answered - received).total_seconds() < 2
    assert entry["time"] == answered.strftime("%Y-%m-%dT%H:%M:%S%z")
