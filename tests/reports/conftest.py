"""One pytest run, in a subprocess, of a browser scenario that fails: its reports are what the
tests of this folder read.

The run is made once for the whole session, xdist workers included (the first to ask makes it
under a lock, the others read its folder): it starts a Chromium, which costs more than the
assertions. It plays tests/reports/failing/ from a temporary folder with the project's plugins
(the root conftest.py for the browser's settings, step_defs/conftest.py for the scenarios' tab,
harness.reports through the `pytest11` entry point) and one xdist worker, as `make test` does.
Given with `-p`, in that order after pytest-playwright, their fixtures (`page`, the launch
options) override its own as the project's conftest files do.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAILING = Path(__file__).parent / "failing"
PYTEST_INI = """[pytest]
markers =
    navigateur: scenario played in a real Chromium through Playwright
junit_family = xunit2
"""


@dataclass(frozen=True)
class FailedRun:
    """The folder of the run: its reports, and what pytest printed."""

    folder: Path
    returncode: int
    output: str

    @property
    def junit(self) -> Path:
        return self.folder / "junit.xml"

    @property
    def cucumber(self) -> Path:
        return self.folder / "cucumber" / "cucumber.json"

    @property
    def html(self) -> Path:
        return self.folder / "report.html"


def _run(folder: Path) -> None:
    (folder / "cucumber").mkdir(parents=True)
    (folder / "pytest.ini").write_text(PYTEST_INI, encoding="utf-8")
    shutil.copy(FAILING / "ecran.feature", folder)
    shutil.copy(FAILING / "steps_ecran.py", folder / "test_ecran.py")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("PYTEST_ADDOPTS", None)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "playwright",
            "-p",
            "conftest",
            "-p",
            "step_defs.conftest",
            "-p",
            "no:cacheprovider",
            "-n",
            "1",
            f"--junitxml={folder / 'junit.xml'}",
            f"--cucumberjson={folder / 'cucumber' / 'cucumber.json'}",
            f"--html={folder / 'report.html'}",
            "--self-contained-html",
            "test_ecran.py",
        ],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    (folder / "output.txt").write_text(run.stdout + run.stderr, encoding="utf-8")
    (folder / "returncode").write_text(str(run.returncode), encoding="utf-8")


@pytest.fixture(scope="session")
def failed_run(tmp_path_factory: pytest.TempPathFactory) -> FailedRun:
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / "failed-browser-run"
    with open(shared / "failed-browser-run.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "returncode").exists():
            shutil.rmtree(folder, ignore_errors=True)
            _run(folder)
    return FailedRun(
        folder,
        int((folder / "returncode").read_text(encoding="utf-8")),
        (folder / "output.txt").read_text(encoding="utf-8"),
    )
