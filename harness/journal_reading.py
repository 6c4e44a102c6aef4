"""What a fake's request journal says about a refused declaration: which entry, what arrived
(the form values a DMS sent to the Centralisateur, or the BDC file it imported into the PVO²
desk), what it got back, for whom and on which day.

The Centralisateur's journal keeps the values of `POST /api/v1/declarations`, of a `PATCH`, and
of the portal's form; a submit's values are those of its draft, found earlier in the journal. The
refusal is read from the JSON answer, or from the error banner of the page the portal answered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from fake_centralisateur.schemas import CHECKBOX, CHOICES, FORM_FIELDS
from fake_icare.errors import ContractInForce, IcareError
from fake_pvo2.store import demo_login
from pvo_client.bdc_file import BdcFileError
from pvo_client.flow import ICARE_CODES
from pvo_client.result import FORM, ICARE, PROFILE, PVO2
from sandbox.dealers import DEMO_DEALERS, DemoDealer

API_CREATE = re.compile(r"/api/v1/declarations")
API_COMPLETE = re.compile(r"/api/v1/declarations/(?P<id>[^/]+)")
API_SUBMIT = re.compile(r"/api/v1/declarations/(?P<id>[^/]+)/submit")
PORTAL_FORM = re.compile(r"/declarations/(?P<id>[^/]+)/formulaire")
DESK_IMPORT = re.compile(r"/api/v1/bdcs")
ROUTES = {
    "POST": (
        (API_CREATE, "api"),
        (API_SUBMIT, "submit"),
        (PORTAL_FORM, "portal"),
        (DESK_IMPORT, "import"),
    ),
    "PATCH": ((API_COMPLETE, "complete"),),
}
# Whose journal, as said in a message.
JOURNALS = {"centralisateur": "du Centralisateur", "pvo2": "du bureau PVO²"}
# What a support person can ask for, as said when an entry is not one of them.
WHAT_MAKES_A_CASE = (
    "une déclaration refusée : POST /api/v1/declarations, PATCH /api/v1/declarations/ID, "
    "POST /api/v1/declarations/ID/submit, ou le formulaire du portail "
    "(POST /declarations/ID/formulaire) ; ou un fichier BDC refusé par le bureau PVO² "
    "(POST /api/v1/bdcs)"
)
FORM_CODES = {"FORM_INVALID", "DRAFT_INVALID"}
_BANNER = re.compile(r'<div class="banner-error" role="alert">\s*<ul>(?P<items>.*?)</ul>', re.S)
_ITEM = re.compile(r"<li>(.*?)</li>", re.S)


class NewCaseError(Exception):
    """The entry cannot make a case; the message says why, in French."""


@dataclass
class Exchange:
    """One refused declaration as the journal kept it, read back."""

    entry: dict[str, Any]
    dealer: DemoDealer
    values: dict[str, Any]
    stage: str
    messages: list[str]
    today: date
    profile: dict[str, Any] | None
    # Declared once before, for a refusal that needs a first contract (CONTRACT_IN_FORCE).
    repeat: int = 1
    # Whether the replay must show the same lines, or only stop at the same stage.
    lines_checked: bool = True
    # A BDC file the desk refused: the file as sent, and its errors (path, message).
    bdc: Any = None
    bdc_errors: list[tuple[str, str]] = field(default_factory=list)


def _icare_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Icare's refusals as the portal shows them: each code, and its template with its values
    as wildcards."""
    found, pending = [], list(IcareError.__subclasses__())
    while pending:
        refusal = pending.pop()
        pending.extend(refusal.__subclasses__())
        parts = re.split(r"\{\w+\}", refusal.template)
        found.append((refusal.error_code, re.compile(".+".join(map(re.escape, parts)))))
    return found


def _icare_code(lines: list[str]) -> str | None:
    """The code of Icare's refusal when the portal's banner shows one (and nothing else)."""
    for code, pattern in ICARE_REFUSALS if len(lines) == 1 else ():
        if pattern.fullmatch(lines[0]):
            return code
    return None


ICARE_REFUSALS = _icare_patterns()


def _sent_by(entry: dict[str, Any], code_rrdi: str) -> bool:
    """The entry was sent as the dealer: its code RRDI, or its PVO² user on the desk."""
    return entry.get("who") in (code_rrdi, demo_login(code_rrdi))


