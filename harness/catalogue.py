"""The step catalogue: every Gherkin step QA can write, read from the step definitions.

Generated from the code (pytest-bdd's registry of step functions), so it is never out of date.
"""

from __future__ import annotations

import difflib
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path

KEYWORDS = {"given": "Soit", "when": "Quand", "then": "Alors", None: "*"}
ORDER = ["given", "when", "then", None]


@dataclass(frozen=True)
class StepEntry:
    keyword: str
    text: str
    help: str
    module: str


def load_steps(step_dir: Path) -> list[StepEntry]:
    """Import the step modules of a folder (a package, e.g. step_defs/) and list their steps.

    Steps live in `conftest.py` and helper modules; the collector `test_*.py` only binds features.
    """
    root = str(step_dir.resolve().parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    for path in sorted(step_dir.glob("*.py")):
        if path.stem != "__init__" and not path.stem.startswith("test_"):  # tests bind scenarios
            importlib.import_module(f"{step_dir.name}.{path.stem}")
    return registered_steps(step_dir.name)


def registered_steps(package: str) -> list[StepEntry]:
    """The steps already imported from `package`, from pytest-bdd's registry, in catalogue order."""
    from pytest_bdd.steps import step_function_context_registry

    ours = [
        c
        for c in step_function_context_registry.values()
        if c.step_func.__module__.startswith(f"{package}.")
    ]
    contexts = sorted(ours, key=lambda c: (ORDER.index(c.type), c.parser.name))
    return [
        StepEntry(
            KEYWORDS[c.type],
            c.parser.name,
            (c.step_func.__doc__ or "").strip().splitlines()[0] if c.step_func.__doc__ else "",
            c.step_func.__module__,
        )
        for c in contexts
    ]


def closest(text: str, steps: list[StepEntry], count: int = 3) -> list[StepEntry]:
    """The catalogue's steps nearest to a text nobody defined (difflib's ratio), best first."""
    by_text = {step.text: step for step in steps}
    return [by_text[t] for t in difflib.get_close_matches(text, by_text, n=count, cutoff=0.4)]


def as_markdown(steps: list[StepEntry]) -> str:
    lines = ["| mot-clé | étape | aide | module |", "| --- | --- | --- | --- |"]
    lines += [f"| {s.keyword} | `{s.text}` | {s.help} | {s.module} |" for s in steps]
    return "\n".join(lines) + "\n"


def as_text(steps: list[StepEntry]) -> str:
    return (
        "\n".join(f"{s.keyword:<6} {s.text}" + (f"    # {s.help}" if s.help else "") for s in steps)
        + "\n"
    )
