"""Support starts from what arrived: a refused declaration in a fake's request journal (read
by `harness.journal_reading`), turned into a `pvo2-case/1` case that `pvo-sandbox replay` plays
again.

From the Centralisateur, a case needs a BDC: one is generated for the dealer, and the values that
arrived become the case's `form_changes` (each value the DMS sent, the generated BDC's
pre-filled values it did not send erased), so that the replay submits exactly what arrived and
meets the same refusal. From the PVO² desk, the BDC file the DMS imported is the case's BDC as it
was sent.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fake_centralisateur.schemas import FORM_FIELDS
from harness.admin_client import FakeAdmin
from harness.anonymise import Anonymiser
from harness.cases import CASE_FORMAT
from harness.generate import bdc_faker, generate_bdc
from harness.journal_reading import JOURNALS, Exchange, pick_entry, read_exchange
from pvo_client.bdc_file import BdcFileError, load_bdc
from pvo_client.domain import Garantisseur
from pvo_client.mapping import build_prefill
from pvo_client.rules import PvoError, check_declarable

JOURNAL_READ = 10_000  # the admin API's most; the journal's ring keeps fewer (500 by default)
# The BDC's fields that say who and what was declared, and the form's fields they fill.
IDENTITY = (
    ("client.civilite", "civilite"),
    ("client.nom", "nom"),
    ("client.prenom", "prenom"),
    ("vehicule.modele", "modele"),
    ("vehicule.immatriculation", "immatriculation"),
    ("vehicule.vin", "vin"),
)
BRAND_DRAWS = 50


def base_bdc(exchange: Exchange, seed: int | None) -> dict[str, Any]:
    """A BDC of the dealer's site, closed and declarable on the case's day, generated (it holds
    nobody's data) then made to say the client's and the vehicle's identity that arrived, where
    PVO² would take it; the rest of what arrived goes over its pre-fill."""
    fake = bdc_faker(seed)
    marque = exchange.values.get("marque")
    for _draw in range(BRAND_DRAWS):  # a vehicle of the brand declared, if the table has one
        bdc = generate_bdc(fake, exchange.today, exchange.dealer)
        if bdc["vehicule"]["marque"] == marque:
            break
    for path, name in IDENTITY:
        value = exchange.values.get(name)
        if not isinstance(value, str) or not value.strip():
            continue
        block, key = path.split(".")
        candidate = {**bdc, block: {**bdc[block], key: value}}
        try:
            check_declarable(load_bdc(candidate, source="généré"), Garantisseur.SPOTICAR)
        except PvoError:  # PVO² would not take it: the form's value alone says it
            continue
        bdc = candidate
    return bdc


def _given(value: Any) -> Any:
    """A value as the form reads it: empty, an empty list and an unticked box are no answer."""
    return None if value is None or value is False or value == "" or value == [] else value


def form_changes(bdc: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """What to type over the BDC's pre-filled form so that the form holds `values`."""
    prefill = build_prefill(load_bdc(bdc, source="généré"))
    names = [spec.name for spec in FORM_FIELDS]
    names += [name for name in values if name not in names]  # refused as unknown, as it was
    return {
        name: _given(values.get(name))
        for name in names
        if _given(values.get(name)) != prefill.get(name)
    }


def build_case(
    exchange: Exchange,
    journal: str,
    changes: dict[str, Any],
    ticket: str | None = None,
    title: str | None = None,
) -> dict[str, Any]:
    """The `pvo2-case/1` document of the exchange (its `bdc` named when it is written)."""
    entry = exchange.entry
    ticket = ticket or f"JOURNAL-{entry['id']}"
    messages = exchange.messages if exchange.lines_checked else []
    if exchange.bdc_errors:  # as the replay says it: the file named by the ticket
        messages = [BdcFileError(exchange.bdc_errors, source=ticket).message]
    said = f" : « {exchange.messages[0]} »" if exchange.messages else ""
    case = {
        "format": CASE_FORMAT,
        "ticket": ticket,
        "title": title
        or (
            f"Déclaration refusée ({exchange.stage}), entrée n° {entry['id']} du journal "
            f"{JOURNALS[journal]} ({entry['method']} {urlsplit(entry['path']).path}){said}"
        ),
        "dealer": {"code_rrdi": exchange.dealer.code_rrdi, "password": exchange.dealer.password},
        "today": exchange.today.isoformat(),
        "profile": exchange.profile,
        "bdc": None,
        "form_changes": changes,
        "reported": {"stage": exchange.stage, "messages": messages},
    }
    if exchange.repeat > 1:
        case["repeat"] = exchange.repeat
    return case


def new_case(
    fake: FakeAdmin,
    *,
    entry_id: int | None = None,
    dealer: str | None = None,
    anonymise: bool = False,
    seed: int | None = None,
    ticket: str | None = None,
    title: str | None = None,
) -> tuple[dict[str, Any], Any]:
    """The case and its BDC from the journal of `fake` (the Centralisateur or the PVO² desk):
    the entry asked for, or the latest refused declaration. Raises NewCaseError, or AdminError
    from the admin API."""
    entries = fake.journal(limit=JOURNAL_READ)
    entry = pick_entry(entries, fake.name, entry_id, dealer)
    clock = fake.clock()
    day = date.fromisoformat(clock["today"] if clock["fixed"] else entry["time"][:10])
    exchange = read_exchange(entries, entry, day)
    anonymiser = Anonymiser(seed, exchange.today) if anonymise else None
    if exchange.bdc is not None:
        bdc = anonymiser.bdc(exchange.bdc) if anonymiser else exchange.bdc
        return build_case(exchange, fake.name, {}, ticket, title), bdc
    if anonymiser:
        exchange.values = anonymiser.values(exchange.values)
        exchange.messages = [anonymiser.text(line) for line in exchange.messages]
    bdc = base_bdc(exchange, seed)
    changes = form_changes(bdc, exchange.values)
    return build_case(exchange, fake.name, changes, ticket, title), bdc


def bdc_path(case_path: Path) -> Path:
    """Where the case's BDC is written: beside it, named after it."""
    return case_path.with_name(f"{case_path.stem}-bdc.json")


def _json(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_case(case_path: Path, case: dict[str, Any], bdc: Any) -> None:
    """The case and its BDC on disk, both or neither (OSError says what failed)."""
    beside = bdc_path(case_path)
    beside.write_text(_json(bdc), encoding="utf-8")
    try:
        case_path.write_text(_json({**case, "bdc": beside.name}), encoding="utf-8")
    except OSError:
        beside.unlink(missing_ok=True)
        raise
