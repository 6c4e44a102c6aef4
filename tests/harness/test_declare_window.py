"""`pvo-sandbox declare --browser`: the window PVO² opens, in Chromium, as the dealer has it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page

from harness import window
from harness.admin_client import SandboxAdmin
from harness.demo import DEMO_DECLARATION
from pvo_client.centralisateur import CentralisateurClient
from pvo_client.flow import window_outcome

BDC = Path(__file__).resolve().parents[2] / "fixtures" / "bdc"
PEUGEOT = str(BDC / "8120417-peugeot-208-puretech-allure.json")
COMMAND = Path(sys.executable).with_name("pvo-sandbox")


def run_declare(sandbox: SandboxAdmin, *args: str) -> subprocess.CompletedProcess[str]:
    """The command as a person runs it, on a machine with no display."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    return subprocess.run(
        [str(COMMAND), "declare", *args, "--centralisateur", sandbox.urls["centralisateur"]],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


@pytest.mark.browser
def test_without_a_display_the_window_is_played_headless_and_each_page_saved(
    sandbox: SandboxAdmin,
) -> None:
    done = run_declare(sandbox, PEUGEOT, "--browser")
    assert done.returncode == 0, done.stdout + done.stderr
    shots = re.search(r"Captures d'écran de la fenêtre : (.+)", done.stdout)
    assert shots, done.stdout
    folder = Path(shots[1])
    saved = sorted(path.name for path in folder.iterdir())
    shutil.rmtree(folder)
    assert saved == ["01-profil.png", "02-page-1.png", "03-page-2.png", "04-confirmation.png"]
    assert "✔ Confirmation de la déclaration sur le centralisateur : n° DEC" in done.stdout
    assert "✔ Confirmation de la création du contrat Icare : n° IC" in done.stdout


def test_without_browser_nothing_opens_and_the_api_declares(sandbox: SandboxAdmin) -> None:
    done = run_declare(sandbox, PEUGEOT, "--configure-profile")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Captures d'écran" not in done.stdout
    assert "✔ Confirmation de la déclaration sur le centralisateur : n° DEC" in done.stdout


def test_browser_goes_with_the_spoticar_declaration_only(sandbox: SandboxAdmin) -> None:
    done = run_declare(sandbox, PEUGEOT, "--browser", "--garantisseur", "psa")
    assert done.returncode == 2
    assert "--browser ouvre la fenêtre du Centralisateur" in done.stderr


@pytest.mark.parametrize(
    ("platform", "variables", "shown"),
    [
        ("linux", {}, False),
        ("linux", {"DISPLAY": ":0"}, True),
        ("linux", {"WAYLAND_DISPLAY": "wayland-0"}, True),
        ("darwin", {}, True),
    ],
)
def test_a_window_is_shown_only_where_there_is_a_display(
    monkeypatch: pytest.MonkeyPatch, platform: str, variables: dict[str, str], shown: bool
) -> None:
    monkeypatch.setattr(window.sys, "platform", platform)
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert window.has_display() is shown


# A dealer inside the page: once the page is saved, the tutorial's next button; on the
# confirmations, the window is closed.
DEALER_CLICKS = """addEventListener("load", () => {
  const act = () => {
    const next = [...document.querySelectorAll("button")].find(
      (button) => ["Page Suivante", "Déclarer et Garantir"].includes(button.textContent.trim()));
    if (next) next.click(); else if (location.pathname.startsWith("/declarations/")) window.close();
  };
  const waitForTheSave = () => (window.saved ? act() : setTimeout(waitForTheSave, 50));
  waitForTheSave();
});"""


@pytest.mark.browser
def test_a_headed_window_saves_each_page_the_dealer_reaches_until_closed(
    page: Page, centralisateur_client: CentralisateurClient, tmp_path: Path
) -> None:
    centralisateur_client.configure_profile("IC-953617")
    draft = centralisateur_client.create_declaration(dict(DEMO_DECLARATION))
    page.context.add_init_script(DEALER_CLICKS)
    page.set_content(window.BEHIND)
    dealer_window = window.open_beside(
        page, draft.form_url
    )  # a window a script opened may close itself
    assert dealer_window.opener() == page
    record = window.PageRecorder(tmp_path)

    def record_then_let_the_dealer_click(shown: Page) -> None:
        record(shown)
        shown.evaluate("window.saved = true")

    window.follow_the_dealer(dealer_window, record_then_let_the_dealer_click)
    assert [path.name for path in record.saved] == [
        "01-page-1.png",
        "02-page-2.png",
        "03-confirmation.png",
    ]
    outcome = window_outcome(centralisateur_client, draft)
    assert outcome.accepted and outcome.declaration_number


@pytest.mark.browser
def test_the_window_opens_beside_pvo2_which_stays_behind_it(
    page: Page, centralisateur_client: CentralisateurClient
) -> None:
    centralisateur_client.configure_profile("IC-953617")
    draft = centralisateur_client.create_declaration(dict(DEMO_DECLARATION))
    page.set_content(window.BEHIND)
    opened = window.open_beside(page, draft.form_url)
    assert opened is not page and opened.opener() == page
    assert page.get_by_role("heading", level=1).inner_text() == "PVO²"
    assert window.page_name(opened) == "page-1"
    assert opened.evaluate("window.name") == window.WINDOW_NAME
