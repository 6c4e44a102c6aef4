"""Support's replay: take what a dealer sent, run it again, and show what the dealer saw.

A case file (`fixtures/cases/*.json`, format `pvo2-case/1`) holds the BDC as PVO² had it, the
dealer's profile state, what the dealer typed over the form, faults to inject, the date, and
what the dealer reported. `replay` plays it against a fresh sandbox (its own, in this process,
unless URLs are given), says whether the report is reproduced, and can save a screenshot of the
portal as the dealer had it in front of them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import requests

from harness.cases import PSA_PLUGIN, SPOTICAR_PLUGIN, Case
from harness.servers import start_sandbox
from pvo_client.bdc_file import load_bdc
from pvo_client.centralisateur import CentralisateurClient, CentralisateurError
from pvo_client.flow import PROFILE, PVO2, DeclarationResult, declare
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import PsaResult, declare_psa
from pvo_client.report import describe, describe_psa, headline
from pvo_client.rules import PvoError

if TYPE_CHECKING:
    from playwright.sync_api import Page


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


@contextmanager
def fresh_sandbox() -> Iterator[dict[str, str]]:
    """The fakes in this process, on free ports, with their own empty data."""
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
            from harness.screenshots import screenshot_of

            outcome.screenshot, outcome.seen_messages = screenshot_of(
                case,
                outcome.result,
                where["centralisateur"],
                screenshot_dir,
                page,
                where.get("pvo2"),
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
