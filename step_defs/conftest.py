"""The scenarios' browser: one tab per worker, brought back to a new browser's state before each
scenario.

Opening a tab starts a Chromium renderer, which costs more CPU than most scenarios' own steps.
The scenarios only read pages, click, type and download; the fakes keep nothing in the browser
but their session cookies. So each scenario gets the same tab, with no cookie, no permission,
the default size and nothing on screen (`about:blank`); a tab a scenario opened is closed, one
that crashed or was closed is replaced. Tests about the browser itself (init scripts,
listeners, several contexts) stay in tests/browser/ and tests/visual/, with a context each.

`--tracing` works as with pytest-playwright's own `page`: each scenario is a chunk of the
context's trace, written to `--output`/<test>/trace.zip when it is kept. The trace has the DOM
snapshots of every action, not the film of screenshots: recording that film took a quarter of
the scenarios' time (features/champs_obligatoires: 37 s, 31 s without it, 25 s with no trace);
a failed scenario's report still carries a screenshot of the page (harness/reports.py).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from harness.browser import VIEWPORT


def _tracing(config: pytest.Config) -> str:
    return str(config.getoption("--tracing"))


@pytest.fixture(scope="session")
def scenario_context(
    browser: Browser, browser_context_args: dict[str, Any], pytestconfig: pytest.Config
) -> Iterator[BrowserContext]:
    context = browser.new_context(**browser_context_args)
    if _tracing(pytestconfig) != "off":
        context.tracing.start(screenshots=False, snapshots=True, sources=True)
    yield context
    context.close()


def _failed(item: pytest.Item) -> bool:
    """Whether the scenario failed before its teardown (pytest-playwright's `rep_call`); with
    no call report, its setup failed."""
    report = getattr(item, "rep_call", None)
    return report is None or report.failed


@pytest.fixture
def page(
    scenario_context: BrowserContext, request: pytest.FixtureRequest, output_path: str
) -> Iterator[Page]:
    context = scenario_context
    tabs = [tab for tab in context.pages if not tab.is_closed()]
    tab = tabs[0] if tabs else context.new_page()
    for other in tabs[1:]:
        other.close()
    context.clear_cookies()
    context.clear_permissions()
    if tab.viewport_size != VIEWPORT:
        tab.set_viewport_size(VIEWPORT)
    tab.goto("about:blank")
    tracing = _tracing(request.config)
    if tracing != "off":
        context.tracing.start_chunk(title=request.node.nodeid)
    yield tab
    if tracing == "on" or (tracing == "retain-on-failure" and _failed(request.node)):
        os.makedirs(output_path, exist_ok=True)
        context.tracing.stop_chunk(path=os.path.join(output_path, "trace.zip"))
    elif tracing != "off":
        context.tracing.stop_chunk()
