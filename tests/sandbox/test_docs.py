"""The generated documents are current: what QA and integrators read is what the code does."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from sandbox.cli import main

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
