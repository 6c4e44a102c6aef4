"""The desk's API hands out its pages' addresses under its public URL, never the caller's `Host`."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask

from tests.pvo2.conftest import basic_auth, bdc_document

PUBLIC = "https://desk.example:8443"
ATTACKER = {"Host": "attacker.example"}


def test_the_desk_s_links_are_under_its_public_url(make_desk: Callable[..., Flask]) -> None:
    client = make_desk(PUBLIC_URL=f"{PUBLIC}/").test_client()
    document = bdc_document("peugeot-208")
    document["numero"] = "9990003"
    loaded = client.post("/api/v1/bdcs", json=document, headers={**basic_auth(), **ATTACKER})
    assert loaded.json["url"] == f"{PUBLIC}/commandes/9990003"
