"""The test reports named as people read them: the feature and the scenario, not pytest's slugs.

pytest-bdd runs every scenario as a test function of `step_defs/test_features.py`, so pytest's
own reports name them `step_defs.test_features` / `test_chaque_champ…[Civilit\\xe9-…]`. This
plugin (registered by harness/pytest_plugin.py) gives each report what its reader looks for:

- JUnit XML (`--junitxml`): `classname` is the feature's title, `name` the scenario's, with the
  example's values for an outline; the steps and how each ended are its `system-out`.
- Cucumber JSON (`--cucumberjson`): each example of an outline its own name, the tags of the
  scenario with those it inherits (feature, rule, examples), `match.location` the file and line of
  each step's function, the steps after a failed one skipped, and the failure screenshot of a
  browser test embedded in its failed step.
- HTML report (pytest-html): the screenshot of the page when a test that had one failed.

The page is the value of whichever `page` fixture the test used: pytest-playwright's for the
browser tests, the scenarios' shared tab (step_defs/conftest.py) for the scenarios, which request
it step by step and so never have it in `item.funcargs`.

With pytest-xdist the reports are made on the workers and written by the controller: what they
need travels as report attributes and, for pytest-bdd's scenario, with the serialisation hooks
at the end of this module.
"""

from __future__ import annotations

import base64
import inspect
from collections.abc import Callable, Generator, Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from _pytest.junitxml import LogXML, xml_key  # what pytest's own `record_*` fixtures use
from pytest_bdd.cucumber_json import LogBDDCucumberJSON
from pytest_bdd.parser import Feature, Scenario, ScenarioTemplate, Step
from pytest_bdd.reporting import ReportContext, test_report_context_registry
from pytest_bdd.scenario import scenario_wrapper_template_registry

EXAMPLE_PARAM = "_pytest_bdd_example"  # pytest-bdd's parameter holding an outline's example row
SCREENSHOT_TITLE = "Écran au moment de l'échec"
PAGE = pytest.StashKey[Any]()
STEP_LOCATIONS = pytest.StashKey[list[str]]()
# Set on every report of a scenario (setup, call, teardown): {"feature": …, "scenario": …}.
GHERKIN_ATTRIBUTE = "gherkin_names"

PASSED, FAILED, NOT_RUN = "réussie", "échouée", "non jouée"


# --- Names and tags, from the scenario the item plays ------------------------------------------


def _template_of(item: pytest.Item) -> ScenarioTemplate | None:
    return scenario_wrapper_template_registry.get(getattr(item, "obj", None))


def _example_of(item: pytest.Item) -> dict[str, str]:
    callspec = getattr(item, "callspec", None)
    return dict(callspec.params.get(EXAMPLE_PARAM, {})) if callspec is not None else {}


def scenario_title(template: ScenarioTemplate, example: Mapping[str, str]) -> str:
    """The scenario's title; an outline's example adds the values its title does not show, so
    30 rows of one outline are 30 names."""
    title = template.render(example).name
    unshown = [(key, value) for key, value in example.items() if f"<{key}>" not in template.name]
    if not unshown:
        return title
    return f"{title} ({', '.join(f'{key} : {value}' for key, value in unshown)})"


def feature_title(feature: Feature) -> str:
    return feature.name or feature.rel_filename


def scenario_tags(template: ScenarioTemplate, example: Mapping[str, str]) -> list[str]:
    """Every tag the scenario carries, inherited ones too, as Cucumber writes them (`@api`)."""
    tags = set(template.tags) | set(template.feature.tags)
    if template.rule is not None:
        tags |= template.rule.tags
    for examples in template.examples:
        if dict(example) in list(examples.as_contexts()):
            tags |= examples.tags
    return [f"@{tag}" for tag in sorted(tags)]


def _step_location(function: Callable[..., object], root: Path) -> str:
    function = inspect.unwrap(function)
    path = Path(inspect.getsourcefile(function) or function.__code__.co_filename).resolve()
    shown = path.relative_to(root) if path.is_relative_to(root) else path
    return f"{shown.as_posix()}:{function.__code__.co_firstlineno}"


# --- Worker side: what the tests know, put on their reports ------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(
    fixturedef: pytest.FixtureDef[Any], request: pytest.FixtureRequest
) -> Generator[None, Any, Any]:
    """Keep the test's `page`, whoever made it and however it was requested."""
    value = yield
    if fixturedef.argname == "page":
        request.node.stash[PAGE] = value
    return value


def pytest_bdd_before_step(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    step_func: Callable[..., object],
) -> None:
    locations = request.node.stash.setdefault(STEP_LOCATIONS, [])
    locations.append(_step_location(step_func, request.config.rootpath))