def pick_entry(
    entries: list[dict[str, Any]],
    journal: str,
    entry_id: int | None = None,
    dealer: str | None = None,
) -> dict[str, Any]:
    """The entry asked for, or the latest refused declaration (of `dealer`, if given), in the
    journal of the fake named `journal`."""
    if entry_id is not None:
        for entry in entries:
            if entry["id"] == entry_id:
                return entry
        raise NewCaseError(
            f"L'entrée n° {entry_id} n'est pas dans le journal {JOURNALS[journal]} (il ne garde "
            f"que les dernières ; la plus ancienne gardée est la n° "
            f"{min((e['id'] for e in entries), default=0)})."
        )
    for entry in entries:  # latest first
        if entry["status"] >= 400 and _route(entry) and (dealer is None or _sent_by(entry, dealer)):
            return entry
    whose = f" du distributeur {dealer}" if dealer else ""
    raise NewCaseError(
        f"Aucune déclaration refusée{whose} dans le journal {JOURNALS[journal]} : déclarez "
        "d'abord, ou donnez --entry."
    )


def _route(entry: dict[str, Any]) -> tuple[str, str | None] | None:
    """Which of the declaration's requests the entry is, and the declaration's id."""
    path = urlsplit(entry["path"]).path
    for pattern, kind in ROUTES.get(entry["method"], ()):
        found = pattern.fullmatch(path)
        if found:
            return kind, found.groupdict().get("id")
    return None


def _draft(entries: Iterable[dict[str, Any]], public_id: str, before: int) -> dict[str, Any]:
    """The declaration as the Centralisateur last answered it before entry `before`."""
    for entry in entries:  # latest first
        body = entry["response"]["body"]
        if (
            entry["id"] < before
            and entry["status"] < 300
            and isinstance(body, dict)
            and body.get("id") == public_id
        ):
            return body
    raise NewCaseError(
        f"Le brouillon {public_id} n'est plus dans le journal du Centralisateur : ses valeurs "
        "sont perdues, le cas ne peut pas être écrit (le journal ne garde que les dernières "
        "entrées)."
    )


def _portal_values(form: dict[str, list[str]]) -> dict[str, Any]:
    """The portal's form as typed, shaped like the API's values (lists for multiple choices)."""
    values: dict[str, Any] = {}
    for spec in FORM_FIELDS:
        typed = form.get(spec.name, [])
        if spec.kind == CHOICES:
            values[spec.name] = typed
        elif spec.kind == CHECKBOX:
            values[spec.name] = "on" if typed else None
        elif typed:
            values[spec.name] = typed[0]
    return values


def _banner(entry: dict[str, Any]) -> list[str]:
    """The lines of the portal's error banner, from the page the journal kept."""
    page = entry["response"]["body"]
    found = _BANNER.search(page) if isinstance(page, str) else None
    if found is None:
        raise NewCaseError(
            f"L'entrée n° {entry['id']} : la page gardée par le journal ne montre pas de "
            "bandeau d'erreurs (page coupée, ou formulaire accepté)."
        )
    return [html.unescape(line).strip() for line in _ITEM.findall(found["items"])]


def _api_refusal(entry: dict[str, Any]) -> tuple[str | None, list[str]]:
    """The Centralisateur API's refusal: its code and its lines."""
    body = entry["response"]["body"]
    code = body.get("error_code") if isinstance(body, dict) else None
    if code == "PROFILE_NOT_CONFIGURED" or code in ICARE_CODES:
        return code, [body["message"]]
    if code in FORM_CODES:
        return code, [line["message"] for line in body.get("field_errors", [])] or [body["message"]]
    raise NewCaseError(
        f"L'entrée n° {entry['id']} a été refusée ({entry['status']}, "
        f"{code or 'sans code'}) pour une raison qui ne vient pas de la déclaration : "
        f"elle ne fait pas un cas (il faut {WHAT_MAKES_A_CASE})."
    )


def _dealer(entry: dict[str, Any]) -> DemoDealer:
    for dealer in DEMO_DEALERS:
        if _sent_by(entry, dealer.code_rrdi):
            return dealer
    raise NewCaseError(
        f"L'entrée n° {entry['id']} vient de « {entry.get('who') or 'personne'} », qui n'est pas "
        "un distributeur de démonstration du sandbox : le rejeu ne pourrait pas se connecter."
    )


