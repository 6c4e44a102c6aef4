""" "Déclarer" in the order's "Déclaration de garantie": what PVO² does with the chosen plugin.

"Déclaration de garantie Spoticar" hands the BDC over to the Centralisateur (its API, through
`pvo_client`'s client) and opens the window it answers with (`form_url`): the dealer goes on
there, Profil first at the first connection. "Déclaration PSA Insurance" runs PSA Assurance's
declaration on Guidewire at once. Both check `pvo_client.rules` first and stop on its refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from flask import current_app

from fake_pvo2 import store
from pvo_client.centralisateur import CentralisateurClient, CentralisateurError
from pvo_client.domain import BonDeCommande, Garantisseur
from pvo_client.guidewire import GuidewireClient
from pvo_client.mapping import build_prefill
from pvo_client.psa import declare_psa
from pvo_client.report import describe, headline
from pvo_client.rules import PvoError, check_declarable


@dataclass
class Outcome:
    """Where the dealer goes next (`window`), or what they read (`messages`, `refused`)."""

    window: str | None = None
    refused: bool = False
    messages: list[str] = field(default_factory=list)


def declare(site: store.Site, bdc: BonDeCommande, garantisseur: str) -> Outcome:
    """Run the chosen plugin on a BDC of this site; never raises for a refusal."""
    try:
        plugin = check_declarable(bdc, garantisseur)
        if plugin is Garantisseur.PSA_INSURANCE:
            return _psa(bdc)
        prefill = build_prefill(bdc)
    except PvoError as refusal:
        return Outcome(refused=True, messages=[refusal.message])
    config = current_app.config
    client = CentralisateurClient(
        config["CENTRALISATEUR_URL"], site.centralisateur_login, site.centralisateur_password
    )
    try:
        draft = client.create_declaration(prefill)
    except CentralisateurError as refusal:
        return Outcome(refused=True, messages=refusal.lines)
    return Outcome(window=_public(draft.form_url))


def _public(url: str) -> str:
    """The window's address as the dealer's browser reaches the Centralisateur (a proxy, in
    docker compose, answers the desk under another name than the browser knows)."""
    public = current_app.config.get("CENTRALISATEUR_PUBLIC_URL")
    if not public:
        return url
    parts = urlsplit(url)
    return str(public).rstrip("/") + parts.path + (f"?{parts.query}" if parts.query else "")


def window_origin(config: Mapping[str, Any]) -> str:
    """The origin the window opens at: "Déclarer"'s form lands there, so pages allow it."""
    parts = urlsplit(str(config.get("CENTRALISATEUR_PUBLIC_URL") or config["CENTRALISATEUR_URL"]))
    return f"{parts.scheme}://{parts.netloc}"


def _psa(bdc: BonDeCommande) -> Outcome:
    config = current_app.config
    with GuidewireClient(
        config["GUIDEWIRE_URL"], config["GUIDEWIRE_CLIENT_ID"], config["GUIDEWIRE_CLIENT_SECRET"]
    ) as client:
        result = declare_psa(bdc, client)
    # The report's lines without its headline; its marks (✔, ✘, ⚠, •) stay out of the page.
    text = describe(headline(bdc, Garantisseur.PSA_INSURANCE.value), result)
    lines = [line.strip().lstrip("✔✘⚠•").strip() for line in text.splitlines()[1:]]
    return Outcome(refused=not result.accepted, messages=[line for line in lines if line])
