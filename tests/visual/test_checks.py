"""The visual checks themselves fail when they should: a broken VIN, a changed pixel."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import Page

from harness import visual


@pytest.mark.browser
def test_a_value_drawn_one_character_per_line_is_reported(page: Page) -> None:
    page.set_content(
        '<dl style="display:grid;grid-template-columns:max-content 1fr;width:120px">'
        "<dt>Date de première immatriculation</dt>"
        '<dd style="overflow-wrap:anywhere;margin:0">VR3UPHNKSNT000001</dd>'
        '<dt>Fin</dt><dd style="overflow-wrap:anywhere;margin:0">30/11/2026</dd></dl>'
    )
    broken = visual.broken_values(page)
    assert any(line.startswith("VIN « VR3UPHNKSNT000001 » sur") for line in broken), broken
    assert any(line.startswith("date « 30/11/2026 » sur") for line in broken), broken


@pytest.mark.browser
def test_text_that_wraps_between_values_only_is_fine(page: Page) -> None:
    """Values kept whole: the amount's spaces are no-break spaces, as French typography has them."""
    page.set_content(
        '<p style="width:180px">Le 30/11/2025, contrat IC2025-0000001 de 15\u202f000,00\u00a0€ '
        "pour le VIN VR3UPHNKSNT000001, immatriculé AB-123-CD.</p>"
        '<p style="width:60px;white-space:nowrap">AB-123-CD</p>'
    )
    assert visual.broken_values(page) == []


@pytest.mark.browser
def test_a_page_wider_than_the_window_is_measured(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 600})
    page.set_content('<body style="margin:0"><div style="width:500px">Tableau</div></body>')
    assert visual.overflow(page) == 110
    page.set_content('<body style="margin:0"><div style="max-width:100%">Tableau</div></body>')
    assert visual.overflow(page) == 0


def png(colour: str, dot: bool = False) -> bytes:
    image = Image.new("RGB", (200, 100), colour)
    if dot:
        ImageDraw.Draw(image).rectangle((10, 10, 40, 40), fill="red")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_baseline_written_when_updating_then_matched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = tmp_path / "baselines" / "page-390.png"
    assert (
        "make baselines" in visual.compare_with_baseline(png("white"), baseline, tmp_path).message
    )
    monkeypatch.setenv(visual.UPDATE_VARIABLE, "1")
    assert visual.compare_with_baseline(png("white"), baseline, tmp_path) is None
    assert baseline.exists()
    monkeypatch.delenv(visual.UPDATE_VARIABLE)
    assert visual.compare_with_baseline(png("white"), baseline, tmp_path / "out") is None
    assert not (tmp_path / "out").exists()  # nothing written when it matches


def test_a_changed_page_is_reported_with_its_difference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    baseline = tmp_path / "page-1366.png"
    monkeypatch.setenv(visual.UPDATE_VARIABLE, "1")
    visual.compare_with_baseline(png("white"), baseline, tmp_path)
    monkeypatch.delenv(visual.UPDATE_VARIABLE)
    difference = visual.compare_with_baseline(png("white", dot=True), baseline, tmp_path / "out")
    assert difference is not None
    assert difference.message == "page-1366.png: 961 pixels differ"
    assert difference.diff is not None and difference.diff.exists()
    resized = Image.new("RGB", (200, 120), "white")
    out = io.BytesIO()
    resized.save(out, format="PNG")
    difference = visual.compare_with_baseline(out.getvalue(), baseline, tmp_path / "out")
    assert (
        difference is not None and "(200, 120) pixels instead of (200, 100)" in difference.message
    )
