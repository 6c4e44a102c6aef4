"""The journal is read over HTTP, with the admin token the fake itself is given when shared."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from flask import Flask

from harness.conformance.journal import JournalUnavailable, read_fake
from harness.servers import ServerThread


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
