"""Browser settings shared by every test: Debian's Chromium when it is installed.

pytest-playwright launches the browser; on machines where Playwright's own download is not
available, `/usr/bin/chromium` is used instead. Elsewhere `playwright install chromium` works.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest

from harness.browser import VIEWPORT, launch_options

# The Gherkin steps, one module per part of the flow (see `pvo-sandbox steps`).
pytest_plugins = [
    "harness.gherkin",
    "step_defs.portal",
    "step_defs.pvo2",
    "step_defs.desk",
    "step_defs.psa",
    "step_defs.icare",
    "step_defs.cases",
]


def pytest_configure(config: pytest.Config) -> None:
    """Bytecode caches on, for the xdist workers and the commands the tests start.

    Under PYTHONDONTWRITEBYTECODE every Python process compiles the project from source, and
    pytest rewrites the asserts of its plugins' packages (hypothesis, schemathesis, faker, the
    sandbox) on each start: about 4 s of CPU per pytest process, paid by both workers and by
    each `pytest` or `pvo-sandbox` a test runs. The caches are `__pycache__/`, ignored by git.
    """
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None):
        sys.dont_write_bytecode = False


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, **launch_options()}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "fr-FR", "viewport": VIEWPORT}
