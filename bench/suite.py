"""The test suite's own speed: wall time of `pytest` as `make test` runs it, and the cost of
each scenario, API-level and browser-level, read from the Cucumber JSON report.

    .venv/bin/python bench/suite.py      # writes bench/SUITE.md
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "reports" / "cucumber.json"


def scenario_costs() -> dict[str, list[tuple[str, float]]]:
    """Seconds per scenario, by kind (tag navigateur or api)."""
    costs: dict[str, list[tuple[str, float]]] = {"navigateur": [], "api": []}
    for feature in json.loads(REPORT.read_text(encoding="utf-8")):
        feature_tags = {t["name"].lstrip("@") for t in feature.get("tags", [])}
        for scenario in feature["elements"]:
            tags = feature_tags | {t["name"].lstrip("@") for t in scenario.get("tags", [])}
            kind = "navigateur" if "navigateur" in tags else "api"
            seconds = sum(step["result"].get("duration", 0) for step in scenario["steps"]) / 1e9
            costs[kind].append((f"{feature['name']} / {scenario['name']}", seconds))
    return costs


def main() -> None:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    summary = result.stdout.strip().splitlines()[-1]
    costs = scenario_costs()
    lines = [
        "# The test suite's speed",
        "",
        f"`pytest` as `make test` runs it (2 xdist workers, one Chromium per worker): "
        f"**{wall:.1f} s** wall time; {summary.strip('= ')}.",
        "",
        "| scenarios | count | total s | mean s | median s | slowest s |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, rows in costs.items():
        seconds = [s for _, s in rows]
        if seconds:
            lines.append(
                f"| {kind} | {len(seconds)} | {sum(seconds):.1f} | "
                f"{statistics.mean(seconds):.2f} | {statistics.median(seconds):.2f} | "
                f"{max(seconds):.2f} |"
            )
    browser = sum(s for _, s in costs["navigateur"])
    api = sum(s for _, s in costs["api"])
    ratio = statistics.mean(s for _, s in costs["navigateur"]) / statistics.mean(
        s for _, s in costs["api"]
    )
    lines += [
        "",
        f"Where the time goes, in worker-seconds (2 workers × {wall:.0f} s): browser "
        f"scenarios {browser:.0f} s, API scenarios {api:.0f} s, everything else (unit, "
        f"API, fuzz and browser tests, starting the fakes and Chromium) about "
        f"{max(2 * wall - browser - api, 0):.0f} s. A browser scenario costs about {ratio:.0f} "
        "API ones: page loads and rendering in Chromium, on the same two cores as the fakes.",
    ]
    slowest = sorted((row for rows in costs.values() for row in rows), key=lambda r: -r[1])[:8]
    lines += ["", "Slowest scenarios (step time, without fixture set-up):", ""]
    lines += [f"- {seconds:.2f} s: {name}" for name, seconds in slowest]
    (ROOT / "bench" / "SUITE.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    if result.returncode != 0:
        raise SystemExit(result.returncode)


if __name__ == "__main__":
    main()
