"""Support's replay: take what a dealer sent, run it again, and show what the dealer saw.

A case file (`fixtures/cases/*.json`, format `pvo2-case/1`) holds the BDC as PVO² had it, the
dealer's profile state, what the dealer typed over the form, faults to inject, the date, and
what the dealer reported. `replay` plays it against a fresh sandbox (its own, in this process,
unless running fakes are given), says whether the report is reproduced, and can save a
screenshot of the portal as the dealer had it in front of them.

On running fakes, only the case's dealer is reset; the case's date and faults hold for that
dealer only while it plays, then are removed, even when it is stopped by Ctrl-C or SIGTERM. Its
faults carry a tag (it removes those only) and end by themselves after `FAULT_LIFETIME_S`. It
first checks that every fake's admin API answers (one token per fake), then takes the lease of
every fake: a second replay on the same sandbox is refused, it does not queue.
"""

from __future__ import annotations

import getpass
import os
import signal
import socket
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fake_icare.store import NUMBER_PATTERN
from harness.admin_client import AdminError, FakeAdmin, SandboxAdmin
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

LEASE_SECONDS = 900  # a replay killed without a word holds the sandbox no longer than this
FAULT_LIFETIME_S = 900  # and its faults fire no longer than this


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
            f"La date et les pannes du cas ne valent que pour {case.dealer[0]}, le temps du "
            f"rejeu (les pannes s'éteignent d'elles-mêmes après {FAULT_LIFETIME_S // 60} min), "
            "puis sont retirées, même s'il est interrompu (Ctrl-C, SIGTERM)."
        )
    return "\n".join(lines)


class ReplayRefused(Exception):
    """Another replay holds the sandbox: this one does not wait, it is refused (in French)."""


class ReplayInterrupted(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C: what the replay changed is put back, then it stops."""


def _holder(case: Case) -> str:
    """Who holds the lease, as another replay is told: the case, the user, the machine."""
    who = f"{getpass.getuser()}@{socket.gethostname()} pid {os.getpid()}"
    return f"rejeu {case.ticket} ({who})"[:100]


@contextmanager
def _lease(sandbox: SandboxAdmin, holder: str) -> Iterator[None]:
    """The lease of every fake for the replay (in their admin state), given back after it;
    ReplayRefused when another replay holds one of them (nothing is kept taken then)."""
    taken: list[FakeAdmin] = []
    try:
        for fake in sandbox.fakes.values():
            fake.take_lease(holder, LEASE_SECONDS)
            taken.append(fake)
        yield
    except AdminError as error:
        if error.error_code != "LEASE_HELD" or len(taken) == len(sandbox.fakes):
            raise
        raise ReplayRefused(
            f"Rejeu refusé (il n'attend pas son tour) : {error.detail} Relancez-le ensuite."
        ) from error
    finally:
        with _shielded():
            for fake in taken:
                fake.give_back_lease(holder)


@contextmanager
def _shielded() -> Iterator[None]:
    """A clean-up that a second Ctrl-C or SIGTERM does not cut short: the signals wait for
    its end (main thread only, where Python handles them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    stops = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stops)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)


@contextmanager
def _stopped_by_sigterm() -> Iterator[None]:
    """SIGTERM raises ReplayInterrupted while the replay runs, as Ctrl-C raises
    KeyboardInterrupt, so that the clean-up runs on both."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(_signum: int, _frame: object) -> None:
        raise ReplayInterrupted()

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def case_conditions(case: Case, sandbox: SandboxAdmin) -> Iterator[None]:
    """The case's dealer back to its seed, the case's date and faults for that dealer only
    while it plays, then removed: its faults by their tag (they also end by themselves), its
    clock. Before any change, every fake's admin API must answer (one token per fake) and the
    lease of every fake be free; other dealers' data, faults and clocks are never touched."""
    dealer = case.dealer[0]
    tag = f"rejeu-{uuid.uuid4().hex[:12]}"
    touched = [name for name in sandbox.fakes if case.today or case.faults.get(name)]
    sandbox.check_access()
    with _stopped_by_sigterm(), _lease(sandbox, _holder(case)):
        sandbox.reset(dealer=dealer)  # its faults and clock go with its data
        try:
            for name in touched:
                fake = sandbox.fakes[name]
                if case.today:
                    fake.set_today(case.today, dealer)
                for rule in case.faults.get(name, []):
                    fake.add_fault(
                        **{**rule, "dealer": dealer, "tag": tag, "expires_in_s": FAULT_LIFETIME_S}
                    )
            yield
        finally:
            with _shielded():
                for name in touched:
                    sandbox.fakes[name].clear_faults(tag=tag, dealer=dealer)
                    if case.today:
                        sandbox.fakes[name].release_clock(dealer)


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
