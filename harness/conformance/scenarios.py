"""Situations an integrator puts their DMS through: the fakes prepared over the admin API, and
what the DMS must do, in French. `pvo-sandbox conformance report` then judges what it did."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from harness.conformance.journal import admin_headers

ADMIN_TIMEOUT = 10


class ScenarioError(Exception):
    """A scenario could not be prepared; the message is in French."""


@dataclass(frozen=True)
class Scenario:
    name: str
    title: str
    faults: Mapping[str, tuple[dict[str, Any], ...]] = field(default_factory=dict)
    steps: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()  # the rules this situation puts to the test


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "nominal",
            "Parcours nominal : rien ne tombe en panne",
            steps=(
                "Déclarez un ou deux BDC clôturés (Déclaration de garantie Spoticar).",
                "Si votre DMS passe la main au vendeur, ouvrez form_url dans son navigateur et "
                "jugez avec --hand-off.",
                "Déclarez un BDC en PSA Insurance ; si votre DMS assure plusieurs véhicules d'un "
                "même client, déclarez-en un second : son compte doit être réutilisé.",
            ),
            rules=("AUTH-BASIC", "BROUILLON-COMPLET", "FORMATS", "CHAMPS-CONNUS", "BDC-UNIQUE"),
        ),
        Scenario(
            "icare-indisponible",
            "Icare indisponible pour le prochain contrat",
            {
                "icare": (
                    {
                        "path": "/api/v1/contracts",
                        "method": "POST",
                        "action": "status",
                        "status": 503,
                        "times": 1,
                    },
                )
            },
            (
                "Déclarez un BDC : la déclaration est enregistrée, mais son contrat reste « en "
                "attente » (contract.status).",
                "Montrez au vendeur le message contract.message.",
                "Relancez la création du contrat par POST /api/v1/declarations/{id}/contract "
                "(ou le bouton « Relancer » du portail) ; ne déclarez jamais le véhicule une "
                "seconde fois.",
            ),
            ("CONTRAT-EN-ATTENTE", "BDC-UNIQUE", "ICARE-VIA-CENTRALISATEUR"),
        ),
        Scenario(
            "refus-422",
            "Refus (422) de la première soumission",
            {
                "centralisateur": (
                    {
                        "path": "/api/v1/declarations/",
                        "method": "POST",
                        "action": "status",
                        "status": 422,
                        "times": 1,
                    },
                )
            },
            (
                "Créez un brouillon puis soumettez-le (POST /api/v1/declarations/{id}/submit) : "
                "la soumission est refusée (422).",
                "Montrez le message au vendeur, ligne par ligne (field_errors quand il y en a).",
                "Ne soumettez de nouveau qu'un brouillon corrigé (PATCH "
                "/api/v1/declarations/{id}), une seule fois, ou passez la main au vendeur sur "
                "form_url ; jamais la même soumission telle quelle.",
            ),
            ("422-CORRIGE", "PAS-DE-RAFALE"),
        ),
        Scenario(
            "centralisateur-sature",
            "Centralisateur saturé (503) au prochain envoi",
            {
                "centralisateur": (
                    {
                        "path": "/api/v1/declarations",
                        "method": "POST",
                        "action": "status",
                        "status": 503,
                        "times": 1,
                    },
                )
            },
            (
                "Déclarez un BDC : le premier envoi reçoit 503.",
                "Attendez le délai Retry-After (1 s au moins) avant de relancer, une relance à la "
                "fois ; pas de rafale.",
            ),
            ("RETRY-AFTER", "PAS-DE-RAFALE", "BDC-UNIQUE"),
        ),
        Scenario(
            "guidewire-lent",
            "Guidewire lent : 2 s par action sur les deux prochaines",
            {
                "guidewire": (
                    {
                        "path": "/job/v1/",
                        "method": "POST",
                        "action": "delay",
                        "delay_ms": 2000,
                        "times": 2,
                    },
                )
            },
            (
                "Déclarez un BDC en PSA Insurance : la soumission et la cotation répondent en 2 s.",
                "Attendez la réponse (un délai de lecture d'au moins 10 s) ; si vous relancez "
                "après un dépassement, renvoyez le même GW-DBTransaction-ID.",
            ),
            ("PSA-TRANSACTION", "PAS-DE-RAFALE", "PSA-CHECKSUM"),
        ),
        Scenario(
            "jeton-expire",
            "Jeton Guidewire expiré au prochain appel",
            {
                "guidewire": (
                    {"path": "/account/v1/", "action": "status", "status": 401, "times": 1},
                )
            },
            (
                "Déclarez un BDC en PSA Insurance : le premier appel est refusé (401), comme "
                "avec un jeton expiré.",
                "Demandez un nouveau jeton, une fois, puis relancez l'appel avec le même "
                "GW-DBTransaction-ID ; gardez ce jeton pour les appels suivants.",
            ),
            ("GW-JETON", "PSA-TRANSACTION"),
        ),
    )
}


def _admin(fake: str, method: str, url: str, **kwargs: Any) -> requests.Response:
    try:
        response = requests.request(
            method, url, headers=admin_headers(fake), timeout=ADMIN_TIMEOUT, **kwargs
        )
        response.raise_for_status()
    except requests.RequestException as error:
        raise ScenarioError(f"L'API d'administration ne répond pas ({url}) : {error}") from error
    return response


def prepare(scenario: Scenario, urls: Mapping[str, str], reset: bool = False) -> list[str]:
    """Clear the faults of every fake (or reset them whole), then set the scenario's faults.

    Returns what was set, in French. Raises ScenarioError when a fake cannot be reached.
    """
    done = []
    for fake, url in urls.items():
        base = f"{url.rstrip('/')}/__admin"
        if reset:
            _admin(fake, "POST", f"{base}/reset")
        else:
            _admin(fake, "DELETE", f"{base}/faults")
        for fault in scenario.faults.get(fake, ()):
            _admin(fake, "POST", f"{base}/faults", json=fault)
            done.append(f"{fake} : {describe_fault(fault)}")
    return done


def describe_fault(fault: Mapping[str, Any]) -> str:
    what = (
        f"répond {fault['status']}"
        if fault["action"] == "status"
        else f"attend {fault.get('delay_ms', 0)} ms"
    )
    times = f" ({fault['times']} fois)" if "times" in fault else ""
    return f"{fault.get('method', 'toute méthode')} {fault['path']}… {what}{times}"
