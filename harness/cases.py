"""Support's case files (format `pvo2-case/1`): what a dealer sent and what they reported.

A case holds the BDC as PVO² had it, the dealer's profile state, what the dealer typed over the
form, faults to inject, the date, and what the dealer reported (see the README).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sandbox.dealers import AXILOG

CASE_FORMAT = "pvo2-case/1"
BDC_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "bdc"
DEFAULT_PROFILE = {"icare_id": AXILOG.icare_id}
CASE_KEYS = {
    "format",
    "ticket",
    "title",
    "dealer",
    "profile",
    "bdc",
    "bdc_changes",
    "form_changes",
    "faults",
    "today",
    "repeat",
    "garantisseur",
    "reported",
}


class CaseError(Exception):
    """The case file itself is unusable; the message says what to fix."""


@dataclass
class Case:
    ticket: str
    title: str
    bdc: dict[str, Any]
    dealer: tuple[str, str]
    profile: dict[str, Any] | None
    form_changes: dict[str, Any]
    faults: dict[str, list[dict[str, Any]]]
    today: str | None
    repeat: int
    reported_stage: str
    reported_messages: list[str]
    source: Path | None = None
    garantisseur: str = "spoticar"


def _bdc_file(case_file: Path, name: str) -> Path:
    """A BDC named by a case: beside the case file first, then in fixtures/bdc/."""
    for candidate in (case_file.parent / name, BDC_DIR / name):
        if candidate.is_file():
            return candidate
    raise CaseError(
        f"{case_file}: bon de commande introuvable « {name} » (cherché à côté du "
        f"cas et dans {BDC_DIR})"
    )


def _set_path(document: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    target = document
    for key in parents:
        target = target[key]
    if value is None:
        target.pop(last, None)
    else:
        target[last] = value


def load_case(path: Path) -> Case:
    """Read a case file; the BDC may be inline or the name of a file of fixtures/bdc/."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CaseError(f"{path}: fichier de cas illisible ({error})") from error
    if not isinstance(raw, dict) or raw.get("format") != CASE_FORMAT:
        raise CaseError(f"{path}: le champ format doit valoir {CASE_FORMAT}")
    unknown = sorted(set(raw) - CASE_KEYS)
    if unknown:
        raise CaseError(
            f"{path}: champs inconnus : {', '.join(unknown)} (attendus : "
            f"{', '.join(sorted(CASE_KEYS))})"
        )
    if raw.get("garantisseur", "spoticar") not in ("spoticar", "psa"):
        raise CaseError(f"{path}: garantisseur vaut « spoticar » ou « psa »")
    try:
        bdc = raw["bdc"]
        if isinstance(bdc, str):
            bdc = json.loads(_bdc_file(path, bdc).read_text(encoding="utf-8"))
        bdc = copy.deepcopy(bdc)
        for dotted, value in raw.get("bdc_changes", {}).items():
            _set_path(bdc, dotted, value)
        dealer = raw.get("dealer", {})
        return Case(
            ticket=raw["ticket"],
            title=raw["title"],
            bdc=bdc,
            dealer=(
                dealer.get("code_rrdi", AXILOG.code_rrdi),
                dealer.get("password", AXILOG.password),
            ),
            profile=raw.get("profile", DEFAULT_PROFILE),
            form_changes=raw.get("form_changes", {}),
            faults=raw.get("faults", {}),
            today=raw.get("today"),
            repeat=raw.get("repeat", 1),
            reported_stage=raw["reported"]["stage"],
            reported_messages=raw["reported"].get("messages", []),
            source=path,
            garantisseur=raw.get("garantisseur", "spoticar"),
        )
    except (KeyError, TypeError, OSError, ValueError) as error:
        raise CaseError(f"{path}: cas incomplet ou mal formé ({error})") from error
