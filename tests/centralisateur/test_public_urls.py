"""Every address a fake hands out is built under its configured public URL, never from the
caller's `Host` header (a `Host: attacker.example` request must not send a dealer elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask

from sandbox.dealers import AXILOG

DEALER = AXILOG.login
PUBLIC = "https://sandbox.example:8443"
ATTACKER = {"Host": "attacker.example"}


def test_documents_links_are_under_the_public_url(
    make_centralisateur: Callable[..., Flask], valid_form: dict[str, Any]
) -> None:
    client = make_centralisateur(PUBLIC_URL=f"{PUBLIC}/").test_client()
    client.put("/api/v1/profile", json={"icare_id": AXILOG.icare_id}, auth=DEALER)
    body = {"fields": valid_form, "commercial_warranty": "spoticar"}
    declared = client.post(
        "/api/v1/declarations?submit=true", json=body, auth=DEALER, headers=ATTACKER
    ).json
    base = f"{PUBLIC}/declarations/{declared['id']}"
    assert declared["documents"] == {
        "releve": f"{base}/releve",
        "releve_pdf": f"{base}/releve.pdf",
        "certificat": f"{base}/certificat",
        "certificat_pdf": f"{base}/certificat.pdf",
    }
    assert declared["form_url"].startswith(f"{base}/ouverture?")
