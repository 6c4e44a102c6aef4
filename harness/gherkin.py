"""pytest hooks for the French features: `--feature NAME` plays one file; unknown steps said in
French.

A scenario whose step nobody defined fails with the step, its place, and the closest steps of
the catalogue (`pvo-sandbox steps`), so QA can fix the wording without reading Python.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd.exceptions import StepDefinitionNotFoundError
from pytest_bdd.parser import Feature, Scenario, Step
from pytest_bdd.scenario import scenario_wrapper_template_registry

from harness.catalogue import closest, registered_steps

STEP_PACKAGE = "step_defs"
UNKNOWN_STEP = pytest.StashKey[str]()


def _feature_of(item: pytest.Item) -> str | None:
    template = scenario_wrapper_template_registry.get(getattr(item, "obj", None))
    return Path(template.feature.filename).stem if template is not None else None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`--feature NAME` (pytest-bdd's option, repeatable) plays only those feature files."""
    if config.getoption("generate_missing") or not config.getoption("features"):
        return
    # `champs_obligatoires` or `features/champs_obligatoires.feature`
    wanted = {Path(name).stem for name in config.getoption("features")}
    known = {_feature_of(item) for item in items} - {None}
    if wanted - known:
        raise pytest.UsageError(
            f"Aucune feature « {', '.join(sorted(wanted - known))} » ; au choix : "
            f"{', '.join(sorted(known))}."
        )
    kept = [item for item in items if _feature_of(item) in wanted]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def unknown_step_message(feature: Feature, scenario: Scenario, step: Step) -> str:
    """What QA reads when a step of a feature has no definition."""
    lines = [
        f"Étape inconnue : « {step.keyword} {step.name} »",
        f"  dans {feature.rel_filename}, ligne {step.line_number}, scénario « {scenario.name} ».",
    ]
    near = closest(step.name, registered_steps(STEP_PACKAGE))
    if near:
        lines.append("  Étapes proches du catalogue (pvo-sandbox steps) :")
        lines += [f"    {s.keyword} {s.text}" for s in near]
    else:
        lines.append(
            "  Aucune étape proche : voir le catalogue (pvo-sandbox steps, docs/STEPS.md)."
        )
    return "\n".join(lines)


def pytest_bdd_step_func_lookup_error(
    request: pytest.FixtureRequest,
    feature: Feature,
    scenario: Scenario,
    step: Step,
    exception: Exception,
) -> None:
    request.node.stash[UNKNOWN_STEP] = unknown_step_message(feature, scenario, step)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """The failure of an unknown step is the French message, not pytest-bdd's traceback."""
    outcome = yield
    report = outcome.get_result()
    if call.excinfo is not None and call.excinfo.errisinstance(StepDefinitionNotFoundError):
        report.longrepr = item.stash.get(UNKNOWN_STEP, report.longrepr)
