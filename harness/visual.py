"""Checks of a page as a person sees it: its pixels against a committed baseline, no
identifier, date or amount broken across two lines, nothing wider than the window, no value cut
inside its field, no word left alone on a line of a label.

Text checks pass while a page can be unreadable (a VIN drawn one character per line); these two
look at the rendering itself. Baselines are PNG files compared with pixelmatch, which ignores
anti-aliasing; `UPDATE_BASELINES=1` (or `make baselines`) writes them instead of comparing.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops
from pixelmatch.contrib.PIL import pixelmatch
from playwright.sync_api import Page

UPDATE_VARIABLE = "UPDATE_BASELINES"
# Share of pixels that may differ beyond pixelmatch's own colour threshold: none in practice on
# the machine that made the baselines; a little room for a font's hinting elsewhere.
TOLERATED_SHARE = 0.0005
PALETTE_COLOURS = 64  # screenshots of forms hold few colours: a palette keeps baselines small

# What a person reads whole (JavaScript regular expressions, applied to each text of the page).
WHOLE_VALUES = {
    "date": r"\b\d{2}/\d{2}/\d{4}\b",
    "montant": r"\b\d{1,3}(?:[ \u00a0\u202f]\d{3})*,\d{2}(?:[ \u00a0\u202f]?€)?",
    "numéro": r"\b[A-Z]{2,5}\d{4}-\d{7}\b",
    "VIN": r"\b[A-HJ-NPR-Z0-9]{17}\b",
    "immatriculation": r"\b[A-Z]{2}-\d{3}-[A-Z]{2}\b",
    "identifiant": r"\b(?:IC-\d{6}|RS\d{7}|\d{6}[A-Z]|SP[0-9A-Z]{16}|\d{14})\b",
    "téléphone": r"(?:\+33 ?(?:\(0\) ?)?|\b0)[1-9](?:[ .]?\d{2}){4}\b",
    "mot": r"[\p{L}\p{N}]{2,}",
}

_BROKEN_JS = """(patterns) => {
  const broken = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const lines = (node, start, end) => {
    range.setStart(node, start);
    range.setEnd(node, end);
    return new Set([...range.getClientRects()]
      .filter((rect) => rect.width > 0)
      .map((rect) => Math.round(rect.top))).size;
  };
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (lines(node, 0, node.length) < 2) continue;  // a text on one line breaks nothing
    for (const [kind, source] of Object.entries(patterns)) {
      for (const match of node.data.matchAll(new RegExp(source, "gu"))) {
        const count = lines(node, match.index, match.index + match[0].length);
        if (count > 1) broken.push(`${kind} « ${match[0]} » sur ${count} lignes`);
      }
    }
  }
  return broken;
}"""


def broken_values(page: Page) -> list[str]:
    """Each date, amount, identifier or word of the page drawn over more than one line."""
    return page.evaluate(_BROKEN_JS, WHOLE_VALUES)


# A field's value wider than the field: the dealer reads "SPOTICAR PREMIU" or a VIN short of its
# last character. Text is measured in the field's own font; a list's arrow takes 24 px.
_CUT_JS = """() => {
  const cut = [];
  const context = document.createElement("canvas").getContext("2d");
  const fields = document.querySelectorAll(
    "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea");
  for (const field of fields) {
    if (field.getClientRects().length === 0) continue;  // not drawn
    const text = field.tagName === "SELECT" ? (field.selectedOptions[0]?.text ?? "") : field.value;
    if (!text) continue;
    const style = getComputedStyle(field);
    if (field.tagName === "TEXTAREA") {
      const name = field.id || field.name;
      if (field.scrollHeight > field.clientHeight + 1) cut.push(`${name} : « ${text} » coupé`);
      continue;
    }
    context.font = style.font;
    const arrow = field.tagName === "SELECT" ? 24 : 0;
    const needed = context.measureText(text).width + parseFloat(style.paddingLeft)
      + parseFloat(style.paddingRight) + arrow;
    if (needed > field.clientWidth + 1) {
      const name = field.id || field.name;
      cut.push(`${name} : « ${text} » coupé (${Math.ceil(needed)} px pour ${field.clientWidth})`);
    }
  }
  return cut;
}"""

# A label drawn over several lines with a line that holds one word ("Âge / moyen / de / stock").
# Words are grouped into lines by their middle, so that a superscript (1<sup>re</sup>) stays on
# its line.
_LONE_JS = """() => {
  const lone = [];
  const range = document.createRange();
  for (const label of document.querySelectorAll("label, th, dt, legend")) {
    const words = [];
    const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/gu)) {
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const rect = [...range.getClientRects()].find((r) => r.width > 0);
        if (rect) words.push({ word: match[0], middle: (rect.top + rect.bottom) / 2, rect });
      }
    }
    const lines = [];
    for (const w of words) {
      const line = lines.find((l) => w.middle > l.top && w.middle < l.bottom);
      if (line) line.words.push(w.word);
      else lines.push({ top: w.rect.top, bottom: w.rect.bottom, words: [w.word] });
    }
    if (lines.length < 2) continue;
    for (const line of lines.filter((l) => l.words.length === 1)) {
      const whole = words.map((w) => w.word).join(" ");
      lone.push(`« ${whole} » : « ${line.words[0]} » seul sur sa ligne`);
    }
  }
  return lone;
}"""


def cut_values(page: Page) -> list[str]:
    """Each field whose value is wider than the field (the end of it is hidden)."""
    return page.evaluate(_CUT_JS)


def lone_words(page: Page) -> list[str]:
    """Each word that a label, a table heading, a term or a legend leaves alone on a line."""
    return page.evaluate(_LONE_JS)


def overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (a person would scroll sideways)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def updating() -> bool:
    return os.environ.get(UPDATE_VARIABLE, "") not in ("", "0")


def _small_png(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB").quantize(PALETTE_COLOURS)


def _differs(expected: Image.Image, actual: Image.Image) -> bool:
    """Whether any pixel differs at all (C code, a few milliseconds)."""
    return (
        ImageChops.difference(expected.convert("RGB"), actual.convert("RGB")).getbbox() is not None
    )


@dataclass(frozen=True)
class Difference:
    """Why a screenshot is not its baseline; `diff` shows the differing pixels in red."""

    message: str
    actual: Path | None = None
    diff: Path | None = None


def compare_with_baseline(png: bytes, baseline: Path, out_dir: Path) -> Difference | None:
    """None when the screenshot matches `baseline` (or was written there, when updating)."""
    actual = _small_png(png)
    if updating():
        baseline.parent.mkdir(parents=True, exist_ok=True)
        actual.save(baseline, optimize=True)
        return None
    if not baseline.exists():
        return Difference(f"no baseline {baseline}: run `make baselines` and commit it")
    expected = Image.open(baseline)
    if actual.size == expected.size and not _differs(expected, actual):
        return None  # the usual case, without pixelmatch's second of pure Python a page
    diff = Image.new("RGBA", actual.size)
    if actual.size != expected.size:
        message = f"{baseline.name}: {actual.size} pixels instead of {expected.size}"
    else:
        differing = pixelmatch(expected, actual, diff)
        if differing <= TOLERATED_SHARE * actual.size[0] * actual.size[1]:
            return None
        message = f"{baseline.name}: {differing} pixels differ"
    out_dir.mkdir(parents=True, exist_ok=True)
    actual_path, diff_path = out_dir / baseline.name, out_dir / f"{baseline.stem}-diff.png"
    actual.save(actual_path)
    diff.save(diff_path)
    return Difference(message, actual_path, diff_path)
