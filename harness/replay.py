"""Support's replay: take what a dealer sent, run it again, and show what the dealer saw.

A case file (`fixtures/cases/*.json`, format `pvo2-case/1`) holds the BDC as PVO² had it, the
dealer's profile state, what the dealer typed over the form, faults to inject, the date, and
what the dealer reported. `replay` plays it against a fresh sandbox (its own, in this process,
unless running fakes are given), says whether the report is reproduced, and can save a
screenshot of the portal as the dealer had it in front of them.

On running fakes, only the case's dealer is reset; the case's date and faults hold while it
plays (for every dealer: the fakes have one clock), then the fakes' own are put back.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fake_icare.store import NUMBER_PATTERN
from harness.admin_client import FakeAdmin, SandboxAdmin
from harness.cases import Case
from harness.running import running_sandbox
from pvo_client.bdc_file import load_bdc
from pvo_client.centralisateur import CentralisateurClient, CentralisateurError
from pvo_client.domain import Garantisseur
from pvo_client.flow import declare
from pvo_client.guidewire import GuidewireClient
from pvo_client.psa import declare_psa
from pvo_client.report import describe, headline
from pvo_client.result import PROFILE, PVO2, DeclarationResult
from pvo_client.rules import PvoError

if TYPE_CHECKING:
    from playwright.sync_api import Page


@dataclass
class ReplayResult:
    case: Case
    result: DeclarationResult
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
    """A line as compared: spaces folded, so a report copied from an e-mail still matches, and
    contract numbers taken as any contract number (a number is given out once, never again
    after a reset, so the one a dealer reported cannot come back in a replay)."""
    return NUMBER_PATTERN.sub("IC…", " ".join(line.split()))


def announce(case: Case) -> str:
    """What a replay on running fakes touches, said before it starts."""
    lines = [
        f"Rejeu sur les fakes en service : seules les données du distributeur {case.dealer[0]} "
        "sont remises à zéro, les autres distributeurs ne sont pas touchés."
    ]
    if case.today or case.faults:
        lines.append(
            "La date et les pannes du cas valent pour tous pendant le rejeu, puis celles des "
            "fakes sont rétablies."
        )
    return "\n".join(lines)


def _restore_faults(fake: FakeAdmin, rules: list[dict[str, Any]]) -> None:
    fake.clear_faults()
    for described in rules:
        rule = {k: v for k, v in described.items() if k not in ("id", "remaining", "hits")}
        if described.get("remaining") is not None:
            rule["times"] = described["remaining"]
        if rule.get("times") != 0:
            fake.add_fault(**rule)


@contextmanager
def case_conditions(case: Case, sandbox: SandboxAdmin) -> Iterator[None]:
    """The case's dealer back to its seed, the case's date and faults while it plays, then the
    fakes' own date and faults back (other dealers' data is never touched)."""
    sandbox.reset(dealer=case.dealer[0])
    touched = [name for name in sandbox.fakes if case.today or case.faults.get(name)]
    saved = {name: (sandbox.fakes[name].clock(), sandbox.fakes[name].faults()) for name in touched}
    try:
        for name in touched:
            fake = sandbox.fakes[name]
            if case.today:
                fake.set_today(case.today)
            for rule in case.faults.get(name, []):
                fake.add_fault(**rule)
        yield
    finally:
        for name, (clock, rules) in saved.items():
            fake = sandbox.fakes[name]
            if clock["fixed"]:
                fake.set_today(clock["today"])
            else:
                fake.release_clock()
            if case.faults.get(name):
                _restore_faults(fake, rules)


def run_case(case: Case, urls: dict[str, str]) -> DeclarationResult:
    """Play the case over HTTP, as PVO² and the dealer did (the fakes already prepared)."""
    plugin = case.plugin
    try:
        bdc = load_bdc(case.bdc, source=case.ticket)
    except PvoError as refusal:
        return DeclarationResult.refused(plugin, PVO2, [refusal.message], refusal.code)
    if plugin is Garantisseur.PSA_INSURANCE:
        with GuidewireClient(urls["guidewire"], "pvo2", "pvo2-secret") as guidewire:
            return declare_psa(bdc, guidewire)
    client = CentralisateurClient(urls["centralisateur"], *case.dealer)
    if case.profile is not None:
        try:
            client.configure_profile(**case.profile)
        except CentralisateurError as refusal:
            return DeclarationResult.refused(
                plugin, PROFILE, refusal.lines, refusal.error_code, raw_error=refusal.raw
            )
    result = declare(bdc, client, form_changes=case.form_changes)
    for _ in range(case.repeat - 1):
        result = declare(bdc, client, form_changes=case.form_changes)
    return result


def replay(
    case: Case,
    sandbox: SandboxAdmin | None = None,
    screenshot_dir: Path | None = None,
    page: Page | None = None,
) -> ReplayResult:
    """Reproduce a case on `sandbox` (running fakes) or a fresh one; with `screenshot_dir`,
    also show it in a browser and keep a PNG (in `page` when a test gives its own browser)."""
    with (
        running_sandbox() if sandbox is None else nullcontext(sandbox) as where,
        case_conditions(case, where),
    ):
        outcome = ReplayResult(case, run_case(case, where.urls))
        if screenshot_dir is not None:
            from harness.screenshots import screenshot_of

            outcome.screenshot, outcome.seen_messages = screenshot_of(
                case,
                outcome.result,
                where.urls["centralisateur"],
                screenshot_dir,
                page,
                where.urls.get("pvo2"),
            )
    return outcome


def describe_replay(outcome: ReplayResult) -> str:
    """The replay's verdict in French, then what the dealer saw."""
    case, result = outcome.case, outcome.result
    try:
        title = headline(load_bdc(case.bdc, source=case.ticket), result.garantisseur)
    except PvoError:
        title = f"Cas {case.ticket}"
    lines = [describe(title, result), ""]
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
