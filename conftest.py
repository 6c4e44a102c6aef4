"""Browser settings shared by every test: Debian's Chromium when it is installed.

pytest-playwright launches the browser; on machines where Playwright's own download is not
available, `/usr/bin/chromium` is used instead. Elsewhere `playwright install chromium` works.
"""

from __future__ import annotations

import base64
import os
import sys
from typing import Any

import pytest
from pytest_bdd.reporting import ReportContext, test_report_context_registry

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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A failed browser test or scenario carries a screenshot of the page into the HTML report."""
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "funcargs", {}).get("page")
    if report.when != "call" or not report.failed or page is None:
        return
    try:
        import pytest_html

        png = page.screenshot(full_page=True)
    except Exception:  # a report must not fail because the browser is gone
        return
    report.extras = [
        *getattr(report, "extras", []),
        pytest_html.extras.png(base64.b64encode(png).decode(), "Écran au moment de l'échec"),
    ]


# pytest-bdd keeps each scenario's steps beside the report object of the worker that ran it;
# with pytest-xdist the controller gets a copy of the report, so the scenario travels with it.
# Without this, the Cucumber JSON of a parallel run would be empty.
@pytest.hookimpl(tryfirst=True)
def pytest_report_to_serializable(report: pytest.TestReport) -> dict[str, Any] | None:
    context = test_report_context_registry.get(report)
    if context is None or not isinstance(report, pytest.TestReport):
        return None
    data = report._to_json()
    data["bdd_context"] = {"scenario": context.scenario, "name": context.name}
    data["$report_type"] = "TestReport"
    return data


@pytest.hookimpl(tryfirst=True)
def pytest_report_from_serializable(data: dict[str, Any]) -> pytest.TestReport | None:
    if "bdd_context" not in data:
        return None
    context = data.pop("bdd_context")
    report = pytest.TestReport._from_json(data)
    test_report_context_registry[report] = ReportContext(**context)
    return report