def _profile(
    entries: Iterable[dict[str, Any]], dealer: DemoDealer, before: int
) -> dict[str, Any] | None:
    """The dealer's Profil as the Centralisateur last gave it; the demo one if never seen."""
    for entry in entries:
        body = entry["response"]["body"]
        if (
            entry["id"] < before
            and _sent_by(entry, dealer.code_rrdi)
            and urlsplit(entry["path"]).path == "/api/v1/profile"
            and entry["status"] == 200
            and isinstance(body, dict)
        ):
            if not body.get("profile_configured"):
                return None
            keys = ("icare_id", "autogarantie", "cirano", "cirano_id")
            return {key: body[key] for key in keys if body.get(key) not in (None, False)}
    return {"icare_id": dealer.icare_id}


def _refused_file(entry: dict[str, Any], dealer: DemoDealer, clock: date) -> Exchange:
    """A BDC file the desk refused: the case's BDC is the file as the DMS sent it."""
    body, sent = entry["response"]["body"], entry["request"]["body"]
    if not isinstance(body, dict) or body.get("error_code") != BdcFileError.code:
        raise NewCaseError(
            f"L'entrée n° {entry['id']} a été refusée ({entry['status']}) pour une raison qui "
            "ne tient pas au fichier BDC : elle ne fait pas un cas."
        )
    if not isinstance(sent, dict):
        raise NewCaseError(
            f"L'entrée n° {entry['id']} : le journal n'a pas gardé le fichier envoyé comme un "
            "objet JSON (il n'en était pas un) : le cas ne peut pas être écrit."
        )
    return Exchange(
        entry=entry,
        dealer=dealer,
        values={},
        stage=PVO2,
        messages=[],
        today=clock,
        profile={"icare_id": dealer.icare_id},
        bdc=sent,
        bdc_errors=[(line["field"], line["message"]) for line in body.get("field_errors", [])],
    )


def read_exchange(entries: list[dict[str, Any]], entry: dict[str, Any], clock: date) -> Exchange:
    """What arrived and what it got back. `clock` is the day the fake's rules used when no
    draft of the journal says it. Raises NewCaseError when the entry makes no case."""
    route = _route(entry)
    if route is None:
        raise NewCaseError(
            f"L'entrée n° {entry['id']} ({entry['method']} {entry['path']}) n'est pas une "
            f"déclaration : un cas part d'{WHAT_MAKES_A_CASE}."
        )
    if entry["status"] < 400:
        raise NewCaseError(
            f"L'entrée n° {entry['id']} a été acceptée ({entry['status']}) : il n'y a pas de "
            "refus à reproduire."
        )
    kind, public_id = route
    dealer = _dealer(entry)
    if kind == "import":
        return _refused_file(entry, dealer, clock)
    sent = entry["request"]["body"] if isinstance(entry["request"]["body"], dict) else {}
    draft = _draft(entries, public_id, entry["id"]) if public_id else {}
    if kind == "portal":
        values = _portal_values(sent)
        lines = _banner(entry)
        code = _icare_code(lines)
    else:
        values = {**draft.get("fields", {}), **(sent.get("fields") or {})}
        code, lines = _api_refusal(entry)
        warranty = sent.get("commercial_warranty") or draft.get("commercial_warranty")
        if warranty not in (None, "spoticar"):
            raise NewCaseError(
                f"L'entrée n° {entry['id']} déclare avec la garantie « {warranty} » : un cas "
                "rejoue la garantie Spoticar seulement."
            )
    created = draft.get("created_at")
    exchange = Exchange(
        entry=entry,
        dealer=dealer,
        values=values,
        stage=ICARE if code in ICARE_CODES else FORM,
        messages=lines,
        today=date.fromisoformat(created[:10]) if created else clock,
        profile=_profile(entries, dealer, entry["id"]),
    )
    if code == "PROFILE_NOT_CONFIGURED":  # PVO² says it its own way: the stage is what matters
        exchange.stage, exchange.profile, exchange.lines_checked = PROFILE, None, False
    elif code == ContractInForce.error_code:  # the replay's contract has a number of its own
        exchange.repeat, exchange.lines_checked = 2, False
    return exchange