def _screenshot(item: pytest.Item) -> dict[str, Any] | None:
    """pytest-html's image extra of the test's page, or None with no page or no browser left."""
    page = item.stash.get(PAGE, None)
    if page is None or not callable(getattr(page, "screenshot", None)):
        return None
    try:
        import pytest_html

        png = page.screenshot(full_page=True)
    except Exception:  # a report must not fail because the browser is gone
        return None
    return pytest_html.extras.png(base64.b64encode(png).decode(), SCREENSHOT_TITLE)


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Names, tags and step locations on a scenario's report; the screenshot on a failed one.

    First of the wrappers, so it runs after pytest-bdd's has put the scenario beside the report.
    """
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call" and report.failed:
        screenshot = _screenshot(item)
        if screenshot is not None:
            report.extras = [*getattr(report, "extras", []), screenshot]
    template = _template_of(item)
    if template is None:
        return
    example = _example_of(item)
    title = scenario_title(template, example)
    setattr(
        report, GHERKIN_ATTRIBUTE, {"feature": feature_title(template.feature), "scenario": title}
    )
    context = test_report_context_registry.get(report)
    if context is None:
        return
    scenario = context.scenario
    scenario["name"] = title
    scenario["tags"] = scenario_tags(template, example)
    scenario["feature"]["tags"] = [f"@{tag}" for tag in sorted(template.feature.tags)]
    for step, location in zip(scenario["steps"], item.stash.get(STEP_LOCATIONS, []), strict=False):
        step["location"] = location  # type: ignore[typeddict-unknown-key]


# --- Controller side: the JUnit XML -------------------------------------------------------------


def step_outcomes(steps: list[dict[str, Any]]) -> list[str]:
    """How each step ended: pytest-bdd marks every step after a failed one failed too, though
    none of them ran."""
    outcomes: list[str] = []
    for step in steps:
        if FAILED in outcomes:
            outcomes.append(NOT_RUN)
        else:
            outcomes.append(FAILED if step["failed"] else PASSED)
    return outcomes


def steps_text(steps: list[dict[str, Any]]) -> str:
    """The scenario's steps as QA wrote them, each with how it ended."""
    return "\n".join(
        f"{step['keyword']} {step['name']} : {outcome}"
        for step, outcome in zip(steps, step_outcomes(steps), strict=True)
    )


class JUnitNames:
    """Before pytest's JUnit writer sees a scenario's report: its names, and its steps once
    played (pytest keeps attributes given to a test case before it records the report)."""

    def __init__(self, xml: LogXML) -> None:
        self.xml = xml

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        names = getattr(report, GHERKIN_ATTRIBUTE, None)
        if names is None:
            return
        testcase = self.xml.node_reporter(report)
        testcase.add_attribute("classname", names["feature"])
        testcase.add_attribute("name", names["scenario"])
        context = test_report_context_registry.get(report)
        # pytest writes no `system-out` of its own with the default `junit_logging = no`.
        if report.when == "call" and context is not None and context.scenario["steps"]:
            system_out = ET.Element("system-out")
            system_out.text = steps_text(context.scenario["steps"])  # type: ignore[arg-type]
            testcase.append(system_out)


# --- Controller side: the Cucumber JSON ---------------------------------------------------------


class CucumberJSON(LogBDDCucumberJSON):
    """pytest-bdd's Cucumber JSON writer, with the step locations, the steps after a failure
    skipped, and the images of the HTML report embedded in the failed step."""

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        context = test_report_context_registry.get(report)
        written = self._written_count(context)
        super().pytest_runtest_logreport(report)
        if context is None or self._written_count(context) == written:
            return
        element = self.features[context.scenario["feature"]["filename"]]["elements"][-1]
        steps = element["steps"]
        played = context.scenario["steps"]
        for step, outcome, source in zip(steps, step_outcomes(played), played, strict=True):  # type: ignore[arg-type]
            step["match"]["location"] = source.get("location", "")
            if outcome == NOT_RUN:
                step["result"] = {"status": "skipped", "duration": 0}
        images = [
            {"mime_type": extra["mime_type"], "data": extra["content"]}
            for extra in getattr(report, "extras", [])
            if extra.get("mime_type") == "image/png"
        ]
        if images and steps:
            failed = [step for step in steps if step["result"]["status"] == "failed"]
            (failed or steps)[-1]["embeddings"] = images  # type: ignore[typeddict-unknown-key]

    def _written_count(self, context: ReportContext | None) -> int:
        if context is None:
            return 0
        feature = self.features.get(context.scenario["feature"]["filename"])
        return len(feature["elements"]) if feature is not None else 0


def pytest_sessionstart(session: pytest.Session) -> None:
    """Once pytest and pytest-bdd have made their writers (in `pytest_configure`): ours beside
    pytest's JUnit writer, and in place of pytest-bdd's Cucumber one."""
    config = session.config
    xml = config.stash.get(xml_key, None)
    if xml is not None:
        config.pluginmanager.register(JUnitNames(xml))
    theirs = getattr(config, "_bddcucumberjson", None)
    if theirs is None or isinstance(theirs, CucumberJSON):
        return
    ours = CucumberJSON(theirs.logfile)
    config.pluginmanager.unregister(theirs)
    config._bddcucumberjson = ours  # type: ignore[attr-defined]  (pytest-bdd unconfigures it)
    config.pluginmanager.register(ours)


# --- pytest-xdist: the scenario travels with its report ----------------------------------------


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
