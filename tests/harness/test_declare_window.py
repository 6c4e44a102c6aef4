"""`pvo-sandbox declare --browser`: the window PVO² opens, in Chromium, as the dealer has it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from harness import window
from harness.pytest_plugin import Sandbox

BDC = Path(__file__).resolve().parents[2] / "fixtures" / "bdc"
PEUGEOT = str(BDC / "8120417-peugeot-208-puretech-allure.json")
COMMAND = Path(sys.executable).with_name("pvo-sandbox")


def run_declare(sandbox: Sandbox, *args: str) -> subprocess.CompletedProcess[str]:
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
    sandbox: Sandbox,
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


def test_without_browser_nothing_opens_and_the_api_declares(sandbox: Sandbox) -> None:
    done = run_declare(sandbox, PEUGEOT, "--configure-profile")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Captures d'écran" not in done.stdout
    assert "✔ Confirmation de la déclaration sur le centralisateur : n° DEC" in done.stdout


def test_browser_goes_with_the_spoticar_declaration_only(sandbox: Sandbox) -> None:
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
