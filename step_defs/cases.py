"""Steps of support's replay: a case of fixtures/cases/, replayed on the sandbox."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect
from pytest_bdd import given, parsers, then, when

from harness.admin_client import SandboxAdmin
from harness.cases import Case, load_case
from harness.replay import ReplayResult, replay

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "cases"


@given(parsers.parse('le cas support "{cas}"'), target_fixture="case")
def support_case(cas: str) -> Case:
    return load_case(CASES / f"{cas}.json")


@when("le support rejoue le cas dans le sandbox", target_fixture="replayed")
def replay_case(case: Case, sandbox: SandboxAdmin) -> ReplayResult:
    return replay(case, sandbox)


@when("le support rejoue le cas avec une capture d'écran", target_fixture="replayed")
def replay_with_screenshot(
    case: Case, sandbox: SandboxAdmin, page: Page, tmp_path: Path
) -> ReplayResult:
    return replay(case, sandbox, screenshot_dir=tmp_path, page=page)


@then("le sandbox montre ce que le distributeur a signalé")
def reproduced(replayed: ReplayResult) -> None:
    assert replayed.reproduced, (replayed.result.stage, replayed.result.messages)


@then("la capture d'écran est enregistrée")
def screenshot_saved(replayed: ReplayResult) -> None:
    assert replayed.screenshot is not None
    assert replayed.screenshot.read_bytes().startswith(b"\x89PNG")


@then("la capture d'écran montre le bureau PVO²")
def desk_shown(page: Page, sandbox: SandboxAdmin) -> None:
    expect(page).to_have_url(re.compile(f"^{re.escape(sandbox.urls['pvo2'])}/commandes/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Commande N°")


@then(parsers.parse('l\'écran montrait "{message}"'))
def screen_showed(replayed: ReplayResult, message: str) -> None:
    assert message in replayed.seen_messages, replayed.seen_messages
