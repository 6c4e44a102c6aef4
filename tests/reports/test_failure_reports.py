"""A browser scenario that fails leaves, in every report, its feature, its scenario, its steps
and the screen it had: read back by the tools QA's CI uses (junitparser for the JUnit XML,
multiple-cucumber-html-reporter for the Cucumber JSON) and in pytest-html's page."""

from __future__ import annotations

import base64
import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from junitparser import Failure, JUnitXml
from PIL import Image

from harness.browser import VIEWPORT
from tests.reports.conftest import FailedRun

READERS = Path(__file__).parent
FEATURE = "Écran gardé quand un scénario échoue"
PASSED = "La page affiche le titre attendu (titre : Accueil)"
FAILED = "La page affiche le titre attendu (titre : Échec)"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

pytestmark = pytest.mark.browser  # the run they read drives a Chromium


def _cucumber(run: FailedRun) -> list[dict[str, Any]]:
    return json.loads(run.cucumber.read_text(encoding="utf-8"))


def _screenshot(run: FailedRun) -> str:
    """The base64 PNG embedded in the failed step of the Cucumber JSON."""
    [feature] = _cucumber(run)
    [embedding] = feature["elements"][1]["steps"][1]["embeddings"]
    assert embedding["mime_type"] == "image/png"
    return embedding["data"]


def test_the_run_fails_one_example_of_two(failed_run: FailedRun) -> None:
    assert failed_run.returncode == 1, failed_run.output
    assert "1 failed, 1 passed" in failed_run.output, failed_run.output


def test_junit_names_the_feature_and_the_scenario_with_its_steps(failed_run: FailedRun) -> None:
    cases = [case for suite in JUnitXml.fromfile(str(failed_run.junit)) for case in suite]
    assert [(case.classname, case.name) for case in cases] == [
        (FEATURE, PASSED),
        (FEATURE, FAILED),
    ]
    assert cases[0].result == []
    assert [type(result) for result in cases[1].result] == [Failure]
    assert cases[0].system_out == (
        'Soit une page intitulée "Accueil" : réussie\n'
        'Alors la page a pour titre "Accueil" : réussie\n'
        "Et la page n'affiche aucune alerte : réussie"
    )
    assert cases[1].system_out == (
        'Soit une page intitulée "Échec" : réussie\n'
        'Alors la page a pour titre "Accueil" : échouée\n'
        "Et la page n'affiche aucune alerte : non jouée"
    )
    # UTF-8 text in the file itself, not pytest's escapes of a test id (`\xc9chec`)
    assert f'name="{FAILED}"' in failed_run.junit.read_text(encoding="utf-8")


def test_cucumber_json_names_tags_and_locates_each_step(failed_run: FailedRun) -> None:
    [feature] = _cucumber(failed_run)
    assert (feature["name"], feature["tags"]) == (FEATURE, [{"name": "@navigateur", "line": 2}])
    summary = [
        (
            element["name"],
            [tag["name"] for tag in element["tags"]],
            [(step["match"]["location"], step["result"]["status"]) for step in element["steps"]],
        )
        for element in feature["elements"]
    ]
    assert summary == [
        (
            PASSED,
            ["@navigateur"],
            [
                ("test_ecran.py:12", "passed"),
                ("test_ecran.py:17", "passed"),
                ("test_ecran.py:22", "passed"),
            ],
        ),
        (
            FAILED,
            ["@navigateur"],
            [("test_ecran.py:12", "passed"), ("test_ecran.py:17", "failed"), ("", "skipped")],
        ),
    ]
    assert [
        "embeddings" in step for element in feature["elements"] for step in element["steps"]
    ] == [False, False, False, False, True, False]


def test_the_screenshot_is_the_scenarios_tab_in_cucumber_json_and_html(
    failed_run: FailedRun,
) -> None:
    png = base64.b64decode(_screenshot(failed_run), validate=True)
    assert png.startswith(PNG_SIGNATURE)
    # The scenarios' shared tab has the project's size, not pytest-playwright's 1280 x 720.
    assert Image.open(io.BytesIO(png)).size == (VIEWPORT["width"], VIEWPORT["height"])
    assert failed_run.html.read_text(encoding="utf-8").count(_screenshot(failed_run)) == 1


def test_multiple_cucumber_html_reporter_shows_the_names_and_the_screenshot(
    failed_run: FailedRun, tmp_path: Path
) -> None:
    if not (READERS / "node_modules" / "multiple-cucumber-html-reporter").is_dir():
        pytest.fail("Lecteurs npm des rapports absents : make report-readers")
    node = shutil.which("node")
    assert node is not None, "node est requis : make report-readers l'installe"
    subprocess.run(
        [node, str(READERS / "render_cucumber.js"), str(failed_run.cucumber.parent), str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    assert FEATURE in (tmp_path / "index.html").read_text(encoding="utf-8")
    [page] = (tmp_path / "features").glob("*.html")
    html = page.read_text(encoding="utf-8")
    assert (FEATURE in html, html.count(PASSED), html.count(FAILED)) == (True, 1, 1)
    assert html.count(f"data:image/png;base64,{_screenshot(failed_run)}") == 1
