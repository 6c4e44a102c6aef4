"""QA's promise: a `.feature` dropped in the features folder runs with no Python of its own, and
a step nobody defined is named in French with the closest steps of the catalogue."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A feature as QA writes it: one scenario of known steps, one with a step misspelt.
NEW_FEATURE = (Path(__file__).parent / "ecrite_par_qa.feature").read_text(encoding="utf-8")


def _run_features(folder: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """pytest on the one collector, with `folder` as the features folder (no reports written)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "step_defs/test_features.py",
            "-o",
            f"bdd_features_base_dir={folder}",
            "-o",
            "addopts=--import-mode=importlib -p no:cacheprovider -p no:xdist",
            "-q",
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_dropped_feature_runs_and_an_unknown_step_is_explained(tmp_path: Path) -> None:
    (tmp_path / "ecrite_par_qa.feature").write_text(NEW_FEATURE, encoding="utf-8")
    run = _run_features(tmp_path)
    assert "1 failed, 1 passed" in run.stdout, run.stdout + run.stderr
    assert (
        "Étape inconnue : « Quand le vendeur choisit le garantiseur "
        '"Déclaration de garantie Spoticar" et clique sur Déclarer »'
    ) in run.stdout
    assert "ecrite_par_qa.feature, ligne 13, scénario « Une étape mal recopiée »" in run.stdout
    suggestions = run.stdout.split("Étapes proches du catalogue (pvo-sandbox steps) :")[1]
    assert suggestions.lstrip().startswith(
        'Quand le vendeur choisit le garantisseur "{garantisseur}" et clique sur "Déclarer"'
    )
    assert "StepDefinitionNotFoundError" not in run.stdout


def test_one_feature_by_name_and_an_unknown_name(tmp_path: Path) -> None:
    (tmp_path / "ecrite_par_qa.feature").write_text(NEW_FEATURE, encoding="utf-8")
    (tmp_path / "autre.feature").write_text(
        NEW_FEATURE.replace("Scénario: Une", "Scénario: Autre"), encoding="utf-8"
    )
    only = _run_features(tmp_path, "--feature", "ecrite_par_qa", "--collect-only")
    assert "2/4 tests collected (2 deselected)" in only.stdout, only.stdout
    assert "test_une_étape_mal_recopiée\n" in only.stdout
    unknown = _run_features(tmp_path, "--feature", "absente")
    assert unknown.returncode != 0
    assert "Aucune feature « absente » ; au choix : autre, ecrite_par_qa." in unknown.stderr
