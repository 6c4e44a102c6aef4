"""The verdict as people and tools read it: text for the terminal, HTML to share, JUnit XML for
CI (a test case per rule: failure, or skipped when not observed), JSON for programs."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

from jinja2 import Environment

from harness.conformance.checks import FAILED, PASSED
from harness.conformance.rules import Judged, Verdict

MARKS = {PASSED: "✔", FAILED: "✘"}
OUTCOMES = {PASSED: "passed", FAILED: "failed"}  # for programs; anything else: not_observed
UNOBSERVED_MARK = "·"


def _mark(result: Judged) -> str:
    return MARKS.get(result.status, UNOBSERVED_MARK)


def heading(verdict: Verdict) -> str:
    since = f", journal depuis le {verdict.since:%d/%m/%Y %H:%M:%S}" if verdict.since else ""
    return f"Conformité du DMS du point de vente {verdict.dealer}{since}"


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def score_line(verdict: Verdict) -> str:
    observed, total = len(verdict.observed), len(verdict.results)
    return (
        f"Score : {len(verdict.passed)}/{observed} règles observées réussies "
        f"({_percent(verdict.score)}) ; couverture : {observed}/{total} règles observées "
        f"({_percent(verdict.coverage)})."
    )


def conclusion(verdict: Verdict) -> str:
    if verdict.failed:
        return f"Verdict : NON CONFORME ({len(verdict.failed)} règle(s) échouée(s))."
    if not verdict.observed:
        return f"Verdict : rien à juger, aucun appel du point de vente {verdict.dealer} au journal."
    return "Verdict : conforme sur les règles observées."


def as_text(verdict: Verdict) -> str:
    lines = [heading(verdict), ""]
    for result in verdict.results:
        lines.append(
            f"{_mark(result)} {result.status:<11} {result.rule.code:<24} {result.rule.title}"
        )
        lines.append(f"{'':14}{result.finding.summary}")
        lines.extend(f"{'':16}{proof.describe()}" for proof in result.finding.proofs)
    lines += ["", score_line(verdict), conclusion(verdict)]
    return "\n".join(lines) + "\n"


def as_json(verdict: Verdict) -> dict[str, Any]:
    return {
        "dealer": verdict.dealer,
        "since": verdict.since.isoformat() if verdict.since else None,
        "judged_at": verdict.judged_at.isoformat(),
        "conforms": verdict.conforms,
        "score": round(verdict.score, 4),
        "coverage": round(verdict.coverage, 4),
        "passed": len(verdict.passed),
        "observed": len(verdict.observed),
        "rules": [
            {
                "code": r.rule.code,
                "title": r.rule.title,
                "why": r.rule.why,
                "evidence": r.rule.evidence,
                "status": r.status,
                "outcome": OUTCOMES.get(r.status, "not_observed"),
                "summary": r.finding.summary,
                "calls": [
                    {
                        "fake": p.call.fake,
                        "id": p.call.id,
                        "time": p.call.time.isoformat(),
                        "method": p.call.method,
                        "path": p.call.path,
                        "status": p.call.status,
                        "note": p.note,
                    }
                    for p in r.finding.proofs
                ],
            }
            for r in verdict.results
        ],
    }


def as_json_text(verdict: Verdict) -> str:
    return json.dumps(as_json(verdict), ensure_ascii=False, indent=2) + "\n"


def as_junit(verdict: Verdict) -> str:
    suite = ElementTree.Element(
        "testsuite",
        name=f"conformite-dms-{verdict.dealer}",
        tests=str(len(verdict.results)),
        failures=str(len(verdict.failed)),
        skipped=str(len(verdict.results) - len(verdict.observed)),
        errors="0",
        timestamp=verdict.judged_at.isoformat(timespec="seconds"),
    )
    for result in verdict.results:
        case = ElementTree.SubElement(
            suite,
            "testcase",
            classname=f"conformite.{verdict.dealer}",
            name=f"{result.rule.code} {result.rule.title}",
        )
        if result.status == FAILED:
            failure = ElementTree.SubElement(case, "failure", message=result.finding.summary)
            failure.text = "\n".join(p.describe() for p in result.finding.proofs)
        elif result.status != PASSED:
            ElementTree.SubElement(case, "skipped", message=result.finding.summary)
        else:
            ElementTree.SubElement(case, "system-out").text = result.finding.summary
    ElementTree.indent(suite)
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


_HTML = Environment(autoescape=True).from_string(
    """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>{{ heading }}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .5rem; text-align: left; vertical-align: top; }
.réussi { color: #176b2c; } .échoué { color: #b00020; font-weight: bold; }
.non-observé { color: #777; } code, li { font-family: ui-monospace, monospace; font-size: .9em; }
.why { color: #555; font-size: .9em; }
</style></head><body>
<h1>{{ heading }}</h1>
<p><strong>{{ score }}</strong><br>{{ conclusion }}</p>
<table>
<thead><tr><th>Règle</th><th>Résultat</th><th>Constat et preuves</th></tr></thead>
<tbody>
{% for r in results %}<tr>
<td><code>{{ r.rule.code }}</code><br>{{ r.rule.title }}
<br><span class="why">{{ r.rule.why }}</span>
<br><span class="why">Preuve : {{ r.rule.evidence }}</span></td>
<td class="{{ r.status | replace(' ', '-') }}">{{ mark(r) }} {{ r.status }}</td>
<td>{{ r.finding.summary }}{% if r.finding.proofs %}<ul>{% for p in r.finding.proofs %}
<li>{{ p.describe() }}</li>{% endfor %}</ul>{% endif %}</td>
</tr>
{% endfor %}</tbody></table>
</body></html>
"""
)


def as_html(verdict: Verdict) -> str:
    return _HTML.render(
        heading=heading(verdict),
        score=score_line(verdict),
        conclusion=conclusion(verdict),
        results=verdict.results,
        mark=_mark,
    )
