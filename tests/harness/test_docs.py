"""The generated documents are current: what QA and integrators read is what the code does."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from harness.cli import main
from sandbox import magic

ROOT = Path(__file__).resolve().parents[2]


def test_step_catalogue_is_current() -> None:
    result = CliRunner().invoke(main, ["steps", "--markdown", "--dir", str(ROOT / "step_defs")])
    assert result.exit_code == 0, result.output
    assert '`le message "{message}" s\'affiche en haut de la page`' in result.output
    assert (ROOT / "docs" / "STEPS.md").read_text(encoding="utf-8") == result.output, (
        "docs/STEPS.md is stale: run `make docs`"
    )


def test_mapping_table_is_current() -> None:
    result = CliRunner().invoke(main, ["mapping"])
    assert result.exit_code == 0
    assert (ROOT / "docs" / "MAPPING.md").read_text(encoding="utf-8") == result.output, (
        "docs/MAPPING.md is stale: run `make docs`"
    )


def test_every_support_case_has_its_scenario() -> None:
    feature = (ROOT / "features" / "erreurs_signalees.feature").read_text(encoding="utf-8")
    for case in sorted((ROOT / "fixtures" / "cases").glob("*.json")):
        assert f"| {case.stem} |" in feature, f"{case.name} has no scenario"


def test_every_magic_value_has_its_scenario_and_is_in_the_readme() -> None:
    feature = (ROOT / "features" / "valeurs_magiques.feature").read_text(encoding="utf-8")
    for row in magic.TABLE:
        assert row.value in feature, f"magic value {row.value} has no scenario"
    assert magic.markdown() in (ROOT / "README.md").read_text(encoding="utf-8")
