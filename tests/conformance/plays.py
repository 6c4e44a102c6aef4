"""DMSs to judge: PVO²'s own client played the way each scenario asks, and a careless one.

Each play takes PVO²'s clients of the Centralisateur and of Guidewire (one of each, kept for the
whole play, as a DMS keeps its connections and its token).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import replace

from pvo_client.bdc_file import read_bdc
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.domain import BonDeCommande
from pvo_client.flow import configure_profile_from_bdc, declare
from pvo_client.guidewire import GuidewireClient
from pvo_client.mapping import build_prefill
from pvo_client.psa import declare_psa
from tests.pvo_client.pvo_paths import ALFA, PEUGEOT

Play = Callable[[CentralisateurClient, GuidewireClient], None]
CORRECTION = {"complement_adresse": "Bâtiment B"}  # what the dealer adds after the refusal
RETRY_AFTER = 1.1  # seconds: the sandbox's Retry-After (1 s) and a margin


def _accepted(result: object) -> None:
    assert getattr(result, "accepted", False), result


def _insurable() -> BonDeCommande:
    """The tutorial's 208 with the client's email, which PSA Assurance needs (the tutorial's
    BDC has none)."""
    bdc = read_bdc(PEUGEOT)
    client = replace(bdc.client, email="jean.dupond@example.fr")
    return replace(bdc, offer=replace(bdc.offer, client=client))


def nominal(centralisateur: CentralisateurClient, guidewire: GuidewireClient) -> None:
    _accepted(declare(read_bdc(PEUGEOT), centralisateur, configure_profile=True))
    _accepted(declare(read_bdc(ALFA), centralisateur))
    _accepted(declare_psa(_insurable(), guidewire))


def icare_down(centralisateur: CentralisateurClient, _guidewire: GuidewireClient) -> None:
    result = declare(read_bdc(PEUGEOT), centralisateur, configure_profile=True)
    assert result.contract_status == "en attente", result
    completed = centralisateur.retry_contract(result.declaration_id or "")
    assert completed.contract_status == "créé", completed


def refused_first(centralisateur: CentralisateurClient, _guidewire: GuidewireClient) -> None:
    result = declare(read_bdc(PEUGEOT), centralisateur, configure_profile=True)
    assert result.stage == "formulaire" and result.declaration_id, result
    centralisateur.update_declaration(result.declaration_id, CORRECTION)
    assert centralisateur.submit(result.declaration_id).status == "déclarée"


def saturated(centralisateur: CentralisateurClient, _guidewire: GuidewireClient) -> None:
    bdc = read_bdc(PEUGEOT)
    result = declare(bdc, centralisateur, configure_profile=True)
    assert not result.accepted, result
    time.sleep(RETRY_AFTER)
    _accepted(declare(bdc, centralisateur))


def psa(_centralisateur: CentralisateurClient, guidewire: GuidewireClient) -> None:
    _accepted(declare_psa(_insurable(), guidewire))


PLAYS: dict[str, Play] = {
    "nominal": nominal,
    "icare-indisponible": icare_down,
    "refus-422": refused_first,
    "centralisateur-sature": saturated,
    "guidewire-lent": psa,
    "jeton-expire": psa,
}


# The careless DMS: each play breaks one habit of a good client.


def redeclares(centralisateur: CentralisateurClient, guidewire: GuidewireClient) -> None:
    """Icare down: declares the vehicle again instead of retrying the contract."""
    bdc = read_bdc(PEUGEOT)
    result = declare(bdc, centralisateur, configure_profile=True)
    assert result.contract_status == "en attente", result
    declare(bdc, centralisateur)


def iso_dates(centralisateur: CentralisateurClient, _guidewire: GuidewireClient) -> None:
    """Sends the dates as its database holds them (AAAA-MM-JJ)."""
    bdc = read_bdc(PEUGEOT)
    configure_profile_from_bdc(bdc, centralisateur)
    prefill = {
        name: re.sub(r"^(\d{2})/(\d{2})/(\d{4})$", r"\3-\2-\1", value)
        if isinstance(value, str)
        else value
        for name, value in build_prefill(bdc).items()
    }
    draft = centralisateur.create_declaration(prefill, "spoticar")
    assert centralisateur.submit(draft.id).status == "déclarée"


def resubmits_refused(centralisateur: CentralisateurClient, _guidewire: GuidewireClient) -> None:
    """Refused (422): sends the very same submission again (the refusal was a one-off)."""
    result = declare(read_bdc(PEUGEOT), centralisateur, configure_profile=True)
    assert result.stage == "formulaire" and result.declaration_id, result
    centralisateur.submit(result.declaration_id)


class TokenPerCall(GuidewireClient):
    """Asks PSA Assurance for a new token before every call."""

    def _bearer(self) -> str:
        return self._fetch_token()
