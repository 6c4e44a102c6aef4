"""Support's replay: take what a dealer sent, run it again, and show what the dealer saw.

A case file (`fixtures/cases/*.json`, format `pvo2-case/1`) holds the BDC as PVO² had it, the
dealer's profile state, what the dealer typed over the form, faults to inject, the date, and
what the dealer reported. `replay` plays it against a fresh sandbox (its own, in this process,
unless URLs are given), says whether the report is reproduced, and can save a screenshot of the
portal as the dealer had it in front of them.
"""

from __future__ import annotations

import copy
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from playwright.sync_api import Page

from pvo_client.bdc_file import load_bdc
from pvo_client.centralisateur import CentralisateurClient, CentralisateurError
from pvo_client.domain import Garantisseur
from pvo_client.flow import PROFILE, PVO2, DeclarationResult, declare
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import PsaResult, declare_psa
from pvo_client.report import describe, describe_psa, headline
from pvo_client.rules import PvoError

CASE_FORMAT = "pvo2-case/1"
BDC_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "bdc"
DEFAULT_PROFILE = {"icare_id": "IC-953617"}
SPOTICAR_PLUGIN, PSA_PLUGIN = Garantisseur.SPOTICAR.value, Garantisseur.PSA_INSURANCE.value
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


@dataclass
class ReplayResult:
    case: Case
    result: DeclarationResult | PsaResult
    screenshot: Path | None = None
    seen_messages: list[str] = field(default_factory=list)

    @property
    def reproduced(self) -> bool:
        """The dealer's report is reproduced: same place, and every reported line is shown."""
        shown = {_words(line) for line in self.result.messages}
        return self.result.stage == self.case.reported_stage and all(
            _words(line) in shown for line in self.case.reported_messages
        )


def _words(line: str) -> str:
    """A line as compared: spaces folded, so a report copied from an e-mail still matches."""
    return " ".join(line.split())


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
            dealer=(dealer.get("code_rrdi", "953617Z"), dealer.get("password", "spoticar")),
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


@contextmanager
def fresh_sandbox() -> Iterator[dict[str, str]]:
    """The three fakes in this process, on free ports, with their own empty data."""
    from sandbox.pytest_plugin import start_sandbox

    with tempfile.TemporaryDirectory(prefix="pvo-replay-") as data_dir:
        running = start_sandbox(Path(data_dir))
        try:
            yield running.urls
        finally:
            for server in running.servers.values():
                server.stop()


def _prepare(case: Case, urls: dict[str, str]) -> None:
    """Seeded state (the reset also clears earlier faults), the dealer's date, the case's faults."""
    for name, url in urls.items():
        requests.post(f"{url}/__admin/reset", timeout=10).raise_for_status()
        if case.today:
            requests.put(
                f"{url}/__admin/clock", json={"today": case.today}, timeout=10
            ).raise_for_status()
        for rule in case.faults.get(name, []):
            requests.post(f"{url}/__admin/faults", json=rule, timeout=10).raise_for_status()


def run_case(case: Case, urls: dict[str, str]) -> DeclarationResult | PsaResult:
    """Play the case over HTTP, as PVO² and the dealer did."""
    _prepare(case, urls)
    try:
        bdc = load_bdc(case.bdc, source=case.ticket)
    except PvoError as refusal:
        return DeclarationResult(False, PVO2, [refusal.message], refusal.code)
    if case.garantisseur == "psa":
        with GuidewireClient(urls["guidewire"], "pvo2", "pvo2-secret") as guidewire:
            return declare_psa(bdc, guidewire)
    client = CentralisateurClient(urls["centralisateur"], *case.dealer)
    if case.profile is not None:
        try:
            client.configure_profile(**case.profile)
        except CentralisateurError as refusal:
            return DeclarationResult(
                False, PROFILE, refusal.lines, refusal.error_code, raw_error=refusal.raw
            )
    result = declare(bdc, client, form_changes=case.form_changes)
    for _ in range(case.repeat - 1):
        result = declare(bdc, client, form_changes=case.form_changes)
    return result


def replay(
    case: Case,
    urls: dict[str, str] | None = None,
    screenshot_dir: Path | None = None,
    page: Page | None = None,
) -> ReplayResult:
    """Reproduce a case; with `screenshot_dir`, also show it in a browser and keep a PNG
    (in `page` when a test gives its own browser)."""
    with fresh_sandbox() if urls is None else nullcontext(urls) as where:
        outcome = ReplayResult(case, run_case(case, where))
        if screenshot_dir is not None:
            from sandbox.screenshots import screenshot_of

            outcome.screenshot, outcome.seen_messages = screenshot_of(
                case, outcome.result, where["centralisateur"], screenshot_dir, page
            )
    return outcome


def describe_replay(outcome: ReplayResult) -> str:
    """The replay's verdict in French, then what the dealer saw."""
    case, result = outcome.case, outcome.result
    plugin = PSA_PLUGIN if case.garantisseur == "psa" else SPOTICAR_PLUGIN
    try:
        title = headline(load_bdc(case.bdc, source=case.ticket), plugin)
    except PvoError:
        title = f"Cas {case.ticket}"
    shown = (
        describe_psa(title, result) if isinstance(result, PsaResult) else describe(title, result)
    )
    lines = [shown, ""]
    if outcome.reproduced:
        lines.append("✔ Reproduit : le sandbox montre ce que le distributeur a signalé.")
    else:
        lines.append(f"✘ Non reproduit. Signalé ({case.reported_stage}) :")
        lines.extend(f"  • {line}" for line in case.reported_messages)
        lines.append(f"  Obtenu ({outcome.result.stage}) :")
        lines.extend(f"  • {line}" for line in outcome.result.messages)
    if outcome.screenshot:
        lines.append(f"Capture d'écran : {outcome.screenshot}")
    return "\n".join(lines)
